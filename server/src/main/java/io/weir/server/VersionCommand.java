package io.weir.server;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code weir version}: prints {@code Weir <version>}. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print Weir's version.")
final class VersionCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println("Weir " + WeirVersion.get());
    }
}

package io.weir.server;

import io.weir.metadata.config.BrokerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weir start}: runs one node in the foreground until SIGTERM or Ctrl-C, then closes it
 * cleanly and exits 0. Prints exactly one line on stdout once the node is ready; logs go to stderr.
 */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Run a node in the foreground.")
final class StartCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(StartCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "A properties file (Kafka's format).")
    private Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set one key; wins over the file. Repeatable.")
    private List<String> overrides = new ArrayList<>();

    @Option(names = {"-v", "--verbose"}, description = "Log Weir's own DEBUG lines; print stack traces of failures.")
    private boolean verbose;

    @Override
    public Integer call() throws InterruptedException {
        return run(arguments(), spec.commandLine().getOut());
    }

    /** The options as parsed. */
    StartArguments arguments() {
        return new StartArguments(Optional.ofNullable(configFile), overrides, verbose);
    }

    /**
     * Starts a node for these arguments, prints the ready line on {@code out} and blocks until the
     * node is closed. Shared by the full command-line parser and {@link Main}'s short path.
     */
    static int run(StartArguments arguments, PrintWriter out) throws InterruptedException {
        LoggingSetup.configure(arguments.verbose(), Optional.ofNullable(System.getenv(LoggingSetup.ENV_VARIABLE)));
        BrokerConfig config = BrokerConfig.load(arguments.configFile(), arguments.overrides());
        WeirNode node = new WeirNode(config);
        node.start();
        installShutdownHook(node);
        out.println(node.readyLine());
        out.flush();
        node.awaitClosed();
        return Main.EXIT_OK;
    }

    /**
     * On SIGTERM or Ctrl-C the JVM runs this hook: it closes the node (stop accepting, flush, close
     * files, release locks) and then halts with status 0, because a clean stop on request is a
     * success, while the JVM's own exit status after a signal would be 128 + the signal number. It
     * is installed only once the node has started, so a failed start keeps its own exit status.
     */
    private static void installShutdownHook(WeirNode node) {
        Thread hook = new Thread(() -> {
            try {
                node.close();
            } catch (RuntimeException e) {
                log.error("[node {}] failed to shut down cleanly", node.config().nodeId(), e);
                Runtime.getRuntime().halt(Main.EXIT_FAILURE);
            }
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(Main.EXIT_OK);
        }, "weir-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }
}

package io.weir.server;

import io.weir.metadata.config.ConfigException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code weir} command line: {@code weir start}, {@code weir config}, {@code weir version}.
 *
 * <p>Exit codes: 0 success; 2 bad arguments or configuration (one line on stderr starting with
 * {@code weir: }); 1 a failure at run time (one line; the stack trace too with {@code --verbose}).
 */
@Command(
        name = "weir",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "An event-streaming broker that speaks the Apache Kafka protocol.",
        subcommands = {StartCommand.class, ConfigCommand.class, VersionCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    @Spec
    private CommandSpec spec;

    /**
     * Netty's switch for its buffer-allocation flight-recorder events. Left on, the first buffer a
     * connection allocates registers those event types with the flight recorder (annotation proxies,
     * generated handlers), about 200 ms of CPU on the path to the first answer, although no
     * recording wants them; an explicit {@code -Dio.netty.jfr.enabled=true} turns them back on.
     */
    static final String NETTY_JFR_PROPERTY = "io.netty.jfr.enabled";

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        applyProcessDefaults();
        Charset charset = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(System.out, true, charset);
        int code = execute(args, out, new PrintWriter(System.err, true, charset));
        System.exit(code);
    }

    /** Sets the process-wide defaults above, each only where the JVM's options leave it unset. */
    static void applyProcessDefaults() {
        if (System.getProperty(NETTY_JFR_PROPERTY) == null) {
            System.setProperty(NETTY_JFR_PROPERTY, "false");
        }
    }

    /** Runs the command line with the given streams and returns the exit code, without exiting. */
    static int execute(String[] args, PrintWriter out, PrintWriter err) {
        Optional<StartArguments> start = StartArguments.parseCommon(args);
        if (start.isPresent()) {
            return executeStart(start.get(), out, err);
        }
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(Main::onBadArguments);
        commandLine.setExecutionExceptionHandler(Main::onFailure);
        return commandLine.execute(args);
    }

    /**
     * {@code weir start} with plainly spelled options, run without building the command-line
     * model (see {@link StartArguments}); failures are reported as {@link #onFailure} does.
     */
    private static int executeStart(StartArguments arguments, PrintWriter out, PrintWriter err) {
        try {
            return StartCommand.run(arguments, out);
        } catch (Exception e) {
            return reportFailure(e, err, arguments.verbose());
        }
    }

    /** {@code weir} without a command. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: start, config or version");
    }

    private static int onBadArguments(ParameterException e, String[] args) {
        String command = e.getCommandLine().getCommandSpec().qualifiedName();
        e.getCommandLine().getErr().println("weir: " + oneLine(e.getMessage())
                + " (see '" + command + " --help')");
        return EXIT_USAGE;
    }

    static int onFailure(Exception e, CommandLine commandLine, ParseResult parsed) {
        return reportFailure(e, commandLine.getErr(), verbose(parsed));
    }

    /** One line on {@code err} (and the stack trace if verbose); returns the exit code. */
    private static int reportFailure(Exception e, PrintWriter err, boolean verbose) {
        if (e instanceof ConfigException) {
            err.println("weir: " + oneLine(e.getMessage()));
            return EXIT_USAGE;
        }
        if (e instanceof StartupException) {
            err.println("weir: " + oneLine(e.getMessage()));
        } else {
            err.println("weir: unexpected failure: " + oneLine(String.valueOf(e))
                    + (verbose ? "" : " (run with --verbose for details)"));
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        return EXIT_FAILURE;
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult result = parsed; result != null; result = result.subcommand()) {
            if (result.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String message) {
        return String.valueOf(message).strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** Supplies {@code weir --version}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Weir " + WeirVersion.get()};
        }
    }
}

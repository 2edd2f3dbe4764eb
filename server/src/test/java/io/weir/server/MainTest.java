package io.weir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The command line in process: exit codes and one-line messages. */
class MainTest {

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private static void assertUsageError(Run run, String expectedLine) {
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsExactly(expectedLine);
    }

    @Test
    void versionPrintsTheVersion() {
        Run run = run("version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("Weir " + WeirVersion.get() + System.lineSeparator());
        assertThat(WeirVersion.get()).isNotEqualTo("unknown").doesNotContain("${");
        assertThat(run("--version").out()).startsWith("Weir ");
    }

    @Test
    void nettyFlightRecorderEventsAreOffUnlessAskedFor() {
        String before = System.getProperty(Main.NETTY_JFR_PROPERTY);
        try {
            System.clearProperty(Main.NETTY_JFR_PROPERTY);
            Main.applyProcessDefaults();
            assertThat(System.getProperty(Main.NETTY_JFR_PROPERTY)).isEqualTo("false");

            System.setProperty(Main.NETTY_JFR_PROPERTY, "true");
            Main.applyProcessDefaults();
            assertThat(System.getProperty(Main.NETTY_JFR_PROPERTY)).isEqualTo("true");
        } finally {
            if (before == null) {
                System.clearProperty(Main.NETTY_JFR_PROPERTY);
            } else {
                System.setProperty(Main.NETTY_JFR_PROPERTY, before);
            }
        }
    }

    @Test
    void helpExitsZero() {
        Run run = run("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("start", "config", "version");
    }

    @Test
    void configListPrintsEveryNodeKeyAndTopicKeys() {
        Run nodeKeys = run("config", "--list");
        assertThat(nodeKeys.exitCode()).isZero();
        assertThat(nodeKeys.out()).contains("log.segment.bytes", "weir.http.listener").doesNotContain("segment.ms ");
        Run topicKeys = run("config", "--list", "--topic");
        assertThat(topicKeys.out()).contains("segment.ms", "retention.ms").doesNotContain("log.segment.bytes");
        assertThat(run("config", "--markdown").out()).startsWith("# Configuration reference");
    }

    @Test
    void badConfigValueExitsTwoWithOneLine() {
        assertUsageError(run("start", "--set", "num.partitions=0"),
                "weir: Invalid value 0 for num.partitions: must be at least 1");
        assertUsageError(run("start", "--set", "log.segmnet.bytes=1"),
                "weir: Unknown configuration key 'log.segmnet.bytes' (did you mean 'log.segment.bytes'?)");
        assertUsageError(run("start", "--set", "num.partitions"),
                "weir: Invalid override 'num.partitions': expected key=value");
    }

    @Test
    void badConfigFileExitsTwoWithOneLine(@TempDir Path dir) throws Exception {
        assertUsageError(run("start", "-c", dir.resolve("nope.properties").toString()),
                "weir: Cannot read config file " + dir.resolve("nope.properties") + ": no such file");
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "log.retention.hours=soon\n");
        assertUsageError(run("start", "--config", file.toString()),
                "weir: Invalid value soon for log.retention.hours: not an integer");
    }

    @Test
    void badArgumentsExitTwoWithOneLine() {
        assertUsageError(run(), "weir: missing command: start, config or version (see 'weir --help')");
        assertUsageError(run("launch"), "weir: Unmatched argument at index 0: 'launch' (see 'weir --help')");
        assertUsageError(run("start", "--bogus"), "weir: Unknown option: '--bogus' (see 'weir start --help')");
        assertUsageError(run("start", "--config"),
                "weir: Missing required parameter for option '--config' (FILE) (see 'weir start --help')");
        assertUsageError(run("config"), "weir: give exactly one of --list or --markdown (see 'weir config --help')");
        assertUsageError(run("config", "--markdown", "--topic"), "weir: --topic goes with --list (see 'weir config --help')");
    }

    @Test
    @Timeout(30) // the start command blocks until shutdown if the node does come up
    void unusableDataDirectoryExitsOneWithOneLine(@TempDir Path dir) throws Exception {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "not a directory");
        Run run = run("start", "--set", "log.dirs=" + blocker.resolve("data"), "--set", "weir.http.listener=");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("weir: cannot create data directory " + blocker.resolve("data") + ": ");
    }

    @Test
    void unexpectedFailuresAreOneLineWithTheStackTraceOnlyWhenVerbose() {
        for (boolean verbose : new boolean[] {false, true}) {
            StringWriter err = new StringWriter();
            CommandLine commandLine = new CommandLine(new Main());
            commandLine.setErr(new PrintWriter(err, true));
            ParseResult parsed = verbose ? commandLine.parseArgs("start", "-v") : commandLine.parseArgs("start");

            int code = Main.onFailure(new IllegalStateException("boom"), commandLine, parsed);

            assertThat(code).isEqualTo(1);
            List<String> lines = err.toString().lines().toList();
            if (verbose) {
                assertThat(lines.get(0)).isEqualTo("weir: unexpected failure: java.lang.IllegalStateException: boom");
                assertThat(lines).anyMatch(line -> line.contains("\tat io.weir.server.MainTest"));
            } else {
                assertThat(lines).containsExactly("weir: unexpected failure: java.lang.IllegalStateException: boom"
                        + " (run with --verbose for details)");
            }
        }
    }
}

package io.weir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code weir start} as a real process: ready line, SIGTERM, exit codes, directory locking. */
class WeirNodeIT {
    private static final long DEADLINE_MS = 30_000;
    /** The log pattern: 2026-11-30T06:13:42.123Z INFO  [node 1] message. */
    private static final String LOG_LINE = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (INFO |WARN |ERROR) \\[.*";

    private final List<NodeProcess> started = new ArrayList<>();

    @TempDir
    Path outputDir;

    /**
     * A child JVM running {@link Main}. Its stdout and stderr go to files, read after the fact: reading
     * a process's pipes while it exits can lose the last lines.
     */
    private static final class NodeProcess {
        final Process process;
        final Path stdoutFile;
        final Path stderrFile;

        NodeProcess(Process process, Path stdoutFile, Path stderrFile) {
            this.process = process;
            this.stdoutFile = stdoutFile;
            this.stderrFile = stderrFile;
        }

        List<String> stdout() {
            return read(stdoutFile).lines().toList();
        }

        String stderr() {
            return read(stderrFile);
        }

        /** The first complete stdout line, polling until the deadline; fails if the process exits first. */
        String awaitStdoutLine() {
            return Awaitility.await("a line on stdout")
                    .atMost(Duration.ofMillis(DEADLINE_MS))
                    .pollInterval(Duration.ofMillis(20))
                    .failFast("the process exited; stderr: " + stderrFile, () -> !process.isAlive())
                    .until(() -> read(stdoutFile), text -> text.contains("\n"))
                    .lines()
                    .findFirst()
                    .orElseThrow();
        }

        int awaitExit() throws InterruptedException {
            assertThat(process.waitFor(DEADLINE_MS, TimeUnit.MILLISECONDS)).as("process exited in time").isTrue();
            return process.exitValue();
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private NodeProcess launch(String... args) throws IOException {
        int index = started.size();
        Path stdout = outputDir.resolve("node-" + index + ".out");
        Path stderr = outputDir.resolve("node-" + index + ".err");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", testClassPath(), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        // JVM notices about these variables would be extra stderr lines.
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("_JAVA_OPTIONS");
        builder.environment().remove(LoggingSetup.ENV_VARIABLE);
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        NodeProcess node = new NodeProcess(builder.start(), stdout, stderr);
        started.add(node);
        return node;
    }

    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static String[] startArgs(Path dataDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("start", "--set", "log.dirs=" + dataDir,
                "--set", "listeners=PLAINTEXT://127.0.0.1:0", "--set", "weir.http.listener="));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @AfterEach
    void killLeftovers() {
        started.forEach(node -> node.process.destroyForcibly());
    }

    @Test
    void startsPrintsOneReadyLineAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        NodeProcess node = launch(startArgs(data, "--set", "node.id=7"));

        assertThat(node.awaitStdoutLine()).matches(
                "Weir " + Pattern.quote(WeirVersion.get()) + " node 7 ready: listener PLAINTEXT://127\\.0\\.0\\.1:[1-9][0-9]*, data in "
                        + Pattern.quote(data.toString()));
        assertThat(data.resolve(".lock")).isRegularFile();

        node.process.destroy(); // SIGTERM

        assertThat(node.awaitExit()).as("exit code; stderr: %s", node.stderr()).isZero();
        assertThat(node.stdout()).as("one line on stdout").hasSize(1);
        assertThat(node.stderr()).contains("INFO  [node 7] shutting down", "INFO  [node 7] stopped")
                .doesNotContain("DEBUG");
        assertThat(node.stderr().lines())
                .allMatch(line -> line.matches(LOG_LINE));
    }

    @Test
    void verboseLogsWeirsDebugLines(@TempDir Path dir) throws Exception {
        NodeProcess node = launch(startArgs(dir, "-v"));
        assertThat(node.awaitStdoutLine()).contains(" ready: ");
        node.process.destroy();
        assertThat(node.awaitExit()).isZero();
        assertThat(node.stderr()).contains("DEBUG [node 1] locked data directory " + dir);
    }

    @Test
    void aBadValueExitsTwoWithOneLineOnStderr(@TempDir Path dir) throws Exception {
        NodeProcess node = launch(startArgs(dir, "--set", "log.segment.bytes=-5"));

        assertThat(node.awaitExit()).isEqualTo(2);
        assertThat(node.stdout()).isEmpty();
        assertThat(node.stderr().lines())
                .containsExactly("weir: Invalid value -5 for log.segment.bytes: must be at least 14");
    }

    @Test
    void aSecondNodeOnTheSameDataDirectoryFailsClearly(@TempDir Path dir) throws Exception {
        NodeProcess first = launch(startArgs(dir));
        assertThat(first.awaitStdoutLine()).contains(" ready: ");

        NodeProcess second = launch(startArgs(dir));

        assertThat(second.awaitExit()).isEqualTo(1);
        assertThat(second.stdout()).isEmpty();
        List<String> errorLines = second.stderr().lines().filter(l -> l.startsWith("weir: ")).toList();
        assertThat(errorLines).containsExactly("weir: data directory " + dir + " is in use by another process (pid "
                + first.process.pid() + ") (lock file " + dir.resolve(".lock") + ")");
        assertThat(second.stderr()).doesNotContain("Exception", "\tat ");

        first.process.destroy();
        assertThat(first.awaitExit()).isZero();
    }
}

package io.weir.it;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to completion with a deadline: stdin fed from a string, stdout and stderr captured
 * through temporary files (so a chatty process never blocks on a full pipe). A process still running
 * at the deadline is killed and the run fails with its output so far.
 *
 * <p>Thread-safety: stateless; each call owns its process.
 */
final class ExternalProcess {
    private ExternalProcess() {}

    /** What a finished process left behind. */
    record Result(int exitCode, String stdout, String stderr) {
        List<String> stdoutLines() {
            return stdout.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    static Result run(List<String> command, Optional<String> stdin, Duration timeout) {
        try {
            Path out = Files.createTempFile("weir-it-out-", ".txt");
            Path err = Files.createTempFile("weir-it-err-", ".txt");
            try {
                return runTo(command, stdin, timeout, out, err);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        }
    }

    private static Result runTo(List<String> command, Optional<String> stdin, Duration timeout, Path out, Path err)
            throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try (OutputStream input = process.getOutputStream()) {
            if (stdin.isPresent()) {
                input.write(stdin.get().getBytes(StandardCharsets.UTF_8));
            }
        }
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            process.destroyForcibly();
            throw new AssertionError("still running after " + timeout + ": " + command
                    + "\n" + new Result(-1, Files.readString(out), Files.readString(err)));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** A command line that runs {@code mainClass} in a new JVM with the given class path. */
    static List<String> java(String classPath, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** The test JVM's own class path (Surefire puts the full test class path there). */
    static String testClassPath() {
        return System.getProperty("java.class.path");
    }

    /** Whether {@code program} is an executable file on the PATH. */
    static Optional<Path> onPath(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}

package io.weir.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Weir node in its own JVM ({@code io.weir.server.Main start} on the test class path), so that a
 * test can kill it with SIGKILL and start it again on the same data folder. Its output goes to
 * files next to the data; the bootstrap address is read from the ready line.
 */
final class NodeProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("ready: listener PLAINTEXT://([0-9.]+:[0-9]+)");

    private final Process process;
    private final String bootstrapServers;

    private NodeProcess(Process process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a node on {@code dataDir} with a port chosen at run time and waits for its ready line. */
    static NodeProcess start(Path dataDir, String... settings) {
        try {
            Files.createDirectories(dataDir);
            Path out = Files.createTempFile(dataDir.getParent(), "node-out-", ".txt");
            Path err = Files.createTempFile(dataDir.getParent(), "node-err-", ".txt");
            List<String> args = new java.util.ArrayList<>(List.of("start", "--set", "log.dirs=" + dataDir,
                    "--set", "listeners=PLAINTEXT://127.0.0.1:0", "--set", "weir.http.listener="));
            for (String setting : settings) {
                args.add("--set");
                args.add(setting);
            }
            Process process = new ProcessBuilder(ExternalProcess.java(ExternalProcess.testClassPath(),
                            "io.weir.server.Main", args))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            String[] bootstrap = new String[1];
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the node exited: " + Files.readString(err));
                }
                Optional<String> address = readyAddress(out);
                address.ifPresent(a -> bootstrap[0] = a);
                return address.isPresent();
            });
            return new NodeProcess(process, bootstrap[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> readyAddress(Path out) throws IOException {
        Matcher matcher = READY.matcher(Files.readString(out));
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** SIGKILL: nothing is flushed, closed or checkpointed; the page cache keeps what was written. */
    void killNine() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}

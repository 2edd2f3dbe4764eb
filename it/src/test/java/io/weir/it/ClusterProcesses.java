package io.weir.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A cluster of Weir nodes, each a broker and a controller in its own JVM ({@code io.weir.server.Main
 * start} on the test class path), so that a test can SIGKILL, SIGSTOP and SIGCONT a node for real and
 * start it again on its data folder. Every node gets a client port and a Raft port chosen at run time
 * (all bound to port 0 together, so they differ, then released); a start that loses such a port to
 * another process is retried on new ports. Node {@code n}'s data is in {@code root/node<n>/data}, its output in {@code root/node<n>/out-*.txt}.
 *
 * <p>Thread-safety: confined to the test thread.
 */
final class ClusterProcesses implements AutoCloseable {
    private static final int START_ATTEMPTS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path root;
    private final List<String> settings;
    private final Map<Integer, Integer> clientPorts;
    private final String voters;
    private final Map<Integer, Process> processes = new TreeMap<>();
    private final Map<Integer, Path> outputs = new TreeMap<>();

    private ClusterProcesses(Path root, List<String> settings, Map<Integer, Integer> clientPorts, String voters) {
        this.root = root;
        this.settings = settings;
        this.clientPorts = clientPorts;
        this.voters = voters;
    }

    /** Starts {@code size} nodes with {@code settings} ({@code key=value}) and waits for every ready line. */
    static ClusterProcesses start(Path root, int size, String... settings) {
        for (int attempt = 1; ; attempt++) {
            List<Integer> ports = freePorts(2 * size);
            Map<Integer, Integer> clientPorts = new TreeMap<>();
            IntStream.rangeClosed(1, size).forEach(id -> clientPorts.put(id, ports.get(id - 1)));
            String voters = IntStream.rangeClosed(1, size)
                    .mapToObj(id -> id + "@127.0.0.1:" + ports.get(size + id - 1))
                    .collect(Collectors.joining(","));
            ClusterProcesses cluster = new ClusterProcesses(root.resolve("attempt-" + attempt), List.of(settings),
                    clientPorts, voters);
            try {
                clientPorts.keySet().forEach(cluster::launch);
                clientPorts.keySet().forEach(cluster::awaitReady);
                return cluster;
            } catch (RuntimeException e) {
                boolean bindFailure = cluster.anyOutputContains("Address already in use")
                        || cluster.anyOutputContains("cannot bind");
                cluster.close();
                if (!bindFailure || attempt == START_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** {@code host:port} of every node's client listener, whether running or not. */
    String bootstrapServers() {
        return clientPorts.values().stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** The ids of the nodes, 1..size. */
    List<Integer> nodeIds() {
        return List.copyOf(clientPorts.keySet());
    }

    Path dataDir(int nodeId) {
        return nodeDir(nodeId).resolve("data");
    }

    /** SIGKILL: nothing is flushed, closed or checkpointed; the page cache keeps what was written. */
    void killNine(int nodeId) throws InterruptedException {
        Process process = running(nodeId);
        process.destroyForcibly();
        process.waitFor();
        processes.remove(nodeId);
    }

    /**
     * SIGTERM (a controlled shutdown) and a wait for the node to exit. A node still running after
     * the stop deadline is a failure: it prints its threads, is killed, and this throws.
     */
    void stop(int nodeId) throws InterruptedException {
        Process process = running(nodeId);
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            signal(nodeId, "-QUIT");
            process.waitFor(2, TimeUnit.SECONDS);
            process.destroyForcibly().waitFor();
            processes.remove(nodeId);
            throw new AssertionError("node " + nodeId + " still running " + STOP_TIMEOUT
                    + " after SIGTERM:\n" + outputTail(nodeId, 40));
        }
        processes.remove(nodeId);
    }

    /** SIGSTOP: the node freezes with its sockets open, as in a long GC pause or a stalled VM. */
    void pause(int nodeId) {
        signal(nodeId, "-STOP");
    }

    /** SIGCONT: a paused node carries on where it stopped. */
    void resume(int nodeId) {
        signal(nodeId, "-CONT");
    }

    /** SIGQUIT to every running node (SIGCONT first): each JVM prints its threads to its output file. */
    void dumpThreads() {
        for (int nodeId : List.copyOf(processes.keySet())) {
            signal(nodeId, "-CONT");
            signal(nodeId, "-QUIT");
        }
        for (int nodeId : List.copyOf(processes.keySet())) {
            long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!currentOutput(nodeId).contains("JNI global refs") && System.nanoTime() < deadlineNs) {
                waitFor(processes.get(nodeId), 50);
            }
        }
    }

    /** Starts a stopped node again on its data folder and ports, and waits for its ready line. */
    void restart(int nodeId) {
        if (processes.containsKey(nodeId)) {
            throw new IllegalStateException("node " + nodeId + " is running");
        }
        launch(nodeId);
        awaitReady(nodeId);
    }

    /** SIGTERM to every running node (controlled shutdown), SIGKILL for any still running after a deadline. */
    @Override
    public void close() {
        processes.values().forEach(Process::destroy);
        for (Process process : processes.values()) {
            try {
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        processes.clear();
    }

    /**
     * Copies every node output file under {@code root} (a test's temp dir, which goes when the test
     * ends) to the same place under {@code kept}, so that a failure can be read afterwards.
     */
    static void keepOutputs(Path root, Path kept) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("out-")).toList()) {
                Path target = kept.resolve(root.relativize(file));
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The last lines of a node's output files, for failure messages. */
    String outputTail(int nodeId, int lines) {
        try (var files = Files.list(nodeDir(nodeId))) {
            StringBuilder text = new StringBuilder();
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("out-")).sorted().toList()) {
                List<String> all = Files.readAllLines(file);
                text.append("--- ").append(file).append('\n');
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> text.append(l).append('\n'));
            }
            return text.toString();
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private Process running(int nodeId) {
        return Optional.ofNullable(processes.get(nodeId))
                .orElseThrow(() -> new IllegalStateException("node " + nodeId + " is not running"));
    }

    private void signal(int nodeId, String signal) {
        long pid = running(nodeId).pid();
        ExternalProcess.Result result = ExternalProcess.run(List.of("kill", signal, Long.toString(pid)),
                Optional.empty(), Duration.ofSeconds(10));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("kill " + signal + " " + pid + " failed: " + result);
        }
    }

    private Path nodeDir(int nodeId) {
        return root.resolve("node" + nodeId);
    }

    private void launch(int nodeId) {
        try {
            Files.createDirectories(dataDir(nodeId));
            Path out = Files.createTempFile(nodeDir(nodeId), "out-", ".txt");
            List<String> args = new ArrayList<>(List.of("start",
                    "--set", "node.id=" + nodeId,
                    "--set", "log.dirs=" + dataDir(nodeId),
                    "--set", "listeners=PLAINTEXT://127.0.0.1:" + clientPorts.get(nodeId),
                    "--set", "controller.quorum.voters=" + voters,
                    "--set", "weir.http.listener="));
            for (String setting : settings) {
                args.add("--set");
                args.add(setting);
            }
            Process process = new ProcessBuilder(ExternalProcess.java(ExternalProcess.testClassPath(),
                            "io.weir.server.Main", args))
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            processes.put(nodeId, process);
            outputs.put(nodeId, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(int nodeId) {
        Process process = running(nodeId);
        long deadlineNs = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!currentOutput(nodeId).contains(" ready: listener")) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + nodeId + " exited:\n" + outputTail(nodeId, 40));
            }
            if (System.nanoTime() > deadlineNs) {
                throw new IllegalStateException("node " + nodeId + " not ready in " + READY_TIMEOUT + ":\n"
                        + outputTail(nodeId, 40));
            }
            waitFor(process, 50);
        }
    }

    private static void waitFor(Process process, long millis) {
        try {
            process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String currentOutput(int nodeId) {
        try {
            return Files.readString(outputs.get(nodeId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean anyOutputContains(String text) {
        return outputs.keySet().stream().anyMatch(id -> currentOutput(id).contains(text));
    }

    /** {@code count} distinct free ports: each socket stays bound until all are chosen. */
    private static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free port", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Only chosen, never used: nothing to lose.
                }
            }
        }
    }
}

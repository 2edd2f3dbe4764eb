package io.weir.testkit;

import io.weir.metadata.config.BrokerConfig;
import io.weir.metadata.config.Listener;
import io.weir.metadata.image.BrokerRegistration;
import io.weir.metadata.image.MetadataImage;
import io.weir.server.StartupException;
import io.weir.server.WeirNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Weir nodes running inside the test's JVM, on ports chosen at run time and in temporary data
 * folders that are deleted on {@link #close()}. Start one with {@code WeirCluster.builder().build()}
 * or let {@link WeirClusterExtension} inject it into a JUnit 5 test; point any Kafka client at
 * {@link #bootstrapServers()}.
 *
 * <p>One node is a single node (broker and controller in one, no quorum). Several nodes are
 * combined broker-and-controller nodes with node ids 1..n forming a controller quorum on loopback
 * Raft ports picked at run time (the whole start is retried on new ports if one was taken in
 * between); {@link #build()} returns once an active controller is elected and every broker is
 * registered and unfenced. Multi-node defaults suit tests: heartbeats every
 * {@value #TEST_HEARTBEAT_INTERVAL_MS} ms and a session timeout of
 * {@value #TEST_SESSION_TIMEOUT_MS} ms, overridable with {@link Builder#config}.
 *
 * <p>Thread-safety: the methods are synchronized; the nodes themselves serve clients concurrently.
 */
public final class WeirCluster implements AutoCloseable {
    static final int TEST_HEARTBEAT_INTERVAL_MS = 250;
    static final int TEST_SESSION_TIMEOUT_MS = 3000;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS = 5;

    private final Map<String, String> overrides;
    private final Map<Integer, Map<String, String>> nodeOverrides;
    private final Path root;
    private final int size;
    private final int brokerOnly;
    private final List<Optional<WeirNode>> nodes = new ArrayList<>();
    private final List<Integer> kafkaPorts = new ArrayList<>();
    private String voters = "";
    private boolean closed;

    private WeirCluster(Map<String, String> overrides, Map<Integer, Map<String, String>> nodeOverrides, Path root, int size,
            int brokerOnly) {
        this.overrides = Map.copyOf(overrides);
        Map<Integer, Map<String, String>> perNode = new LinkedHashMap<>();
        nodeOverrides.forEach((index, keys) -> perNode.put(index, Map.copyOf(keys)));
        this.nodeOverrides = Map.copyOf(perNode);
        this.root = root;
        this.size = size;
        this.brokerOnly = brokerOnly;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** host:port of every running node's first listener, comma-separated, for {@code bootstrap.servers}. */
    public synchronized String bootstrapServers() {
        requireOpen();
        return running().stream()
                .map(node -> node.boundListeners().get(0))
                .map(listener -> listener.host() + ":" + listener.port())
                .collect(Collectors.joining(","));
    }

    /** The running nodes, in node-id order. */
    public synchronized List<WeirNode> nodes() {
        return running();
    }

    /** Node {@code index} (0-based; node id {@code index + 1}), if it runs. */
    public synchronized Optional<WeirNode> node(int index) {
        return nodes.get(index);
    }

    /** The data folder of node {@code index} (0-based), which survives {@link #restart}. */
    public Path dataDir(int index) {
        return root.resolve("node-" + index);
    }

    /** The running node that runs the active controller, if one does now. */
    public synchronized Optional<WeirNode> activeController() {
        return running().stream().filter(WeirNode::isActiveController).findFirst();
    }

    /**
     * Stops node {@code index} cleanly (with controlled shutdown in a multi-node cluster) and starts
     * it again on the same data folder and, where the operating system allows, the same port.
     */
    public synchronized void restart(int index) {
        stop(index);
        start(index);
    }

    /** Stops node {@code index} cleanly: its broker hands its leaderships over first. */
    public synchronized void stop(int index) {
        requireOpen();
        nodes.get(index).ifPresent(WeirNode::close);
        nodes.set(index, Optional.empty());
    }

    /** Stops node {@code index} as a crash would: no controlled shutdown; the controller fences it later. */
    public synchronized void kill(int index) {
        requireOpen();
        nodes.get(index).ifPresent(WeirNode::closeAbruptly);
        nodes.set(index, Optional.empty());
    }

    /** Starts the stopped node {@code index} again on its data folder and port. */
    public synchronized void start(int index) {
        requireOpen();
        if (nodes.get(index).isPresent()) {
            throw new IllegalStateException("node " + (index + 1) + " is running");
        }
        nodes.set(index, Optional.of(startNode(index)));
    }

    /**
     * Waits until some node runs the active controller and every running node's metadata lists
     * every running broker unfenced. A single node is always ready.
     *
     * @throws IllegalStateException if that does not happen within a minute
     */
    public void awaitReady() {
        if (!clustered()) {
            return;
        }
        awaitCondition("an active controller and every running broker unfenced", this::isReady);
    }

    /**
     * Waits for a condition, polling every 20 ms.
     *
     * @param what what is awaited, for the failure message
     * @param condition the condition
     * @throws IllegalStateException if it does not hold within a minute
     */
    public static void awaitCondition(String what, BooleanSupplier condition) {
        long deadlineNs = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadlineNs > 0) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private synchronized boolean isReady() {
        List<WeirNode> running = running();
        if (activeController().isEmpty()) {
            return false;
        }
        for (WeirNode node : running) {
            MetadataImage image = node.clusterImage().orElseThrow();
            for (WeirNode broker : running) {
                OptionalLong epoch = broker.unfencedBrokerEpoch();
                Optional<BrokerRegistration> registration = image.cluster().broker(broker.config().nodeId());
                if (epoch.isEmpty() || registration.isEmpty() || registration.get().fenced()
                        || registration.get().brokerEpoch() != epoch.getAsLong()) {
                    return false;
                }
            }
            OptionalInt leader = node.activeControllerId();
            if (leader.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private boolean clustered() {
        return size > 1 || brokerOnly > 0;
    }

    private List<WeirNode> running() {
        return nodes.stream().flatMap(Optional::stream).toList();
    }

    private synchronized WeirCluster startAll() {
        for (int attempt = 1; ; attempt++) {
            voters = clustered() ? freeVoters(size) : "";
            try {
                for (int i = 0; i < size + brokerOnly; i++) {
                    kafkaPorts.add(0);
                    nodes.add(Optional.empty());
                    nodes.set(i, Optional.of(startNode(i)));
                }
                return this;
            } catch (StartupException e) {
                stopAll();
                if (!isBindFailure(e) || attempt == START_ATTEMPTS) {
                    throw e;
                }
                deleteRecursively(root);
            }
        }
    }

    private WeirNode startNode(int index) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("node.id", Integer.toString(index + 1));
        config.put("log.dirs", dataDir(index).toString());
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + kafkaPorts.get(index));
        config.put("weir.http.listener", "");
        if (index >= size) {
            config.put("process.roles", "broker");
        }
        if (clustered()) {
            config.put("controller.quorum.voters", voters);
            config.put("broker.heartbeat.interval.ms", Integer.toString(TEST_HEARTBEAT_INTERVAL_MS));
            config.put("broker.session.timeout.ms", Integer.toString(TEST_SESSION_TIMEOUT_MS));
        }
        config.putAll(overrides);
        config.putAll(nodeOverrides.getOrDefault(index, Map.of()));
        WeirNode node = new WeirNode(BrokerConfig.parse(config));
        node.start();
        kafkaPorts.set(index, node.boundListeners().get(0).port());
        return node;
    }

    /** Voters on distinct free ports: each socket stays bound until all are chosen. */
    private static String freeVoters(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return IntStream.rangeClosed(1, count)
                    .mapToObj(id -> id + "@127.0.0.1:" + sockets.get(id - 1).getLocalPort())
                    .collect(Collectors.joining(","));
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

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    /** Stops every node (without controlled shutdown: the whole cluster goes) and deletes the data folders. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = stopAll();
        deleteRecursively(root);
        if (failure != null) {
            throw failure;
        }
    }

    private RuntimeException stopAll() {
        RuntimeException failure = null;
        for (Optional<WeirNode> node : nodes) {
            try {
                node.ifPresent(WeirNode::closeAbruptly);
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        nodes.clear();
        kafkaPorts.clear();
        return failure;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the cluster is closed");
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }

    /** How to start a cluster: node count and broker configuration overrides (Kafka property names). */
    public static final class Builder {
        private int nodes = 1;
        private int brokerOnlyNodes;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private final Map<Integer, Map<String, String>> nodeOverrides = new LinkedHashMap<>();

        private Builder() {}

        /** Number of nodes: 1 for a single node, more for a cluster of combined nodes with a controller quorum. */
        public Builder nodes(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("a cluster needs at least one node, got " + count);
            }
            this.nodes = count;
            return this;
        }

        /**
         * Number of broker-only nodes ({@code process.roles=broker}) started after the combined
         * ones, outside the controller quorum: they follow the metadata by fetching it from the
         * active controller. Their indexes (and node ids minus one) follow the combined nodes'.
         */
        public Builder brokerOnlyNodes(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("broker-only node count must not be negative, got " + count);
            }
            this.brokerOnlyNodes = count;
            return this;
        }

        /** A broker configuration override, e.g. {@code config("num.partitions", "3")}. */
        public Builder config(String key, String value) {
            overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * A configuration override for the node at {@code index} only (node id {@code index + 1}),
         * applied after the {@link #config} ones, e.g. {@code nodeConfig(0, "broker.rack", "r1")}.
         */
        public Builder nodeConfig(int index, String key, String value) {
            nodeOverrides.computeIfAbsent(index, i -> new LinkedHashMap<>())
                    .put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Starts the nodes and waits until they are ready ({@link #awaitReady()}). */
        public WeirCluster build() {
            Path root;
            try {
                root = Files.createTempDirectory("weir-cluster-");
            } catch (IOException e) {
                throw new UncheckedIOException("could not create a temporary data folder", e);
            }
            WeirCluster cluster = new WeirCluster(overrides, nodeOverrides, root, nodes, brokerOnlyNodes);
            try {
                cluster.startAll();
                cluster.awaitReady();
                return cluster;
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
        }
    }

    @Override
    public String toString() {
        return "WeirCluster" + running().stream().map(WeirNode::boundListeners).flatMap(List::stream)
                .map(Listener::toString).toList();
    }
}

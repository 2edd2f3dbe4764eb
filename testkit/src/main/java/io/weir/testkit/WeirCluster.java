package io.weir.testkit;

import io.weir.metadata.config.BrokerConfig;
import io.weir.metadata.config.Listener;
import io.weir.server.WeirNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Weir nodes running inside the test's JVM, on ports chosen at run time and in temporary data
 * folders that are deleted on {@link #close()}. Start one with {@code WeirCluster.builder().build()}
 * or let {@link WeirClusterExtension} inject it into a JUnit 5 test; point any Kafka client at
 * {@link #bootstrapServers()}.
 *
 * <p>Today a cluster has one node (broker and controller in one); more need the controller quorum,
 * and the builder says so rather than pretending.
 *
 * <p>Thread-safety: the methods are synchronized; the nodes themselves serve clients concurrently.
 */
public final class WeirCluster implements AutoCloseable {
    private final Map<String, String> overrides;
    private final Path root;
    private final List<WeirNode> nodes = new ArrayList<>();
    private boolean closed;

    private WeirCluster(Map<String, String> overrides, Path root) {
        this.overrides = Map.copyOf(overrides);
        this.root = root;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** host:port of every node's first listener, comma-separated, for {@code bootstrap.servers}. */
    public synchronized String bootstrapServers() {
        requireOpen();
        return nodes.stream()
                .map(node -> node.boundListeners().get(0))
                .map(listener -> listener.host() + ":" + listener.port())
                .collect(Collectors.joining(","));
    }

    /** The running nodes, in node-id order. */
    public synchronized List<WeirNode> nodes() {
        return List.copyOf(nodes);
    }

    /** The data folder of node {@code index} (0-based), which survives {@link #restart}. */
    public Path dataDir(int index) {
        return root.resolve("node-" + index);
    }

    /**
     * Stops node {@code index} cleanly and starts it again on the same data folder and, where the
     * operating system allows, the same port; clients reconnect as they would to a restarted broker.
     */
    public synchronized void restart(int index) {
        requireOpen();
        WeirNode old = nodes.get(index);
        int port = old.boundListeners().get(0).port();
        old.close();
        nodes.set(index, startNode(index, port));
    }

    private synchronized WeirCluster start(int count) {
        for (int i = 0; i < count; i++) {
            nodes.add(startNode(i, 0));
        }
        return this;
    }

    private WeirNode startNode(int index, int port) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("node.id", Integer.toString(index + 1));
        config.put("log.dirs", dataDir(index).toString());
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.put("weir.http.listener", "");
        config.putAll(overrides);
        WeirNode node = new WeirNode(BrokerConfig.parse(config));
        node.start();
        return node;
    }

    /** Stops every node and deletes the data folders. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (WeirNode node : nodes) {
            try {
                node.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        nodes.clear();
        deleteRecursively(root);
        if (failure != null) {
            throw failure;
        }
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
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder() {}

        /** Number of nodes; only 1 is possible until the controller quorum exists. */
        public Builder nodes(int count) {
            if (count != 1) {
                throw new UnsupportedOperationException(
                        "a WeirCluster of " + count + " nodes needs the controller quorum, which Weir does not have yet");
            }
            this.nodes = count;
            return this;
        }

        /** A broker configuration override, e.g. {@code config("num.partitions", "3")}. */
        public Builder config(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        /** Starts the nodes; each prints nothing and logs as the test's logging is configured. */
        public WeirCluster build() {
            Path root;
            try {
                root = Files.createTempDirectory("weir-cluster-");
            } catch (IOException e) {
                throw new UncheckedIOException("could not create a temporary data folder", e);
            }
            WeirCluster cluster = new WeirCluster(overrides, root);
            try {
                return cluster.start(nodes);
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
        }
    }

    @Override
    public String toString() {
        return "WeirCluster" + nodes.stream().map(WeirNode::boundListeners).flatMap(List::stream)
                .map(Listener::toString).toList();
    }
}

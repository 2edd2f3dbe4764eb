package io.weir.broker;

import io.weir.metadata.Uuid;
import io.weir.metadata.config.BrokerConfig;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.metadata.record.ConfigRecord;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.record.PartitionRecord;
import io.weir.metadata.record.ResourceType;
import io.weir.metadata.record.TopicRecord;
import io.weir.metadata.store.LocalMetadataStore;
import io.weir.storage.LogSlice;
import io.weir.storage.PartitionLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Three (or more) brokers in one JVM sharing one {@link LocalMetadataStore}, each with its own log
 * directory, node id, scheduler and listener on a port chosen at bind time. A broker can be closed
 * and started again on the same directory. Topics are created by committing records, and leaders
 * are changed by committing partition changes (what the controller does in a real cluster).
 */
final class ReplicatedCluster implements AutoCloseable {
    static final long LAG_TIME_MS = 1500;
    private final String clusterId = Uuid.random().toString();

    private final Path root;
    private final LocalMetadataStore store;
    private final Map<Integer, BrokerServer> brokers = new HashMap<>();
    private final Map<Integer, ScheduledExecutorService> schedulers = new HashMap<>();

    ReplicatedCluster(Path root, int brokerCount) {
        this.root = root;
        try {
            this.store = LocalMetadataStore.open(root.resolve("metadata"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int nodeId = 1; nodeId <= brokerCount; nodeId++) {
            start(nodeId);
        }
    }

    LocalMetadataStore store() {
        return store;
    }

    void start(int nodeId) {
        shareClusterId(root.resolve("node-" + nodeId), nodeId);
        BrokerConfig config = BrokerConfig.parse(Map.of("node.id", Integer.toString(nodeId), "process.roles", "broker",
                "listeners", "PLAINTEXT://127.0.0.1:0", "log.dirs", root.resolve("node-" + nodeId).toString(),
                "replica.lag.time.max.ms", Long.toString(LAG_TIME_MS), "replica.fetch.wait.max.ms", "200",
                "replica.fetch.backoff.ms", "50"));
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        BrokerServer broker = new BrokerServer(config, scheduler, Clock.systemUTC(), store);
        broker.start();
        brokers.put(nodeId, broker);
        schedulers.put(nodeId, scheduler);
    }

    /** Brokers of one cluster share its id (clients rebootstrap when brokers disagree on it). */
    private void shareClusterId(Path logDir, int nodeId) {
        try {
            Files.createDirectories(logDir);
            Path file = logDir.resolve(MetaProperties.FILE_NAME);
            if (!Files.exists(file)) {
                Files.writeString(file, "version=1\ncluster.id=" + clusterId + "\nnode.id=" + nodeId + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stop(int nodeId) {
        brokers.remove(nodeId).close();
        schedulers.remove(nodeId).shutdownNow();
    }

    BrokerServer broker(int nodeId) {
        return brokers.get(nodeId);
    }

    String bootstrapServers() {
        return brokers.values().stream().map(b -> "127.0.0.1:" + b.boundListeners().get(0).port()).collect(Collectors.joining(","));
    }

    /** Creates {@code topic} with one partition led by the first of {@code replicas}, all in sync. */
    Uuid createTopic(String topic, List<Integer> replicas, int minInsyncReplicas) {
        Uuid topicId = Uuid.random();
        List<MetadataRecord> records = new ArrayList<>();
        records.add(new TopicRecord(topic, topicId));
        records.add(new ConfigRecord(ResourceType.TOPIC, topic, "min.insync.replicas", Optional.of(Integer.toString(minInsyncReplicas))));
        records.add(new PartitionRecord(topicId, 0, replicas, replicas, replicas.get(0), 0, 0));
        store.commit(records);
        return topicId;
    }

    PartitionRegistration registration(String topic) {
        return store.image().topics().getTopic(topic).flatMap(t -> t.partition(0)).orElseThrow();
    }

    PartitionLog log(int nodeId, String topic) {
        return brokers.get(nodeId).logManager().getLog(topic, 0).orElseThrow();
    }

    /** Every batch of the log from its start to its end, as stored. */
    static ByteBuffer bytes(PartitionLog log) {
        try (LogSlice slice = log.read(log.logStartOffset(), Integer.MAX_VALUE, log.logEndOffset(), true).slice()) {
            return slice.isEmpty() ? ByteBuffer.allocate(0) : slice.readFully();
        }
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes (then fails with {@code what}). */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        awaitValue(what, timeout, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty());
    }

    static <T> T awaitValue(String what, Duration timeout, Supplier<Optional<T>> probe) {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadlineNs) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    @Override
    public void close() {
        new ArrayList<>(brokers.keySet()).forEach(this::stop);
        try {
            store.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

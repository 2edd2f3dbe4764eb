package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.testkit.WeirCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log compaction seen by real clients: a consumer reading while the cleaner rewrites the segments
 * under it still ends with every key's latest value, and a node killed with SIGKILL while it cleans
 * loses no acknowledged update.
 */
class CompactionIT {
    private static final String PADDING = "x".repeat(400);

    @TempDir
    Path tmp;

    @Test
    void aConsumerReadingWhileTheCleanerRewritesSegmentsEndsWithEveryKeysLatestValue() throws Exception {
        String topic = "compacted-live";
        try (WeirCluster cluster = WeirCluster.builder().config("log.cleaner.backoff.ms", "100").build()) {
            String bootstrap = cluster.bootstrapServers();
            Path partitionDir = cluster.dataDir(0).resolve(topic + "-0");
            // Held back by a compaction lag until the consumer has started.
            Map<String, String> configs = new HashMap<>(compactFast(1024 * 1024));
            configs.put("min.compaction.lag.ms", "3600000");
            Clients.createTopic(bootstrap, topic, 1, configs);
            Map<String, String> latest = new HashMap<>();
            produce(bootstrap, topic, 0, 12_000, 200, latest);
            long bytesBefore = logBytes(partitionDir);

            try (KafkaConsumer<String, String> consumer = Clients.consumer(bootstrap, Map.of(
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50,
                    ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 32 * 1024,
                    ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 32 * 1024))) {
                TopicPartition partition = new TopicPartition(topic, 0);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                Map<String, String> lastSeen = new HashMap<>();
                await().atMost(Clients.DEADLINE).until(() -> readSome(consumer, lastSeen) && !lastSeen.isEmpty());
                assertThat(logBytes(partitionDir)).as("nothing cleaned yet").isEqualTo(bytesBefore);
                assertThat(consumer.position(partition)).isLessThan(12_000);

                releaseTheCleaner(bootstrap, topic);
                produce(bootstrap, topic, 12_000, 6_000, 200, latest);
                // Keep reading, a little at a time, until the cleaner has rewritten the old segments.
                await().atMost(Clients.DEADLINE).pollInterval(Duration.ofMillis(20))
                        .until(() -> readSome(consumer, lastSeen) && logBytes(partitionDir) < bytesBefore / 2);
                long endOffset = consumer.endOffsets(List.of(partition)).get(partition);
                Clients.pollUntil(consumer, Map.of(partition, endOffset))
                        .forEach(record -> lastSeen.put(record.key(), record.value()));

                assertThat(lastSeen).isEqualTo(latest);
            }
        }
    }

    @Test
    void aKillNineWhileTheCleanerRunsLosesNoAcknowledgedUpdate() throws Exception {
        String topic = "compacted-crash";
        Path data = tmp.resolve("data");
        Path partitionDir = data.resolve(topic + "-0");
        String[] settings = {"log.cleaner.backoff.ms=100", "log.cleaner.io.max.bytes.per.second=2000000"};
        Map<String, String> latest = new HashMap<>();
        Map<String, Integer> ackedHot = new ConcurrentHashMap<>();
        int killedWhileCleaning = 0;
        for (int round = 0; round < 3; round++) {
            try (NodeProcess node = NodeProcess.start(data, settings)) {
                if (round == 0) {
                    Clients.createTopic(node.bootstrapServers(), topic, 1, compactFast(256 * 1024));
                }
                produce(node.bootstrapServers(), topic, round * 4_000, 4_000, 20, latest);
                deleteKey(node.bootstrapServers(), topic, "key-" + round, latest);
                try (InFlightUpdates inFlight = InFlightUpdates.start(node.bootstrapServers(), topic, ackedHot)) {
                    if (awaitCleaningFiles(partitionDir)) {
                        killedWhileCleaning++;
                    }
                    node.killNine(); // with updates of the hot keys in flight
                }
            }
        }

        try (NodeProcess node = NodeProcess.start(data, settings)) {
            Map<String, String> read = new HashMap<>();
            for (ConsumerRecord<String, String> record : Clients.readAll(node.bootstrapServers(), topic)) {
                read.put(record.key(), record.value());
            }
            read.values().removeIf(value -> value == null); // tombstones the cleaner has not removed yet
            latest.values().removeIf(value -> value == null);
            assertThat(ackedHot).as("hot keys with acknowledged updates").isNotEmpty();
            ackedHot.forEach((key, acked) -> assertThat(sequenceOf(read.remove(key)))
                    .as("the update of %s read back, not older than the last one acknowledged", key)
                    .isGreaterThanOrEqualTo(acked));
            assertThat(read).isEqualTo(latest);
        }
        assertThat(killedWhileCleaning).as("kills that hit a cleaning in progress").isPositive();
    }

    private static int sequenceOf(String value) {
        assertThat(value).isNotNull();
        return Integer.parseInt(value.split("-")[1]);
    }

    /**
     * Updates of a few "hot" keys sent without pause from a thread of their own, recording the
     * highest acknowledged sequence number per key, until closed (or the node dies under them).
     */
    private static final class InFlightUpdates implements AutoCloseable {
        private static final int MAX_IN_FLIGHT = 200;
        private final KafkaProducer<String, String> producer;
        private final Thread sender;
        private volatile boolean stopped;

        private InFlightUpdates(KafkaProducer<String, String> producer, String topic, Map<String, Integer> acked) {
            this.producer = producer;
            this.sender = new Thread(() -> sendUntilStopped(topic, acked), "in-flight-updates");
        }

        static InFlightUpdates start(String bootstrap, String topic, Map<String, Integer> acked) {
            InFlightUpdates updates = new InFlightUpdates(Clients.producer(bootstrap, Map.of(
                    ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000)), topic, acked);
            updates.sender.start();
            return updates;
        }

        private void sendUntilStopped(String topic, Map<String, Integer> acked) {
            Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
            int sequence = 1_000_000 + acked.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            try {
                while (!stopped) {
                    inFlight.acquire();
                    String key = "hot-" + (sequence % 5);
                    int sent = sequence++;
                    producer.send(new ProducerRecord<>(topic, key, "update-" + sent + "-" + PADDING), (metadata, e) -> {
                        inFlight.release();
                        if (e == null) {
                            acked.merge(key, sent, Math::max);
                        }
                    });
                }
            } catch (InterruptedException | RuntimeException e) {
                // closed under it, or the node is gone: what was acknowledged is recorded
            }
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            producer.close(Duration.ZERO);
            sender.join();
        }
    }

    private static void releaseTheCleaner(String bootstrap, String topic) throws Exception {
        try (Admin admin = Clients.admin(bootstrap)) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            AlterConfigOp noLag = new AlterConfigOp(new ConfigEntry("min.compaction.lag.ms", "0"), AlterConfigOp.OpType.SET);
            admin.incrementalAlterConfigs(Map.of(resource, List.of(noLag))).all()
                    .get(Clients.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Topic configs under which the cleaner compacts almost at once. */
    private static Map<String, String> compactFast(int segmentBytes) {
        return Map.of(
                "cleanup.policy", "compact",
                "segment.bytes", Integer.toString(segmentBytes),
                "min.cleanable.dirty.ratio", "0.01",
                "delete.retention.ms", "100");
    }

    /**
     * Sends {@code count} updates over {@code keys} keys (values ~400 bytes, numbered from
     * {@code first}), waits for every acknowledgement and records each key's latest value.
     */
    private static void produce(String bootstrap, String topic, int first, int count, int keys,
            Map<String, String> latest) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        Map<String, String> sent = new HashMap<>();
        try (KafkaProducer<String, String> producer =
                Clients.producer(bootstrap, Map.of(ProducerConfig.LINGER_MS_CONFIG, 5))) {
            for (int i = first; i < first + count; i++) {
                String key = "key-" + (i % keys);
                String value = "update-" + i + "-" + PADDING;
                acks.add(producer.send(new ProducerRecord<>(topic, key, value)));
                sent.put(key, value);
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }
        latest.putAll(sent);
    }

    private static void deleteKey(String bootstrap, String topic, String key, Map<String, String> latest)
            throws Exception {
        try (KafkaProducer<String, String> producer = Clients.producer(bootstrap)) {
            producer.send(new ProducerRecord<>(topic, key, null)).get();
        }
        latest.put(key, null);
    }

    /** Polls once; true so that it can sit in an Awaitility condition. */
    private static boolean readSome(KafkaConsumer<String, String> consumer, Map<String, String> lastSeen) {
        consumer.poll(Duration.ofMillis(10)).forEach(record -> lastSeen.put(record.key(), record.value()));
        return true;
    }

    /** Whether the cleaner's {@code .cleaned} or {@code .swap} files appear within a few seconds. */
    private static boolean awaitCleaningFiles(Path partitionDir) throws InterruptedException {
        long deadlineNs = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadlineNs) {
            if (fileNames(partitionDir).stream().anyMatch(name -> name.endsWith(".cleaned") || name.endsWith(".swap"))) {
                return true;
            }
            Thread.sleep(2); // look often: the files exist only while a cleaning runs
        }
        return false;
    }

    /** The bytes of the partition's live segment files ({@code .log}, not {@code .deleted} ones). */
    private static long logBytes(Path partitionDir) {
        try (Stream<Path> files = Files.list(partitionDir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".log"))
                    .mapToLong(file -> file.toFile().length())
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> fileNames(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of(); // a file renamed while listing: look again
        }
    }
}

package io.weir.broker;

import static io.weir.broker.ReplicatedCluster.await;
import static io.weir.broker.ReplicatedCluster.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.metadata.Uuid;
import io.weir.metadata.record.PartitionChangeRecord;
import io.weir.storage.LogConfig;
import io.weir.storage.PartitionLog;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three brokers in one JVM replicating over TCP, driven by the Java client: acks=all writes reach
 * every replica byte for byte, a restarted follower catches up and rejoins the ISR, a failover
 * loses no acknowledged write and the old leader truncates its unreplicated tail, and
 * min.insync.replicas is enforced.
 */
class ReplicationIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOPIC = "orders";

    @TempDir
    Path dir;

    private ReplicatedCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private KafkaProducer<String, String> producer(Map<String, Object> overrides) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 50);
        props.putAll(overrides);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.RETRY_BACKOFF_MS_CONFIG, 50);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    private static List<RecordMetadata> send(KafkaProducer<String, String> producer, String prefix, int count) throws Exception {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(producer.send(new ProducerRecord<>(TOPIC, prefix + i, prefix + "-value-" + i)));
        }
        producer.flush();
        List<RecordMetadata> acked = new ArrayList<>();
        for (Future<RecordMetadata> future : futures) {
            acked.add(future.get(60, TimeUnit.SECONDS));
        }
        return acked;
    }

    private void awaitIdenticalReplicas(List<Integer> nodes) {
        await("replicas " + nodes + " hold the same bytes", WAIT, () -> {
            ByteBuffer first = bytes(cluster.log(nodes.get(0), TOPIC));
            return nodes.stream().allMatch(n -> bytes(cluster.log(n, TOPIC)).equals(first));
        });
    }

    /** Reads the whole partition with a fresh consumer, checking that positions only move forward. */
    private List<ConsumerRecord<String, String>> consumeAll(long endOffset) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadlineNs = System.nanoTime() + WAIT.toNanos();
            while (consumer.position(partition) < endOffset && System.nanoTime() < deadlineNs) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!records.isEmpty()) {
                        assertThat(record.offset()).isGreaterThan(records.get(records.size() - 1).offset());
                    }
                    records.add(record);
                }
            }
        }
        return records;
    }

    @Test
    void acksAllWritesReachEveryReplicaByteForByte() throws Exception {
        cluster = new ReplicatedCluster(dir, 3);
        cluster.createTopic(TOPIC, List.of(1, 2, 3), 2);
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            List<RecordMetadata> acked = send(producer, "k", 10_000);
            assertThat(acked).extracting(RecordMetadata::offset).doesNotHaveDuplicates();
            PartitionLog leader = cluster.log(1, TOPIC);
            assertThat(leader.highWatermark()).isEqualTo(10_000);
            for (int node : List.of(2, 3)) {
                PartitionLog follower = cluster.log(node, TOPIC);
                assertThat(follower.logEndOffset()).as("node %d holds every acknowledged record", node).isEqualTo(10_000);
            }
        }
        awaitIdenticalReplicas(List.of(1, 2, 3));
        assertThat(cluster.registration(TOPIC).isr()).containsExactlyInAnyOrder(1, 2, 3);
        await("followers learn the high watermark", WAIT, () -> cluster.log(3, TOPIC).highWatermark() == 10_000);
    }

    @Test
    void aRestartedFollowerCatchesUpAndRejoinsTheIsr() throws Exception {
        cluster = new ReplicatedCluster(dir, 3);
        cluster.createTopic(TOPIC, List.of(1, 2, 3), 2);
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            send(producer, "before", 200);
            cluster.stop(3);
            send(producer, "while-down", 500);
            await("node 3 leaves the ISR", WAIT, () -> cluster.registration(TOPIC).isr().equals(List.of(1, 2)));
            send(producer, "after-shrink", 300);
            cluster.start(3);
            await("node 3 rejoins the ISR", WAIT, () -> cluster.registration(TOPIC).isr().contains(3));
            send(producer, "rejoined", 100);
        }
        awaitIdenticalReplicas(List.of(1, 2, 3));
        assertThat(cluster.log(3, TOPIC).logEndOffset()).isEqualTo(1100);
    }

    @Test
    void failoverLosesNoAcknowledgedWriteAndTheOldLeaderDropsItsUnreplicatedTail() throws Exception {
        cluster = new ReplicatedCluster(dir, 3);
        Uuid topicId = cluster.createTopic(TOPIC, List.of(1, 2, 3), 2);
        List<RecordMetadata> acked = new ArrayList<>();
        HighWatermarkWatcher watcher;
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            acked.addAll(send(producer, "first", 1000));
            watcher = HighWatermarkWatcher.start(consumer(), new TopicPartition(TOPIC, 0));
            cluster.stop(1);
            appendUnreplicatedTail(1000);
            cluster.store().commit(List.of(new PartitionChangeRecord(topicId, 0, OptionalInt.of(2), Optional.of(List.of(2, 3)),
                    Optional.empty())));
            acked.addAll(send(producer, "second", 1000));
            cluster.start(1);
            await("node 1 rejoins the ISR as follower", WAIT, () -> cluster.registration(TOPIC).isr().contains(1));
            acked.addAll(send(producer, "third", 500));
        }
        awaitIdenticalReplicas(List.of(1, 2, 3));
        assertThat(cluster.log(1, TOPIC).logEndOffset()).isEqualTo(2500);
        List<Long> seen = watcher.stopAndGet(2500);
        assertThat(seen).isNotEmpty();
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)).as("high watermarks seen by a consumer: %s", seen).isGreaterThanOrEqualTo(seen.get(i - 1));
        }
        List<ConsumerRecord<String, String>> consumed = consumeAll(2500);
        assertThat(consumed).extracting(ConsumerRecord::value).doesNotContain("unreplicated")
                .contains("first-value-999", "second-value-0", "third-value-499");
        assertThat(consumed).extracting(ConsumerRecord::offset)
                .containsAll(acked.stream().map(RecordMetadata::offset).toList());
    }

    /** Writes records to the stopped leader's log that no follower ever saw. */
    private void appendUnreplicatedTail(long expectedLogEnd) {
        Path partitionDir = dir.resolve("node-1").resolve(TOPIC + "-0");
        try (PartitionLog log = PartitionLog.open(partitionDir, LogConfig.defaults(), Clock.systemUTC(), 0, 0)) {
            assertThat(log.logEndOffset()).isEqualTo(expectedLogEnd);
            MemoryRecords tail = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("unreplicated".getBytes()),
                    new SimpleRecord("unreplicated".getBytes()));
            log.appendAsLeader(tail.buffer(), 0);
            assertThat(log.logEndOffset()).isEqualTo(expectedLogEnd + 2);
        }
    }

    @Test
    void acksAllFailsWithNotEnoughReplicasWhenTheIsrIsBelowMinInsync() throws Exception {
        cluster = new ReplicatedCluster(dir, 3);
        cluster.createTopic(TOPIC, List.of(1, 2, 3), 2);
        try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.RETRIES_CONFIG, 0,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false))) {
            send(producer, "ok", 10);
            cluster.stop(2);
            cluster.stop(3);
            // Dead followers at the leader's log end are in sync until the leader has more than they do.
            Future<RecordMetadata> waiting = producer.send(new ProducerRecord<>(TOPIC, "k", "appended, never replicated"));
            await("the ISR shrinks to the leader", WAIT, () -> cluster.registration(TOPIC).isr().equals(List.of(1)));
            assertThatThrownBy(() -> waiting.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(NotEnoughReplicasAfterAppendException.class);
            Future<RecordMetadata> refused = producer.send(new ProducerRecord<>(TOPIC, "k", "v"));
            assertThatThrownBy(() -> refused.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(NotEnoughReplicasException.class);
        }
        assertThat(cluster.log(1, TOPIC).logEndOffset()).as("nothing appended once refused").isEqualTo(11);
    }
}

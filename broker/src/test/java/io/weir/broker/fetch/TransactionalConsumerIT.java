package io.weir.broker.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.handler.FetchHandler;
import io.weir.broker.handler.ListOffsetsHandler;
import io.weir.broker.handler.ProduceHandler;
import io.weir.broker.network.SocketServer;
import io.weir.broker.replica.Partition;
import io.weir.broker.replica.ReplicaManager;
import io.weir.broker.testing.KafkaWire;
import io.weir.broker.testing.RawClient;
import io.weir.broker.testing.RunningServer;
import io.weir.broker.testing.StubMetadataHandler;
import io.weir.storage.LogConfig;
import io.weir.storage.LogManager;
import io.weir.storage.PartitionLog;
import io.weir.storage.TopicPartitionKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions end to end over TCP: transactional batches written with Produce, markers written
 * through {@link ReplicaManager#writeTxnMarkers} (as the transaction coordinator will), read by
 * kafka-clients' KafkaConsumer (assign and seek, no group) with isolation.level read_committed,
 * which must never see aborted or open-transaction records, and read_uncommitted, which sees all.
 */
class TransactionalConsumerIT {
    private static final String TOPIC = "payments";
    private static final TopicPartitionKey KEY = new TopicPartitionKey(TOPIC, 0);
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final int LEADER_EPOCH = 2;
    private static final int TV2 = 2;

    @TempDir
    Path dir;

    private final ExecutorService ioThreads = Executors.newFixedThreadPool(2);
    private final ExecutorService fetchExecutor = Executors.newSingleThreadExecutor();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService fetchTimer = FetchTimer.newScheduler();
    private final Uuid topicId = Uuid.randomUuid();
    private final AtomicInteger correlationId = new AtomicInteger();
    private LogManager logManager;
    private ReplicaManager replicas;
    private SocketServer server;
    private PartitionLog log;

    @BeforeEach
    void start() {
        logManager = new LogManager(List.of(dir), LogConfig.defaults(), Clock.systemUTC(), scheduler);
        logManager.startup();
        replicas = new ReplicaManager(1, logManager, ioThreads, Clock.systemUTC());
        log = replicas.becomeLeader(TOPIC, toWeir(topicId), 0, LEADER_EPOCH, LogConfig.defaults()).log();
        FetchManager fetches = new FetchManager(new ReplicaPartitions(replicas),
                FetchSessionCache.withRandomIds(FetchSessionCache.DEFAULT_MAX_SESSIONS), FetchTimer.onScheduler(fetchTimer),
                fetchExecutor, 100);
        replicas.addAppendListener(fetches::onAppend);
        StubMetadataHandler metadata = StubMetadataHandler.withTopic(TOPIC, topicId, 1, LEADER_EPOCH);
        server = RunningServer.start(RunningServer.localConfig(), metadata, new ProduceHandler(replicas),
                new FetchHandler(fetches), new ListOffsetsHandler(replicas));
        metadata.port = server.boundPort();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        ioThreads.shutdown();
        assertThat(ioThreads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        fetchExecutor.shutdownNow();
        fetchTimer.shutdownNow();
        logManager.shutdown();
        scheduler.shutdownNow();
    }

    @Test
    void readCommittedSkipsAbortedRecordsAndWaitsForOpenTransactions() {
        produce(transactional(100L, "committed", 3)); // 0..2
        produce(transactional(200L, "aborted", 3)); // 3..5
        produce(plain("plain", 2)); // 6..7
        assertThat(markers(100L, true)).isZero(); // 8
        assertThat(markers(200L, false)).isZero(); // 9
        produce(transactional(300L, "hanging", 2)); // 10..11
        produce(plain("late", 1)); // 12

        try (KafkaConsumer<String, String> committed = consumer("read_committed");
                KafkaConsumer<String, String> uncommitted = consumer("read_uncommitted")) {
            assertThat(readUntilPosition(committed, 10)).containsExactly("committed-0", "committed-1", "committed-2",
                    "plain-0", "plain-1");
            assertThat(readUntilPosition(uncommitted, 13)).containsExactly("committed-0", "committed-1", "committed-2",
                    "aborted-0", "aborted-1", "aborted-2", "plain-0", "plain-1", "hanging-0", "hanging-1", "late-0");
            assertThat(committed.endOffsets(List.of(PARTITION))).containsEntry(PARTITION, 10L);

            // The coordinator aborts the hanging transaction: its marker moves the last stable offset.
            assertThat(markers(300L, false)).isZero(); // 13
            assertThat(readUntilPosition(committed, 14)).containsExactly("late-0");
            assertThat(committed.endOffsets(List.of(PARTITION))).containsEntry(PARTITION, 14L);
        }
        assertThat(log.collectAbortedTransactions(0, 14)).hasSize(2);
    }

    /** Polls until the consumer's position reaches {@code offset}; returns the values read. */
    private static List<String> readUntilPosition(KafkaConsumer<String, String> consumer, long offset) {
        List<String> values = new ArrayList<>();
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (consumer.position(PARTITION) < offset && System.nanoTime() < deadlineNs) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                values.add(record.value());
            }
        }
        assertThat(consumer.position(PARTITION)).isEqualTo(offset);
        return values;
    }

    private KafkaConsumer<String, String> consumer(String isolationLevel) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + server.boundPort(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 128));
        consumer.assign(List.of(PARTITION));
        consumer.seek(PARTITION, 0);
        return consumer;
    }

    private short markers(long producerId, boolean commit) {
        return replicas.writeTxnMarkers(producerId, (short) 1, 0, commit, TV2, List.of(KEY)).join().get(KEY);
    }

    private void produce(ByteBuffer records) {
        ProduceRequestData request = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000);
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData().setName(TOPIC);
        topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0)
                .setRecords(MemoryRecords.readableRecords(records)));
        request.topicData().add(topic);
        int id = correlationId.incrementAndGet();
        try (RawClient client = RawClient.connect(server.boundPort())) {
            ByteBuffer bytes = client.roundTrip(KafkaWire.request(request, 9, id));
            ProduceResponseData response = (ProduceResponseData) KafkaWire.response(bytes, ApiKeys.PRODUCE, 9, id).data();
            assertThat(response.responses().iterator().next().partitionResponses().get(0).errorCode()).isZero();
        }
    }

    private static ByteBuffer transactional(long producerId, String prefix, int count) {
        return build(producerId, (short) 0, 0, true, prefix, count);
    }

    private static ByteBuffer plain(String prefix, int count) {
        return build(RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false, prefix,
                count);
    }

    private static ByteBuffer build(long producerId, short epoch, int sequence, boolean transactional, String prefix,
            int count) {
        long nowMs = System.currentTimeMillis();
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE, TimestampType.CREATE_TIME, 0L, nowMs, producerId, epoch, sequence, transactional,
                RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (int i = 0; i < count; i++) {
            builder.append(nowMs, null, (prefix + "-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build().buffer();
    }

    private static io.weir.metadata.Uuid toWeir(Uuid id) {
        return new io.weir.metadata.Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    /** The replica manager's partitions as the fetch code sees them. */
    private record ReplicaPartitions(ReplicaManager replicas) implements FetchablePartitions {
        @Override
        public Optional<FetchablePartition> partition(String topic, int partition) {
            return replicas.partition(new TopicPartitionKey(topic, partition)).map(ReplicaPartitions::fetchable);
        }

        @Override
        public Optional<FetchablePartition> partition(io.weir.metadata.Uuid id, int partition) {
            return replicas.topicName(id).flatMap(topic -> partition(topic, partition));
        }

        private static FetchablePartition fetchable(Partition p) {
            return new FetchablePartition(p.key(), p.topicId(), p.leaderEpoch(), true, p.log());
        }
    }
}

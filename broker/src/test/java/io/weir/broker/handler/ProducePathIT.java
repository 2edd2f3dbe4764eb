package io.weir.broker.handler;

import io.weir.broker.testing.StubMetadataHandler;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.network.SocketServer;
import io.weir.broker.producer.ProducerIdManager;
import io.weir.broker.replica.ReplicaManager;
import io.weir.broker.replica.TestBatches;
import io.weir.broker.testing.RunningServer;
import io.weir.metadata.store.LocalMetadataStore;
import io.weir.storage.LogConfig;
import io.weir.storage.LogManager;
import io.weir.storage.PartitionLog;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafka-clients 4.4's KafkaProducer and Admin over TCP against the produce-side handlers: an
 * idempotent producer (InitProducerId, then Produce) with acks=all and every compression codec,
 * plain producers with acks 0 and 1, then ListOffsets and DeleteRecords through Admin. The
 * stored bytes are checked by reading the partition log directly.
 */
class ProducePathIT {
    private static final String TOPIC = "orders";
    private static final int LEADER_EPOCH = 4;

    @TempDir
    Path dir;

    private final ExecutorService ioThreads = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Uuid topicId = Uuid.randomUuid();
    private LogManager logManager;
    private LocalMetadataStore store;
    private SocketServer server;
    private PartitionLog log;

    @BeforeEach
    void start() throws Exception {
        logManager = new LogManager(List.of(dir.resolve("logs")), LogConfig.defaults(), Clock.systemUTC(), scheduler);
        logManager.startup();
        store = LocalMetadataStore.open(dir.resolve("metadata"));
        ReplicaManager replicas = new ReplicaManager(1, logManager, ioThreads, Clock.systemUTC());
        log = replicas.becomeLeader(TOPIC, ProduceHandler.toWeir(topicId), 0, LEADER_EPOCH, LogConfig.defaults()).log();
        StubMetadataHandler metadata = StubMetadataHandler.withTopic(TOPIC, topicId, 1, LEADER_EPOCH);
        server = RunningServer.start(RunningServer.localConfig(), metadata, new ProduceHandler(replicas),
                new InitProducerIdHandler(new ProducerIdManager(1, store, ioThreads), new io.weir.broker.txn.TxnTestKit().coordinator), new ListOffsetsHandler(replicas),
                new DeleteRecordsHandler(replicas), new OffsetForLeaderEpochHandler(replicas));
        metadata.port = server.boundPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        ioThreads.shutdown();
        assertThat(ioThreads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        logManager.shutdown();
        store.close();
        scheduler.shutdownNow();
    }

    @Test
    void producersWithEveryAcksAndCodecThenListOffsetsAndDeleteRecords() throws Exception {
        List<String> expected = new ArrayList<>();
        for (String codec : List.of("none", "gzip", "snappy", "lz4", "zstd")) {
            expected.addAll(produce(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.COMPRESSION_TYPE_CONFIG, codec), codec));
        }
        expected.addAll(produce(Map.of(ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false), "acks1"));
        expected.addAll(produce(Map.of(ProducerConfig.ACKS_CONFIG, "0", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false), "acks0"));
        awaitLogEnd(expected.size());

        assertThat(TestBatches.values(log)).containsExactlyElementsOf(expected);
        List<RecordBatch> batches = TestBatches.batches(log);
        assertThat(batches).extracting(RecordBatch::compressionType)
                .contains(CompressionType.NONE, CompressionType.GZIP, CompressionType.SNAPPY, CompressionType.LZ4, CompressionType.ZSTD);
        assertThat(batches).allMatch(batch -> batch.partitionLeaderEpoch() == LEADER_EPOCH);
        assertThat(batches.get(0).producerId()).isNotNegative();
        assertThat(batches.get(batches.size() - 1).producerId()).isEqualTo(RecordBatch.NO_PRODUCER_ID);

        listOffsetsAndDeleteRecords(expected.size());
    }

    private List<String> produce(Map<String, Object> overrides, String prefix) throws Exception {
        Map<String, Object> config = new java.util.HashMap<>(overrides);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + server.boundPort());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        List<String> values = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String value = prefix + "-" + i + "-" + "payload ".repeat(10);
                values.add(value);
                sent.add(producer.send(new ProducerRecord<>(TOPIC, 0, System.currentTimeMillis(), "k" + i, value)));
            }
            producer.flush();
            for (Future<RecordMetadata> future : sent) {
                RecordMetadata metadata = future.get(20, TimeUnit.SECONDS);
                assertThat(metadata.partition()).isZero();
            }
        }
        return values;
    }

    private void awaitLogEnd(long offset) throws InterruptedException {
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (log.highWatermark() < offset && System.nanoTime() < deadlineNs) {
            Thread.sleep(5); // polling with a deadline, not a fixed wait
        }
        assertThat(log.highWatermark()).isEqualTo(offset);
    }

    private void listOffsetsAndDeleteRecords(long count) throws Exception {
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + server.boundPort(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        try (Admin admin = Admin.create(config)) {
            assertThat(offset(admin, partition, OffsetSpec.earliest()).offset()).isZero();
            ListOffsetsResultInfo latest = offset(admin, partition, OffsetSpec.latest());
            assertThat(latest.offset()).isEqualTo(count);
            assertThat(latest.leaderEpoch()).contains(LEADER_EPOCH);
            ListOffsetsResultInfo max = offset(admin, partition, OffsetSpec.maxTimestamp());
            assertThat(max.offset()).isBetween(0L, count - 1);
            assertThat(max.timestamp()).isPositive();

            long lowWatermark = admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(30)))
                    .lowWatermarks().get(partition).get(20, TimeUnit.SECONDS).lowWatermark();
            assertThat(lowWatermark).isEqualTo(30);
            assertThat(log.logStartOffset()).isEqualTo(30);
            assertThat(offset(admin, partition, OffsetSpec.earliest()).offset()).isEqualTo(30);
        }
    }

    private static ListOffsetsResultInfo offset(Admin admin, TopicPartition partition, OffsetSpec spec) throws Exception {
        return admin.listOffsets(Map.of(partition, spec)).partitionResult(partition).get(20, TimeUnit.SECONDS);
    }
}

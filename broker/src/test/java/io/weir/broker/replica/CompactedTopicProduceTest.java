package io.weir.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.Uuid;
import io.weir.storage.CleanupPolicy;
import io.weir.storage.LogConfig;
import io.weir.storage.LogManager;
import io.weir.storage.TopicPartitionKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Produce to a topic whose cleanup.policy includes compact: every record needs a key, as in Kafka. */
class CompactedTopicProduceTest {
    private static final long NOW_MS = 1_700_000_000_000L;
    private static final TopicPartitionKey COMPACTED = new TopicPartitionKey("state", 0);
    private static final TopicPartitionKey PLAIN = new TopicPartitionKey("events", 0);

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW_MS), ZoneOffset.UTC);
    private final ExecutorService ioThreads = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private LogManager logManager;
    private ReplicaManager replicas;

    @BeforeEach
    void start() {
        logManager = new LogManager(List.of(dir), LogConfig.defaults(), clock, scheduler);
        logManager.startup();
        replicas = new ReplicaManager(1, logManager, ioThreads, clock);
        replicas.becomeLeader("state", Uuid.random(), 0, 0,
                LogConfig.defaults().withCleanupPolicy(CleanupPolicy.COMPACT_DELETE));
        replicas.becomeLeader("events", Uuid.random(), 0, 0, LogConfig.defaults());
    }

    @AfterEach
    void stop() throws InterruptedException {
        ioThreads.shutdown();
        assertThat(ioThreads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        logManager.shutdown();
        scheduler.shutdownNow();
    }

    private ProduceResult append(TopicPartitionKey key, ByteBuffer records) {
        return replicas.appendRecords(Map.of(key, records), true).join().get(key);
    }

    /** One batch; a null key is a record without a key. */
    private static ByteBuffer batch(Compression compression, String... keys) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(4096), compression,
                TimestampType.CREATE_TIME, 0L);
        for (String key : keys) {
            builder.append(NOW_MS, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                    "value".getBytes(StandardCharsets.UTF_8));
        }
        return builder.build().buffer();
    }

    @Test
    void aRecordWithoutKeyIsInvalidInACompactedTopic() {
        ProduceResult keyless = append(COMPACTED, batch(Compression.NONE, "a", null));
        ProduceResult compressedKeyless = append(COMPACTED, batch(Compression.lz4().build(), (String) null));

        assertThat(keyless.errorCode()).isEqualTo(PartitionError.INVALID_RECORD.code());
        assertThat(compressedKeyless.errorCode()).isEqualTo(PartitionError.INVALID_RECORD.code());
        assertThat(replicas.partition(COMPACTED).orElseThrow().log().logEndOffset()).isZero();
    }

    @Test
    void keyedRecordsAreAcceptedAndKeylessOnesElsewhere() {
        assertThat(append(COMPACTED, batch(Compression.gzip().build(), "a", "b")).errorCode()).isZero();
        assertThat(append(PLAIN, batch(Compression.NONE, (String) null)).errorCode()).isZero();
    }
}

package io.weir.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.metadata.Uuid;
import io.weir.storage.LogConfig;
import io.weir.storage.LogManager;
import io.weir.storage.PartitionLog;
import io.weir.storage.TimestampType;
import io.weir.storage.TopicPartitionKey;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaManagerTest {
    private static final long NOW_MS = 1_700_000_000_000L;
    private static final TopicPartitionKey ORDERS_0 = new TopicPartitionKey("orders", 0);
    private static final TopicPartitionKey ORDERS_1 = new TopicPartitionKey("orders", 1);

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW_MS), ZoneOffset.UTC);
    private final ExecutorService ioThreads = Executors.newFixedThreadPool(4);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Uuid ordersId = Uuid.random();
    private LogManager logManager;
    private ReplicaManager replicas;

    @BeforeEach
    void start() {
        logManager = new LogManager(List.of(dir), LogConfig.defaults(), clock, scheduler);
        logManager.startup();
        replicas = new ReplicaManager(1, logManager, ioThreads, clock);
        replicas.becomeLeader("orders", ordersId, 0, 0, LogConfig.defaults());
        replicas.becomeLeader("orders", ordersId, 1, 0, LogConfig.defaults());
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

    private PartitionLog log(TopicPartitionKey key) {
        return replicas.partition(key).orElseThrow().log();
    }

    @Test
    void appendAssignsOffsetsMovesTheHighWatermarkAndWakesListeners() {
        List<TopicPartitionKey> woken = new CopyOnWriteArrayList<>();
        replicas.addAppendListener(woken::add);

        ProduceResult first = append(ORDERS_0, TestBatches.batch(NOW_MS, "a", "b"));
        ProduceResult second = append(ORDERS_0, TestBatches.batch(NOW_MS, "c"));

        assertThat(first.errorCode()).isZero();
        assertThat(first.baseOffset()).isZero();
        assertThat(first.logAppendTimeMs()).isEqualTo(-1);
        assertThat(first.logStartOffset()).isZero();
        assertThat(second.baseOffset()).isEqualTo(2);
        assertThat(log(ORDERS_0).highWatermark()).isEqualTo(3);
        assertThat(TestBatches.values(log(ORDERS_0))).containsExactly("a", "b", "c");
        assertThat(woken).containsExactly(ORDERS_0, ORDERS_0);
    }

    @Test
    void oneFailingPartitionDoesNotFailTheOthers() {
        TopicPartitionKey unknown = new TopicPartitionKey("nope", 0);
        Map<TopicPartitionKey, ByteBuffer> request = new LinkedHashMap<>();
        request.put(unknown, TestBatches.batch(NOW_MS, "x"));
        request.put(ORDERS_0, TestBatches.batch(NOW_MS, "a"));
        request.put(ORDERS_1, ByteBuffer.wrap(new byte[] {1, 2, 3}));

        Map<TopicPartitionKey, ProduceResult> results = replicas.appendRecords(request, true).join();

        assertThat(results.get(unknown).errorCode()).isEqualTo(PartitionError.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(results.get(ORDERS_0).errorCode()).isZero();
        assertThat(results.get(ORDERS_1).errorCode()).isEqualTo(PartitionError.INVALID_RECORD.code());
        assertThat(results.get(ORDERS_1).baseOffset()).isEqualTo(-1);
    }

    @Test
    void createTimeOutsideTheBoundsIsInvalidTimestamp() {
        replicas.becomeLeader("orders", ordersId, 0, 0, LogConfig.defaults(), new TimestampLimits(60_000, 60_000));

        ProduceResult future = append(ORDERS_0, TestBatches.batch(NOW_MS + 60_001, "late"));
        ProduceResult past = append(ORDERS_0, TestBatches.batch(NOW_MS - 60_001, "early"));
        ProduceResult edge = append(ORDERS_0, TestBatches.batch(NOW_MS - 60_000, "ok"));

        assertThat(future.errorCode()).isEqualTo(PartitionError.INVALID_TIMESTAMP.code());
        assertThat(future.recordErrors()).singleElement().satisfies(e -> assertThat(e.batchIndex()).isZero());
        assertThat(future.errorMessage()).isPresent();
        assertThat(past.errorCode()).isEqualTo(PartitionError.INVALID_TIMESTAMP.code());
        assertThat(edge.errorCode()).isZero();
        assertThat(TestBatches.values(log(ORDERS_0))).containsExactly("ok");
    }

    @Test
    void everyRecordOfAnUncompressedBatchIsCheckedAndNamedByIndex() {
        replicas.becomeLeader("orders", ordersId, 0, 0, LogConfig.defaults(), new TimestampLimits(60_000, 60_000));

        ProduceResult middle = append(ORDERS_0, TestBatches.batchAt(Compression.NONE, NOW_MS, NOW_MS - 120_000, NOW_MS));
        ProduceResult compressedHeaderBounds = append(ORDERS_0, TestBatches.batchAt(Compression.gzip().build(), NOW_MS, NOW_MS + 120_000));

        assertThat(middle.errorCode()).isEqualTo(PartitionError.INVALID_TIMESTAMP.code());
        assertThat(middle.recordErrors()).singleElement().satisfies(e -> assertThat(e.batchIndex()).isEqualTo(1));
        assertThat(compressedHeaderBounds.errorCode()).isEqualTo(PartitionError.INVALID_TIMESTAMP.code());
        assertThat(append(ORDERS_0, TestBatches.batchAt(Compression.gzip().build(), NOW_MS, NOW_MS - 1)).errorCode()).isZero();
    }

    @Test
    void defaultBoundsRefuseMoreThanAnHourAheadOnly() {
        assertThat(append(ORDERS_0, TestBatches.batch(0L, "epoch")).errorCode()).isZero();
        assertThat(append(ORDERS_0, TestBatches.batch(NOW_MS + 3_600_001, "ahead")).errorCode())
                .isEqualTo(PartitionError.INVALID_TIMESTAMP.code());
    }

    @Test
    void logAppendTimeStampsTheBrokerTimeAndIgnoresTheBounds() {
        replicas.becomeLeader("orders", ordersId, 0, 0, LogConfig.defaults().withTimestampType(TimestampType.LOG_APPEND_TIME),
                new TimestampLimits(0, 0));

        ProduceResult result = append(ORDERS_0, TestBatches.batch(NOW_MS + 10_000_000, "a"));

        assertThat(result.errorCode()).isZero();
        assertThat(result.logAppendTimeMs()).isEqualTo(NOW_MS);
        assertThat(TestBatches.batches(log(ORDERS_0)).get(0).maxTimestamp()).isEqualTo(NOW_MS);
    }

    @Test
    void aPartitionCarriesExactlyOneBatchAndZstdNeedsVersionSeven() {
        ByteBuffer two = concat(TestBatches.batch(NOW_MS, "a"), TestBatches.batch(NOW_MS, "b"));
        ByteBuffer zstd = TestBatches.batch(Compression.zstd().build(), NOW_MS, "z");

        assertThat(append(ORDERS_0, two).errorCode()).isEqualTo(PartitionError.INVALID_RECORD.code());
        assertThat(append(ORDERS_0, ByteBuffer.allocate(0)).errorCode()).isEqualTo(PartitionError.INVALID_RECORD.code());
        assertThat(replicas.appendRecords(Map.of(ORDERS_0, zstd), false).join().get(ORDERS_0).errorCode())
                .isEqualTo(PartitionError.UNSUPPORTED_COMPRESSION_TYPE.code());
        assertThat(replicas.appendRecords(Map.of(ORDERS_0, zstd.duplicate()), true).join().get(ORDERS_0).errorCode()).isZero();
    }

    @Test
    void storageRefusalsKeepTheirErrorCodes() {
        replicas.becomeLeader("orders", ordersId, 0, 0, LogConfig.defaults().withMaxMessageBytes(100));

        ProduceResult result = append(ORDERS_0, TestBatches.batch(NOW_MS, "x".repeat(200)));

        assertThat(result.errorCode()).isEqualTo((short) 10); // MESSAGE_TOO_LARGE
        assertThat(result.errorMessage()).isEmpty();
    }

    @Test
    void appendsToOnePartitionKeepSubmissionOrderAcrossIoThreads() {
        List<CompletableFuture<Map<TopicPartitionKey, ProduceResult>>> pending = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Map<TopicPartitionKey, ByteBuffer> request = new LinkedHashMap<>();
            request.put(ORDERS_0, TestBatches.batch(NOW_MS, "v" + i));
            request.put(ORDERS_1, TestBatches.batch(NOW_MS, "w" + i));
            pending.add(replicas.appendRecords(request, true));
        }
        for (int i = 0; i < 300; i++) {
            Map<TopicPartitionKey, ProduceResult> results = pending.get(i).join();
            assertThat(results.get(ORDERS_0).baseOffset()).isEqualTo(i);
            assertThat(results.get(ORDERS_1).baseOffset()).isEqualTo(i);
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            expected.add("v" + i);
        }
        assertThat(TestBatches.values(log(ORDERS_0))).containsExactlyElementsOf(expected);
    }

    @Test
    void listOffsetsAnswersEarliestLatestMaxTimestampAndByTimestamp() {
        append(ORDERS_0, TestBatches.batch(NOW_MS - 100, "a", "b"));
        append(ORDERS_0, TestBatches.batch(NOW_MS - 50, "c"));
        append(ORDERS_0, TestBatches.batch(NOW_MS - 80, "d"));

        assertThat(lookup(-2)).isEqualTo(new OffsetLookup(-1, 0, 0));
        assertThat(lookup(-1)).isEqualTo(new OffsetLookup(-1, 4, 0));
        assertThat(lookup(-3).offset()).isEqualTo(2);
        assertThat(lookup(-3).timestampMs()).isEqualTo(NOW_MS - 50);
        assertThat(lookup(-4).offset()).isZero();
        assertThat(lookup(-5)).isEqualTo(OffsetLookup.NOT_FOUND);
        assertThat(lookup(NOW_MS - 99)).isEqualTo(new OffsetLookup(NOW_MS - 99, 1, 0));
        assertThat(lookup(NOW_MS + 1)).isEqualTo(OffsetLookup.NOT_FOUND);
    }

    @Test
    void earliestOnAnEmptyLogIsTheLogStartOffset() {
        assertThat(lookup(-2).offset()).isZero();
        assertThat(lookup(-1).offset()).isZero();
    }

    private OffsetLookup lookup(long timestampMs) {
        return replicas.listOffset(ORDERS_0, timestampMs, IsolationLevel.READ_UNCOMMITTED, Optional.empty()).join();
    }

    @Test
    void leaderEpochFencing() {
        replicas.becomeLeader("orders", ordersId, 0, 5, LogConfig.defaults());

        assertThat(error(replicas.listOffset(ORDERS_0, -1, IsolationLevel.READ_COMMITTED, Optional.of(4))))
                .isEqualTo(PartitionError.FENCED_LEADER_EPOCH);
        assertThat(error(replicas.listOffset(ORDERS_0, -1, IsolationLevel.READ_COMMITTED, Optional.of(6))))
                .isEqualTo(PartitionError.UNKNOWN_LEADER_EPOCH);
        assertThat(replicas.listOffset(ORDERS_0, -1, IsolationLevel.READ_COMMITTED, Optional.of(5)).join().leaderEpoch()).isEqualTo(5);
        assertThat(error(replicas.listOffset(new TopicPartitionKey("nope", 0), -1, IsolationLevel.READ_COMMITTED, Optional.empty())))
                .isEqualTo(PartitionError.UNKNOWN_TOPIC_OR_PARTITION);
    }

    private static PartitionError error(CompletableFuture<?> future) {
        assertThat(future).failsWithin(java.time.Duration.ofSeconds(10));
        return future.handle((ok, failure) -> ((ReplicaException) ErrorCodes.unwrap(failure)).error()).join();
    }

    @Test
    void deleteRecordsMovesTheLogStartOffsetUpToTheHighWatermark() {
        append(ORDERS_0, TestBatches.batch(NOW_MS, "a", "b", "c"));
        append(ORDERS_0, TestBatches.batch(NOW_MS, "d"));

        assertThat(replicas.deleteRecords(ORDERS_0, 2).join()).isEqualTo(2);
        assertThat(replicas.deleteRecords(ORDERS_0, 1).join()).isEqualTo(2);
        assertThat(replicas.deleteRecords(ORDERS_0, -1).join()).isEqualTo(4);
        assertThat(replicas.deleteRecords(ORDERS_0, 5)).failsWithin(java.time.Duration.ofSeconds(10))
                .withThrowableThat().withMessageContaining("high watermark");
        assertThat(error(replicas.deleteRecords(ORDERS_0, -7))).isEqualTo(PartitionError.OFFSET_OUT_OF_RANGE);
        assertThat(lookup(-2).offset()).isEqualTo(4);
    }

    @Test
    void endOffsetForEpochFollowsLeaderChanges() {
        append(ORDERS_0, TestBatches.batch(NOW_MS, "a", "b"));
        replicas.becomeLeader("orders", ordersId, 0, 3, LogConfig.defaults());
        append(ORDERS_0, TestBatches.batch(NOW_MS, "c"));

        assertThat(replicas.endOffsetForEpoch(ORDERS_0, 0, Optional.empty()).endOffset()).isEqualTo(2);
        assertThat(replicas.endOffsetForEpoch(ORDERS_0, 2, Optional.empty()).leaderEpoch()).isZero();
        assertThat(replicas.endOffsetForEpoch(ORDERS_0, 3, Optional.of(3)).endOffset()).isEqualTo(3);
        assertThatThrownBy(() -> replicas.endOffsetForEpoch(ORDERS_0, 3, Optional.of(2)))
                .isInstanceOfSatisfying(ReplicaException.class, e -> assertThat(e.error()).isEqualTo(PartitionError.FENCED_LEADER_EPOCH));
    }

    @Test
    void stopReplicaForgetsThePartitionAndCanDeleteItsLog() {
        append(ORDERS_0, TestBatches.batch(NOW_MS, "a"));
        Path partitionDir = log(ORDERS_0).dir();

        replicas.stopReplica("orders", 0, true);

        assertThat(replicas.partition(ORDERS_0)).isEmpty();
        assertThat(replicas.topicName(ordersId)).contains("orders");
        assertThat(append(ORDERS_0, TestBatches.batch(NOW_MS, "b")).errorCode()).isEqualTo(PartitionError.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(logManager.getLog("orders", 0)).isEmpty();
        assertThat(partitionDir).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p.getFileName().toString()).isNotEmpty());
        replicas.stopReplica("orders", 1, false);
        assertThat(replicas.topicName(ordersId)).isEmpty();
    }

    private static ByteBuffer concat(ByteBuffer a, ByteBuffer b) {
        ByteBuffer all = ByteBuffer.allocate(a.remaining() + b.remaining());
        all.put(a.duplicate()).put(b.duplicate());
        return all.flip();
    }
}

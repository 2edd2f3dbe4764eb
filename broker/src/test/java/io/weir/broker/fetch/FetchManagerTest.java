package io.weir.broker.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.storage.LogConfig;
import io.weir.storage.LogSlice;
import io.weir.storage.TopicPartitionKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchManagerTest {

    private static final int CONSUMER = -1;

    @TempDir
    Path dir;

    private TestPartitions partitions;
    private ManualTimer timer;
    private FetchManager manager;
    private final List<FetchResponse> answered = new ArrayList<>();

    @BeforeEach
    void setUp() {
        partitions = new TestPartitions(dir);
        partitions.create("a", 0);
        partitions.create("a", 1);
        timer = new ManualTimer();
        manager = new FetchManager(partitions, new FetchSessionCache(2, new java.util.Random(7)::nextInt), timer, Runnable::run, 10);
    }

    @AfterEach
    void tearDown() {
        answered.forEach(FetchResponse::release);
        partitions.close();
    }

    @Test
    void consumersReadUpToTheHighWatermarkAndFollowersToTheLogEnd() {
        partitions.append("a", 0, "v", 3);
        partitions.log("a", 0).appendAsLeader(MemoryRecords.withRecords(org.apache.kafka.common.compress.Compression.NONE,
                new org.apache.kafka.common.record.internal.SimpleRecord("late".getBytes())).buffer(), 0);

        FetchResponse consumer = fetchNow(request(CONSUMER, 0, 1 << 20, byName("a", 0, 0)));
        FetchResponse follower = fetchNow(request(1, 0, 1 << 20, byName("a", 0, 0)));

        assertThat(values(consumer.partitions().get(0))).containsExactly("v-0", "v-1", "v-2");
        assertThat(consumer.partitions().get(0).highWatermark()).isEqualTo(3);
        assertThat(consumer.partitions().get(0).lastStableOffset()).isEqualTo(3);
        assertThat(values(follower.partitions().get(0))).containsExactly("v-0", "v-1", "v-2", "late");
    }

    @Test
    void partitionAndResponseLimitsButAlwaysOneBatchForTheFirstPartitionWithData() {
        partitions.append("a", 0, "big", 1, 2000);
        partitions.append("a", 0, "big2", 1, 2000);
        partitions.append("a", 1, "small", 1);

        FetchResponse response = fetchNow(new FetchRequest(CONSUMER, 0, 0, 100, false, 0, -1, false,
                List.of(byName("a", 0, 0, 50), byName("a", 1, 0, 50)), List.of()));

        assertThat(values(response.partitions().get(0))).containsExactly("big-0" + "x".repeat(2000));
        assertThat(response.partitions().get(1).records().sizeInBytes()).isZero();
        assertThat(response.partitions().get(1).highWatermark()).isEqualTo(1);
    }

    @Test
    void partitionMaxBytesBoundsEachPartition() {
        for (int i = 0; i < 5; i++) {
            partitions.append("a", 0, "r" + i, 1, 100);
        }
        int oneBatch = fetchNow(request(CONSUMER, 0, 1 << 20, byName("a", 0, 0, 1))).partitions().get(0).records().sizeInBytes();

        FetchResponse response = fetchNow(request(CONSUMER, 0, 1 << 20, byName("a", 0, 0, 2 * oneBatch + 10)));

        assertThat(response.partitions().get(0).records().sizeInBytes()).isEqualTo(2 * oneBatch);
    }

    @Test
    void offsetsOutsideTheLogAreOutOfRangeAndUnknownPartitionsErr() {
        partitions.append("a", 0, "v", 2);
        FetchResponse response = fetchNow(new FetchRequest(CONSUMER, 0, 0, 1000, false, 0, -1, false,
                List.of(byName("a", 0, 3), byName("nope", 0, 0)), List.of()));
        FetchResponse byId = fetchNow(new FetchRequest(CONSUMER, 0, 0, 1000, false, 0, -1, true,
                List.of(new PartitionFetch(PartitionId.byId(io.weir.metadata.Uuid.random(), 0), 0, -1, -1, 100)), List.of()));

        assertThat(response.partitions().get(0).errorCode()).isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code());
        assertThat(response.partitions().get(0).highWatermark()).isEqualTo(2);
        assertThat(response.partitions().get(1).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(byId.partitions().get(0).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
    }

    @Test
    void fetchOffsetBetweenHighWatermarkAndLogEndIsEmptyNotAnError() {
        partitions.append("a", 0, "v", 2);
        partitions.log("a", 0).appendAsLeader(MemoryRecords.withRecords(org.apache.kafka.common.compress.Compression.NONE,
                new org.apache.kafka.common.record.internal.SimpleRecord("late".getBytes())).buffer(), 0);

        FetchResponse response = fetchNow(request(CONSUMER, 0, 1000, byName("a", 0, 3)));

        assertThat(response.partitions().get(0).errorCode()).isZero();
        assertThat(response.partitions().get(0).records().sizeInBytes()).isZero();
    }

    @Test
    void currentLeaderEpochIsFenced() {
        partitions.setLeaderEpoch("a", 0, 5);
        FetchResponse response = fetchNow(new FetchRequest(CONSUMER, 0, 0, 1000, false, 0, -1, false, List.of(
                new PartitionFetch(PartitionId.byName("a", 0), 0, 4, -1, 100),
                new PartitionFetch(PartitionId.byName("a", 0), 0, 6, -1, 100),
                new PartitionFetch(PartitionId.byName("a", 0), 0, 5, -1, 100)), List.of()));

        assertThat(response.partitions()).extracting(PartitionResult::errorCode).containsExactly(
                Errors.FENCED_LEADER_EPOCH.code(), Errors.UNKNOWN_LEADER_EPOCH.code(), Errors.NONE.code());
        assertThat(response.partitions().get(0).currentLeaderEpoch()).hasValue(5);
    }

    @Test
    void aFollowerWhoseLastEpochEndedEarlierGetsTheDivergingEpoch() {
        partitions.append("a", 0, "e0", 2);
        partitions.setLeaderEpoch("a", 0, 1);
        partitions.append("a", 0, "e1", 2);

        FetchResponse response = fetchNow(request(1, 0, 1000, new PartitionFetch(PartitionId.byName("a", 0), 3, -1, 0, 1000)));

        assertThat(response.partitions().get(0).divergingEpoch()).hasValueSatisfying(e -> {
            assertThat(e.leaderEpoch()).isZero();
            assertThat(e.endOffset()).isEqualTo(2);
        });
        assertThat(response.partitions().get(0).records().sizeInBytes()).isZero();
    }

    @Test
    void longPollIsWokenByAnAppend() {
        CompletableFuture<FetchResponse> pending = manager.fetch(request(CONSUMER, 5000, 1, byName("a", 0, 0)));
        assertThat(pending).isNotDone();
        assertThat(manager.waitingFetches()).isEqualTo(1);

        partitions.append("a", 1, "other", 1);
        manager.onAppend(new TopicPartitionKey("a", 1));
        assertThat(pending).isNotDone();

        partitions.append("a", 0, "v", 2);
        manager.onAppend(new TopicPartitionKey("a", 0));

        assertThat(pending).isDone();
        answered.add(pending.join());
        assertThat(values(pending.join().partitions().get(0))).containsExactly("v-0", "v-1");
        assertThat(manager.waitingFetches()).isZero();
        assertThat(timer.pending()).isZero();
    }

    @Test
    void aBurstOfAppendsQueuesOneReReadPerWaitingFetch() {
        java.util.ArrayDeque<Runnable> queued = new java.util.ArrayDeque<>();
        FetchManager queuing = new FetchManager(partitions, new FetchSessionCache(0, () -> 1), timer, queued::add, 10);
        CompletableFuture<FetchResponse> pending = queuing.fetch(request(CONSUMER, 5000, 1 << 20, byName("a", 0, 0)));
        assertThat(queued).as("the re-read after parking").hasSize(1);

        for (int i = 0; i < 5; i++) {
            partitions.append("a", 0, "v" + i, 1);
            queuing.onAppend(new TopicPartitionKey("a", 0));
        }
        assertThat(queued).as("one re-read covers every append before it starts").hasSize(1);

        queued.poll().run();
        assertThat(pending).isNotDone();
        partitions.append("a", 0, "w", 1);
        queuing.onAppend(new TopicPartitionKey("a", 0));
        assertThat(queued).as("an append after the re-read started queues another").hasSize(1);

        timer.fireAll();
        while (!queued.isEmpty()) {
            queued.poll().run();
        }
        assertThat(pending).isDone();
        answered.add(pending.join());
        assertThat(values(pending.join().partitions().get(0))).containsExactly("v0-0", "v1-0", "v2-0", "v3-0", "v4-0", "w-0");
    }

    @Test
    void longPollWaitsForMinBytesAndEndsAtTheTimeout() {
        partitions.append("a", 0, "v", 1);
        CompletableFuture<FetchResponse> pending = manager.fetch(request(CONSUMER, 5000, 1 << 20, byName("a", 0, 0)));
        partitions.append("a", 0, "w", 1);
        manager.onAppend(new TopicPartitionKey("a", 0));
        assertThat(pending).isNotDone();

        timer.fireAll();

        assertThat(pending).isDone();
        answered.add(pending.join());
        assertThat(values(pending.join().partitions().get(0))).containsExactly("v-0", "w-0");
        assertThat(manager.waitingFetches()).isZero();
    }

    @Test
    void withTheSchedulerTimerAndAnExecutorALongPollEndsAtItsMaxWait() throws Exception {
        java.util.concurrent.ScheduledExecutorService scheduler = FetchTimer.newScheduler();
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            FetchManager real = new FetchManager(partitions, new FetchSessionCache(0, () -> 1), FetchTimer.onScheduler(scheduler), executor, 10);
            long startNs = System.nanoTime();
            CompletableFuture<FetchResponse> pending = real.fetch(request(CONSUMER, 100, 1, byName("a", 0, 0)));

            FetchResponse response = pending.get(10, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(System.nanoTime() - startNs).isGreaterThanOrEqualTo(100_000_000L);
            assertThat(response.partitions().get(0).records().sizeInBytes()).isZero();
        } finally {
            scheduler.shutdownNow();
            executor.shutdownNow();
        }
    }

    @Test
    void theNumberOfWaitingFetchesIsBounded() {
        FetchManager small = new FetchManager(partitions, new FetchSessionCache(0, () -> 1), timer, Runnable::run, 1);
        CompletableFuture<FetchResponse> first = small.fetch(request(CONSUMER, 5000, 1, byName("a", 0, 0)));
        CompletableFuture<FetchResponse> second = small.fetch(request(CONSUMER, 5000, 1, byName("a", 0, 0)));

        assertThat(first).isNotDone();
        assertThat(second).isDone();
        timer.fireAll();
        assertThat(first).isDone();
    }

    @Test
    void anErrorAnswersAtOnceEvenWhenWaiting() {
        CompletableFuture<FetchResponse> response = manager.fetch(request(CONSUMER, 5000, 1, byName("a", 0, 99)));
        assertThat(response).isDone();
        assertThat(response.join().partitions().get(0).errorCode()).isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code());
    }

    @Test
    void aDivergingEpochAnswersAtOnceEvenWhenWaiting() {
        partitions.append("a", 0, "e0", 2);
        partitions.setLeaderEpoch("a", 0, 2);
        partitions.append("a", 0, "e2", 2);

        // The follower led epoch 1 for a moment and wrote nothing in it.
        CompletableFuture<FetchResponse> response = manager.fetch(
                request(1, 5000, 1 << 20, new PartitionFetch(PartitionId.byName("a", 0), 2, -1, 1, 1000)));

        assertThat(response).as("the follower must truncate before it can use any wait").isDone();
        answered.add(response.join());
        assertThat(response.join().partitions().get(0).divergingEpoch()).isPresent();
    }

    // ---------------------------------------------------------------- helpers

    private FetchResponse fetchNow(FetchRequest request) {
        CompletableFuture<FetchResponse> future = manager.fetch(request);
        assertThat(future).isDone();
        answered.add(future.join());
        return future.join();
    }

    static FetchRequest request(int replicaId, int maxWaitMs, int minBytes, PartitionFetch... fetches) {
        return new FetchRequest(replicaId, maxWaitMs, minBytes, Integer.MAX_VALUE, false, 0, -1, false, List.of(fetches), List.of());
    }

    static PartitionFetch byName(String topic, int partition, long offset) {
        return byName(topic, partition, offset, 1 << 20);
    }

    static PartitionFetch byName(String topic, int partition, long offset, int maxBytes) {
        return new PartitionFetch(PartitionId.byName(topic, partition), offset, -1, -1, maxBytes);
    }

    static List<String> values(PartitionResult result) {
        LogSlice slice = result.records();
        List<String> values = new ArrayList<>();
        for (RecordBatch batch : MemoryRecords.readableRecords(slice.readFully()).batches()) {
            for (Record record : batch) {
                byte[] bytes = new byte[record.valueSize()];
                record.value().get(bytes);
                values.add(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}

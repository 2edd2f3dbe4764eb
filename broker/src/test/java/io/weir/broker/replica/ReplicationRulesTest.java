package io.weir.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.Uuid;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.storage.LogConfig;
import io.weir.storage.LogManager;
import io.weir.storage.TopicPartitionKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader's replication rules through the replica manager, with followers simulated by
 * {@link ReplicaManager#recordFollowerFetch} calls: acks=all waits for the ISR, min.insync.replicas,
 * timeouts, ISR proposals, leadership loss. Appends run on the calling thread; the clock is fixed.
 */
class ReplicationRulesTest {
    private static final long NOW_MS = 1_700_000_000_000L;
    private static final TopicPartitionKey ORDERS_0 = new TopicPartitionKey("orders", 0);
    private static final short ACKS_ALL = -1;
    private static final int LONG_TIMEOUT_MS = 600_000;

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW_MS), ZoneOffset.UTC);
    private final ScheduledExecutorService scheduler = new ScheduledThreadPoolExecutor(1);
    private final Uuid ordersId = Uuid.random();
    private final List<List<Integer>> proposedIsrs = new CopyOnWriteArrayList<>();
    private final AtomicBoolean metadataCurrent = new AtomicBoolean(true);
    private LogManager logManager;
    private ReplicaManager replicas;

    @BeforeEach
    void start() {
        logManager = new LogManager(List.of(dir), LogConfig.defaults(), clock, scheduler);
        logManager.startup();
        AlterPartitionSender sender = (topicId, partition, leaderId, leaderEpoch, partitionEpoch, newIsr) -> {
            proposedIsrs.add(newIsr);
            return new CompletableFuture<PartitionRegistration>();
        };
        replicas = new ReplicaManager(1, logManager, Runnable::run, clock, scheduler, sender, 10_000, metadataCurrent::get);
    }

    @AfterEach
    void stop() {
        replicas.close();
        logManager.shutdown();
        scheduler.shutdownNow();
    }

    private Partition lead(List<Integer> isr, int partitionEpoch, int minIsr) {
        return replicas.becomeLeader("orders", ordersId, 0, new LeaderAndIsr(4, partitionEpoch, List.of(1, 2, 3), isr),
                LogConfig.defaults(), TimestampLimits.DEFAULTS, minIsr);
    }

    private CompletableFuture<ProduceResult> produce(short acks, int timeoutMs, String... values) {
        return replicas.appendRecords(Map.of(ORDERS_0, TestBatches.batch(NOW_MS, values)), true, acks, timeoutMs)
                .thenApply(results -> results.get(ORDERS_0));
    }

    @Test
    void acksAllCompletesOnlyOnceEveryIsrMemberHasTheRecords() {
        Partition partition = lead(List.of(1, 2, 3), 0, 2);
        CompletableFuture<ProduceResult> acked = produce(ACKS_ALL, LONG_TIMEOUT_MS, "a", "b");
        CompletableFuture<ProduceResult> leaderOnly = produce((short) 1, LONG_TIMEOUT_MS, "c");
        assertThat(leaderOnly).isCompleted();
        assertThat(acked).isNotCompleted();
        replicas.recordFollowerFetch(2, ORDERS_0, 4, -1, 3);
        assertThat(acked).isNotCompleted();
        replicas.recordFollowerFetch(3, ORDERS_0, 4, -1, 1);
        assertThat(partition.log().highWatermark()).isEqualTo(1);
        assertThat(acked).isNotCompleted();
        replicas.recordFollowerFetch(3, ORDERS_0, 4, -1, 2);
        assertThat(acked.join().errorCode()).isZero();
        assertThat(acked.join().baseOffset()).isZero();
        assertThat(partition.log().highWatermark()).isEqualTo(2);
    }

    @Test
    void fetchesAtAnotherLeaderEpochDoNotCount() {
        Partition partition = lead(List.of(1, 2), 0, 1);
        produce(ACKS_ALL, LONG_TIMEOUT_MS, "a");
        replicas.recordFollowerFetch(2, ORDERS_0, 3, -1, 1);
        assertThat(partition.log().highWatermark()).isZero();
        replicas.recordFollowerFetch(2, ORDERS_0, -1, -1, 1);
        assertThat(partition.log().highWatermark()).isEqualTo(1);
    }

    @Test
    void fetchesBeyondTheLogEndOrDivergingFromItAreNotRecorded() {
        Partition partition = lead(List.of(1, 2), 0, 1);
        produce(ACKS_ALL, LONG_TIMEOUT_MS, "a", "b");
        replicas.recordFollowerFetch(2, ORDERS_0, 4, -1, 5);
        assertThat(partition.log().highWatermark()).isZero();
        replicas.recordFollowerFetch(2, ORDERS_0, 4, 3, 2);
        assertThat(partition.log().highWatermark()).as("this log has nothing of epoch 3: the follower diverges").isZero();
        replicas.recordFollowerFetch(2, ORDERS_0, 4, 4, 2);
        assertThat(partition.log().highWatermark()).isEqualTo(2);
    }

    @Test
    void anIsrBelowMinInsyncRefusesAcksAllBeforeAppending() {
        Partition partition = lead(List.of(1), 0, 2);
        assertThat(produce(ACKS_ALL, LONG_TIMEOUT_MS, "a").join().errorCode()).isEqualTo(PartitionError.NOT_ENOUGH_REPLICAS.code());
        assertThat(partition.log().logEndOffset()).isZero();
        assertThat(produce((short) 1, LONG_TIMEOUT_MS, "a").join().errorCode()).isZero();
    }

    @Test
    void anIsrThatShrankBelowMinInsyncWhileWaitingFailsAfterTheAppend() {
        lead(List.of(1, 2, 3), 0, 2);
        CompletableFuture<ProduceResult> acked = produce(ACKS_ALL, LONG_TIMEOUT_MS, "a");
        replicas.recordFollowerFetch(2, ORDERS_0, 4, -1, 0);
        lead(List.of(1), 1, 2);
        assertThat(acked.join().errorCode()).isEqualTo(PartitionError.NOT_ENOUGH_REPLICAS_AFTER_APPEND.code());
    }

    @Test
    void aLeaderWhoseMetadataIsNotCurrentServesNothingUntilItIs() {
        Partition partition = lead(List.of(1), 0, 1);
        metadataCurrent.set(false);
        assertThat(produce((short) 1, LONG_TIMEOUT_MS, "a").join().errorCode())
                .isEqualTo(PartitionError.NOT_LEADER_OR_FOLLOWER.code());
        assertThat(partition.log().logEndOffset()).isZero();
        assertThat(replicas.serves(partition)).isFalse();
        metadataCurrent.set(true);
        assertThat(produce((short) 1, LONG_TIMEOUT_MS, "a").join().errorCode()).isZero();
        assertThat(replicas.serves(partition)).isTrue();
    }

    @Test
    void acksAllTimesOut() {
        lead(List.of(1, 2), 0, 1);
        assertThat(produce(ACKS_ALL, 20, "a").join().errorCode()).isEqualTo(PartitionError.REQUEST_TIMED_OUT.code());
    }

    @Test
    void losingLeadershipFailsWaitingProducesAndRefusesNewOnes() {
        lead(List.of(1, 2), 0, 1);
        CompletableFuture<ProduceResult> acked = produce(ACKS_ALL, LONG_TIMEOUT_MS, "a");
        replicas.becomeFollower("orders", ordersId, 0, 2, 5, 1, LogConfig.defaults(), TimestampLimits.DEFAULTS, 1);
        assertThat(acked.join().errorCode()).isEqualTo(PartitionError.NOT_LEADER_OR_FOLLOWER.code());
        assertThat(produce((short) 1, LONG_TIMEOUT_MS, "b").join().errorCode())
                .isEqualTo(PartitionError.NOT_LEADER_OR_FOLLOWER.code());
    }

    @Test
    void aCaughtUpFollowerIsProposedForTheIsrAndCountsAtOnce() {
        Partition partition = lead(List.of(1, 2), 0, 1);
        produce(ACKS_ALL, LONG_TIMEOUT_MS, "a", "b");
        replicas.recordFollowerFetch(2, ORDERS_0, 4, -1, 2);
        assertThat(partition.log().highWatermark()).isEqualTo(2);
        replicas.recordFollowerFetch(3, ORDERS_0, 4, -1, 2);
        assertThat(proposedIsrs).containsExactly(List.of(1, 2, 3));
        assertThat(partition.isr()).as("applied only when the metadata shows it").containsExactly(1, 2);
        CompletableFuture<ProduceResult> acked = produce(ACKS_ALL, LONG_TIMEOUT_MS, "c");
        replicas.recordFollowerFetch(2, ORDERS_0, 4, -1, 3);
        assertThat(acked).as("the pending member counts for the high watermark").isNotCompleted();
        replicas.recordFollowerFetch(3, ORDERS_0, 4, -1, 3);
        assertThat(acked.join().errorCode()).isZero();
        lead(List.of(1, 2, 3), 1, 1);
        assertThat(partition.isr()).containsExactly(1, 2, 3);
    }

    @Test
    void onlyTheFollowerThatFetchedIsProposedNotOneThatLeftTheIsrAndStoppedFetching() {
        lead(List.of(1, 2, 3), 0, 1);
        produce(ACKS_ALL, LONG_TIMEOUT_MS, "a", "b");
        replicas.recordFollowerFetch(2, ORDERS_0, 4, -1, 2);
        replicas.recordFollowerFetch(3, ORDERS_0, 4, -1, 2);
        // Node 3 shut down (the controller took it out of the ISR); node 2 had been dropped too.
        lead(List.of(1), 1, 1);
        replicas.recordFollowerFetch(2, ORDERS_0, 4, -1, 2);
        assertThat(proposedIsrs).containsExactly(List.of(1, 2));
    }

    @Test
    void aFollowerTheMetadataShowsFencedIsNotProposedUntilItIsUnfenced() {
        replicas.setIsrEligible(replica -> replica != 3);
        lead(List.of(1, 2), 0, 1);
        produce(ACKS_ALL, LONG_TIMEOUT_MS, "a", "b");
        replicas.recordFollowerFetch(2, ORDERS_0, 4, -1, 2);
        replicas.recordFollowerFetch(3, ORDERS_0, 4, -1, 2);
        assertThat(proposedIsrs).isEmpty();
        replicas.setIsrEligible(replica -> true);
        replicas.recordFollowerFetch(3, ORDERS_0, 4, -1, 2);
        assertThat(proposedIsrs).containsExactly(List.of(1, 2, 3));
    }

    @Test
    void aLaggingFollowerIsProposedOutOfTheIsrAndTheHighWatermarkMovesOnceTheMetadataShowsIt() {
        Partition partition = lead(List.of(1, 2, 3), 0, 1);
        CompletableFuture<ProduceResult> acked = produce(ACKS_ALL, LONG_TIMEOUT_MS, "a");
        replicas.recordFollowerFetch(2, ORDERS_0, 4, -1, 1);
        Clock later = Clock.offset(clock, java.time.Duration.ofMillis(10_001));
        assertThat(partition.maybeShrinkIsr(later.millis(), 10_000)).map(IsrChange::newIsr).contains(List.of(1, 2));
        assertThat(acked).isNotCompleted();
        lead(List.of(1, 2), 1, 1);
        assertThat(acked.join().errorCode()).isZero();
    }

    @Test
    void aSingleReplicaAcknowledgesAtOnce() {
        Partition partition = replicas.becomeLeader("orders", ordersId, 0, 0, LogConfig.defaults());
        CompletableFuture<ProduceResult> acked = produce(ACKS_ALL, LONG_TIMEOUT_MS, "a", "b");
        assertThat(acked).isCompleted();
        assertThat(partition.log().highWatermark()).isEqualTo(2);
    }
}

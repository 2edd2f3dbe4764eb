package io.weir.broker.replica;

import io.weir.broker.concurrent.SerialExecutor;
import io.weir.metadata.Uuid;
import io.weir.storage.EpochEndOffset;
import io.weir.storage.PartitionLog;
import io.weir.storage.TopicPartitionKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * One partition this broker hosts: its log, topic id, CreateTime bounds and the lane its log
 * operations run on, and its role: leader (with the ISR, the followers' progress and the produces
 * waiting for the high watermark) or follower. A new leader epoch or ISR is applied in place: the
 * log, the lane and this object stay.
 *
 * <p>High watermark, as leader: the smallest log end offset over the maximal ISR
 * ({@link LeaderState}), moved forward only; with this broker as the only replica it follows
 * the log end at once. As follower the replica fetcher sets it (leader's, bounded by the own log end).
 *
 * <p>Thread-safety: the role and configuration are volatile; the leader state and the waiting
 * produces are guarded by this object's monitor, which is never held while completing futures or
 * calling out.
 */
public final class Partition {
    private final int nodeId;
    private final TopicPartitionKey key;
    private final Uuid topicId;
    private final PartitionLog log;
    private final SerialExecutor lane;
    private final List<Waiter> waiters = new ArrayList<>();
    private final ConcurrentHashMap<Long, Object> verificationGuards = new ConcurrentHashMap<>();
    private volatile TimestampLimits timestampLimits;
    private volatile int minInsyncReplicas = 1;
    private volatile ReplicaRole role;

    /** A produce (or internal write) waiting for the high watermark to pass {@code requiredOffset}. */
    record Waiter(long requiredOffset, ProduceResult success, CompletableFuture<ProduceResult> future) {}

    /** A waiter and the result it is to be completed with (outside the monitor). */
    record Completion(Waiter waiter, ProduceResult result) {
        void run() {
            waiter.future().complete(result);
        }
    }

    Partition(int nodeId, TopicPartitionKey key, Uuid topicId, PartitionLog log, TimestampLimits timestampLimits, SerialExecutor lane,
            ReplicaRole role) {
        this.nodeId = nodeId;
        this.key = key;
        this.topicId = topicId;
        this.log = log;
        this.timestampLimits = timestampLimits;
        this.lane = lane;
        this.role = role;
    }

    public TopicPartitionKey key() {
        return key;
    }

    public Uuid topicId() {
        return topicId;
    }

    public int leaderEpoch() {
        return role.leaderEpoch();
    }

    public boolean isLeader() {
        return role instanceof ReplicaRole.Leader;
    }

    /**
     * Whether consumers may read here: as leader, once the high watermark reached the offset at
     * which this leader epoch began. Until then it may be below what the previous leader showed
     * consumers, and consumer fetches and offset lookups get OFFSET_NOT_AVAILABLE (KIP-207), so
     * that no consumer sees the high watermark go backwards across a leader change.
     */
    public boolean highWatermarkSettled() {
        return role instanceof ReplicaRole.Leader leader && log.highWatermark() >= leader.state().leaderEpochStartOffset();
    }

    /** The leader this broker follows, if it follows one. */
    public Optional<Integer> followedLeader() {
        return role instanceof ReplicaRole.Follower f && f.leaderId() >= 0 ? Optional.of(f.leaderId()) : Optional.empty();
    }

    /** As leader, each follower's log end offset as of its last fetch in this epoch; empty as follower. */
    public synchronized Map<Integer, Long> followerLogEndOffsets() {
        return role instanceof ReplicaRole.Leader leader ? leader.state().followerLogEndOffsets() : Map.of();
    }

    /** The committed ISR as leader; empty as follower. */
    public synchronized List<Integer> isr() {
        return role instanceof ReplicaRole.Leader leader ? leader.state().isr() : List.of();
    }

    public PartitionLog log() {
        return log;
    }

    public TimestampLimits timestampLimits() {
        return timestampLimits;
    }

    SerialExecutor lane() {
        return lane;
    }

    int minInsyncReplicas() {
        return minInsyncReplicas;
    }

    void configure(TimestampLimits limits, int minIsr) {
        this.timestampLimits = limits;
        this.minInsyncReplicas = minIsr;
    }

    /**
     * Leads at {@code assignment}: a new leader epoch starts a new follower view at the current log
     * end; the same epoch with a newer partition epoch updates the ISR in place. Returns whether
     * anything changed.
     */
    synchronized boolean makeLeader(LeaderAndIsr assignment, long nowMs) {
        if (role instanceof ReplicaRole.Leader leader && leader.state().leaderEpoch() == assignment.leaderEpoch()) {
            return leader.state().update(assignment);
        }
        role = new ReplicaRole.Leader(new LeaderState(nodeId, assignment, log.logEndOffset(), nowMs));
        return true;
    }

    /** Follows {@code leaderId}; returns the produces that waited as leader (to be failed). */
    synchronized List<Waiter> makeFollower(int leaderId, int leaderEpoch, int partitionEpoch) {
        role = new ReplicaRole.Follower(leaderId, leaderEpoch, partitionEpoch);
        return drainWaiters();
    }

    /** Removes and returns every waiting produce. */
    synchronized List<Waiter> drainWaiters() {
        List<Waiter> drained = List.copyOf(waiters);
        waiters.clear();
        return drained;
    }

    /** As leader: moves the high watermark to what the maximal ISR allows; returns whether it moved. */
    synchronized boolean maybeIncrementHighWatermark() {
        if (!(role instanceof ReplicaRole.Leader leader)) {
            return false;
        }
        long candidate = leader.state().highWatermark(log.logEndOffset());
        return candidate != LeaderState.UNKNOWN_OFFSET && log.updateHighWatermark(candidate);
    }

    /** Parks {@code waiter}; returns what is completable now (possibly it). */
    synchronized List<Completion> await(Waiter waiter) {
        waiters.add(waiter);
        return completableWaiters();
    }

    /** Removes a waiter that timed out; false if it had already been completed or drained. */
    synchronized boolean removeWaiter(Waiter waiter) {
        return waiters.remove(waiter);
    }

    /**
     * Removes the waiters the high watermark passed, with their results: success, or
     * NOT_ENOUGH_REPLICAS_AFTER_APPEND when the ISR shrank below min.insync.replicas meanwhile.
     */
    synchronized List<Completion> completableWaiters() {
        if (waiters.isEmpty()) {
            return List.of();
        }
        long hw = log.highWatermark();
        boolean enoughReplicas = isrSizeLocked() >= minInsyncReplicas;
        List<Completion> done = new ArrayList<>();
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            if (waiter.requiredOffset() <= hw) {
                it.remove();
                ProduceResult result = enoughReplicas ? waiter.success() : ProduceResult.error(
                        PartitionError.NOT_ENOUGH_REPLICAS_AFTER_APPEND.code(), log.logStartOffset(), List.of(),
                        Optional.of("the ISR shrank below min.insync.replicas=" + minInsyncReplicas));
                done.add(new Completion(waiter, result));
            }
        }
        return done;
    }

    /** The committed ISR's size as leader, 0 as follower. */
    synchronized int isrSize() {
        return isrSizeLocked();
    }

    private int isrSizeLocked() {
        return role instanceof ReplicaRole.Leader leader ? leader.state().isr().size() : 0;
    }

    /**
     * As leader: a follower fetched at {@code fetchOffset}. Updates its progress and the high
     * watermark and, when it caught up and {@code isrEligible} accepts it, proposes that it join the ISR
     * (that follower only: another's progress may be stale). Ignored when this broker does not
     * lead at {@code currentLeaderEpoch} (-1 matches any) or the fetcher is not a replica.
     */
    synchronized FollowerFetchOutcome onFollowerFetch(int replicaId, int currentLeaderEpoch, int lastFetchedEpoch, long fetchOffset,
            long nowMs, IntPredicate isrEligible) {
        if (!(role instanceof ReplicaRole.Leader leader)
                || (currentLeaderEpoch >= 0 && currentLeaderEpoch != leader.state().leaderEpoch())
                || fetchOffset > log.logEndOffset() || diverges(lastFetchedEpoch, fetchOffset)) {
            return FollowerFetchOutcome.NOTHING;
        }
        LeaderState state = leader.state();
        if (!state.onFollowerFetch(replicaId, fetchOffset, log.logEndOffset(), nowMs)) {
            return FollowerFetchOutcome.NOTHING;
        }
        boolean moved = maybeIncrementHighWatermark();
        Optional<IsrChange> change = state.expandedIsr(replicaId, log.highWatermark())
                .filter(isr -> isrEligible.test(replicaId)).map(isr -> propose(state, isr));
        return new FollowerFetchOutcome(moved, change);
    }

    /** Whether a follower whose last batch has {@code lastFetchedEpoch} has data this log does not have below {@code fetchOffset}. */
    private boolean diverges(int lastFetchedEpoch, long fetchOffset) {
        if (lastFetchedEpoch < 0) {
            return false;
        }
        EpochEndOffset end = log.endOffsetForEpoch(lastFetchedEpoch);
        return end.leaderEpoch() != EpochEndOffset.UNDEFINED_EPOCH
                && (end.leaderEpoch() < lastFetchedEpoch || end.endOffset() < fetchOffset);
    }

    /** As leader: the ISR without followers that lagged longer than {@code maxLagMs}, if any. */
    synchronized Optional<IsrChange> maybeShrinkIsr(long nowMs, long maxLagMs) {
        if (!(role instanceof ReplicaRole.Leader leader)) {
            return Optional.empty();
        }
        LeaderState state = leader.state();
        return state.shrunkIsr(nowMs, maxLagMs, log.logEndOffset()).map(isr -> propose(state, isr));
    }

    private IsrChange propose(LeaderState state, List<Integer> isr) {
        state.startIsrChange(isr);
        return new IsrChange(topicId, key.partition(), nodeId, state.leaderEpoch(), state.partitionEpoch(), isr);
    }

    /** The controller refused {@code change} (or could not be reached): a later check may try again. */
    synchronized void onIsrChangeFailed(IsrChange change) {
        if (role instanceof ReplicaRole.Leader leader && leader.state().leaderEpoch() == change.leaderEpoch()) {
            leader.state().abortIsrChange(change.newIsr());
        }
    }

    /**
     * The controller took {@code change}: nothing to do until the metadata shows it, unless it
     * changed nothing (the ISR was already {@code committedIsr}), which ends the pending change.
     */
    synchronized void onIsrChangeCommitted(IsrChange change, List<Integer> committedIsr) {
        if (role instanceof ReplicaRole.Leader leader && leader.state().leaderEpoch() == change.leaderEpoch()
                && leader.state().isr().equals(committedIsr)) {
            leader.state().abortIsrChange(change.newIsr());
        }
    }

    /** The replicas a leader counts for the high watermark now (committed plus pending ISR). */
    synchronized Set<Integer> maximalIsr() {
        return role instanceof ReplicaRole.Leader leader ? new LinkedHashSet<>(leader.state().maximalIsr()) : Set.of();
    }

    /** What a follower fetch changed at the leader. */
    record FollowerFetchOutcome(boolean highWatermarkMoved, Optional<IsrChange> isrChange) {
        static final FollowerFetchOutcome NOTHING = new FollowerFetchOutcome(false, Optional.empty());
    }

    /**
     * KIP-320 fencing: an absent epoch (empty or -1) passes; an older one is FENCED_LEADER_EPOCH, a
     * newer one UNKNOWN_LEADER_EPOCH (this broker has not heard of it yet).
     */
    void checkCurrentLeaderEpoch(Optional<Integer> requestedEpoch) {
        if (requestedEpoch.isEmpty() || requestedEpoch.get() < 0) {
            return;
        }
        int requested = requestedEpoch.get();
        int leaderEpoch = leaderEpoch();
        if (requested < leaderEpoch) {
            throw new ReplicaException(PartitionError.FENCED_LEADER_EPOCH,
                    key + ": epoch " + requested + " is older than the leader epoch " + leaderEpoch);
        }
        if (requested > leaderEpoch) {
            throw new ReplicaException(PartitionError.UNKNOWN_LEADER_EPOCH,
                    key + ": epoch " + requested + " is newer than the leader epoch " + leaderEpoch);
        }
    }

    /** Throws OFFSET_NOT_AVAILABLE while the high watermark has not reached this leader epoch's start. */
    void checkHighWatermarkSettled() {
        if (!highWatermarkSettled()) {
            throw new ReplicaException(PartitionError.OFFSET_NOT_AVAILABLE, key + ": the high watermark " + log.highWatermark()
                    + " has not reached the start of leader epoch " + leaderEpoch());
        }
    }

    /** The producer's verification guard, made now unless a verification in progress made one (see {@link TxnVerification}). */
    Object startVerification(long producerId) {
        return verificationGuards.computeIfAbsent(producerId, id -> new Object());
    }

    /** A marker for the producer was written: a verification that started before it no longer holds. */
    void endVerification(long producerId) {
        verificationGuards.remove(producerId);
    }

    /** Whether {@code verification} still allows a transactional append: an open transaction or its guard. */
    boolean stillVerified(TxnVerification verification) {
        return log.hasOngoingTransaction(verification.producerId(), verification.producerEpoch())
                || verificationGuards.get(verification.producerId()) == verification.guard();
    }

    /** Throws NOT_LEADER_OR_FOLLOWER unless this broker leads the partition. */
    void checkLeader() {
        if (!isLeader()) {
            throw new ReplicaException(PartitionError.NOT_LEADER_OR_FOLLOWER, key + " is not led by node " + nodeId);
        }
    }

    @Override
    public String toString() {
        return key + "@" + leaderEpoch();
    }
}

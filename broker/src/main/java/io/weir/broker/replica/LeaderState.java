package io.weir.broker.replica;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The leader's view of its followers and the rules built on it, with no I/O and no clock of its
 * own (times are passed in), so that they are tested as plain functions.
 *
 * <ul>
 *   <li>A follower's fetch offset is its log end offset. It was caught up at the time of this fetch
 *       if it fetched from the leader's log end, or at the time of its previous fetch if it fetched
 *       from at least the leader's log end of that time ({@code lastCaughtUpTimeMs}, as in Kafka).
 *   <li>High watermark: the smallest log end offset over the <em>maximal</em> ISR, the leader
 *       included. While an ISR change is in flight (sent to the controller, not yet in the
 *       metadata) the maximal ISR is the union of the committed and the proposed ISR (KIP-497:
 *       shrinking waits for the commit, expanding counts the new member at once). A follower of
 *       unknown log end holds the high watermark where it is.
 *   <li>Expansion: a follower outside the ISR whose fetch shows its log end reached the high
 *       watermark and the start offset of the current leader epoch joins, alone (as in Kafka: the
 *       progress of one that stopped fetching is stale).
 *   <li>Shrink: an ISR follower whose log end is behind the leader's and that has not been
 *       caught up for longer than {@code replica.lag.time.max.ms} leaves.
 *   <li>At most one change is in flight; a new one is proposed only after the metadata (or a
 *       failure) settled the previous one.
 * </ul>
 *
 * <p>Thread-safety: none; {@link Partition} guards it with its monitor.
 */
final class LeaderState {
    /** Log end offset of a follower that has not fetched since this node became leader. */
    static final long UNKNOWN_OFFSET = -1;

    private final int localId;
    private final int leaderEpoch;
    private final long leaderEpochStartOffset;
    private final Map<Integer, FollowerProgress> followers = new HashMap<>();
    private LeaderAndIsr assignment;
    private Optional<List<Integer>> pendingIsr = Optional.empty();

    /**
     * What the leader knows of one follower.
     *
     * @param logEndOffset the follower's log end offset (its last fetch offset), or {@link #UNKNOWN_OFFSET}
     * @param lastCaughtUpTimeMs when the follower last had everything the leader had
     * @param lastFetchLeaderLogEndOffset the leader's log end offset at the follower's last fetch
     * @param lastFetchTimeMs when the follower last fetched
     */
    record FollowerProgress(long logEndOffset, long lastCaughtUpTimeMs, long lastFetchLeaderLogEndOffset, long lastFetchTimeMs) {}

    LeaderState(int localId, LeaderAndIsr assignment, long leaderEpochStartOffset, long nowMs) {
        this.localId = localId;
        this.leaderEpoch = assignment.leaderEpoch();
        this.leaderEpochStartOffset = leaderEpochStartOffset;
        this.assignment = assignment;
        for (int replica : assignment.replicas()) {
            if (replica != localId) {
                // An ISR member gets the full lag time to show up (Kafka does the same at election).
                long caughtUp = assignment.isr().contains(replica) ? nowMs : 0;
                followers.put(replica, new FollowerProgress(UNKNOWN_OFFSET, caughtUp, UNKNOWN_OFFSET, 0));
            }
        }
    }

    int leaderEpoch() {
        return leaderEpoch;
    }

    /** The log end offset when this leader epoch began. */
    long leaderEpochStartOffset() {
        return leaderEpochStartOffset;
    }

    int partitionEpoch() {
        return assignment.partitionEpoch();
    }

    LeaderAndIsr assignment() {
        return assignment;
    }

    /** The committed ISR (what min.insync.replicas is checked against). */
    List<Integer> isr() {
        return assignment.isr();
    }

    Optional<List<Integer>> pendingIsr() {
        return pendingIsr;
    }

    /** The committed ISR plus any member a pending change adds. */
    List<Integer> maximalIsr() {
        Set<Integer> union = new LinkedHashSet<>(assignment.isr());
        pendingIsr.ifPresent(union::addAll);
        return List.copyOf(union);
    }

    /**
     * A newer registration at the same leader epoch (an ISR or replica change): adopts it and ends
     * any pending change. Older or equal partition epochs are ignored. Returns whether it applied.
     */
    boolean update(LeaderAndIsr newer) {
        if (newer.partitionEpoch() <= assignment.partitionEpoch()) {
            return false;
        }
        assignment = newer;
        pendingIsr = Optional.empty();
        for (int replica : newer.replicas()) {
            if (replica != localId) {
                followers.putIfAbsent(replica, new FollowerProgress(UNKNOWN_OFFSET, 0, UNKNOWN_OFFSET, 0));
            }
        }
        followers.keySet().retainAll(newer.replicas());
        return true;
    }

    /** Records a fetch by {@code replicaId} at {@code fetchOffset}; false if it is not an assigned follower. */
    boolean onFollowerFetch(int replicaId, long fetchOffset, long leaderLogEndOffset, long nowMs) {
        FollowerProgress previous = followers.get(replicaId);
        if (previous == null) {
            return false;
        }
        long caughtUp = previous.lastCaughtUpTimeMs();
        if (fetchOffset >= leaderLogEndOffset) {
            caughtUp = Math.max(caughtUp, nowMs);
        } else if (fetchOffset >= previous.lastFetchLeaderLogEndOffset() && previous.lastFetchLeaderLogEndOffset() >= 0) {
            caughtUp = Math.max(caughtUp, previous.lastFetchTimeMs());
        }
        followers.put(replicaId, new FollowerProgress(fetchOffset, caughtUp, leaderLogEndOffset, nowMs));
        return true;
    }

    Optional<FollowerProgress> follower(int replicaId) {
        return Optional.ofNullable(followers.get(replicaId));
    }

    /** Each follower's log end offset as of its last fetch; those not heard from in this epoch are left out. */
    Map<Integer, Long> followerLogEndOffsets() {
        Map<Integer, Long> ends = new HashMap<>();
        followers.forEach((replica, progress) -> {
            if (progress.logEndOffset() != UNKNOWN_OFFSET) {
                ends.put(replica, progress.logEndOffset());
            }
        });
        return ends;
    }

    /** The high watermark the maximal ISR allows, or {@link #UNKNOWN_OFFSET} while one of its followers is unknown. */
    long highWatermark(long leaderLogEndOffset) {
        long min = leaderLogEndOffset;
        for (int replica : maximalIsr()) {
            if (replica == localId) {
                continue;
            }
            FollowerProgress progress = followers.get(replica);
            long end = progress == null ? UNKNOWN_OFFSET : progress.logEndOffset();
            if (end == UNKNOWN_OFFSET) {
                return UNKNOWN_OFFSET;
            }
            min = Math.min(min, end);
        }
        return min;
    }

    /** The ISR with {@code replicaId} added, if it is a caught-up follower outside it and no change is in flight. */
    Optional<List<Integer>> expandedIsr(int replicaId, long highWatermark) {
        FollowerProgress progress = followers.get(replicaId);
        if (pendingIsr.isPresent() || progress == null || assignment.isr().contains(replicaId)
                || progress.logEndOffset() < highWatermark || progress.logEndOffset() < leaderEpochStartOffset) {
            return Optional.empty();
        }
        List<Integer> expanded = new ArrayList<>(assignment.isr());
        expanded.add(replicaId);
        return Optional.of(List.copyOf(expanded));
    }

    /** The ISR without the followers that lagged longer than {@code maxLagMs}, if any did and no change is in flight. */
    Optional<List<Integer>> shrunkIsr(long nowMs, long maxLagMs, long leaderLogEndOffset) {
        if (pendingIsr.isPresent()) {
            return Optional.empty();
        }
        List<Integer> kept = new ArrayList<>();
        for (int replica : assignment.isr()) {
            FollowerProgress progress = followers.get(replica);
            boolean lagging = replica != localId && (progress == null
                    || (progress.logEndOffset() < leaderLogEndOffset && nowMs - progress.lastCaughtUpTimeMs() > maxLagMs));
            if (!lagging) {
                kept.add(replica);
            }
        }
        return kept.size() < assignment.isr().size() ? Optional.of(List.copyOf(kept)) : Optional.empty();
    }

    /** Marks {@code proposed} as sent to the controller. */
    void startIsrChange(List<Integer> proposed) {
        pendingIsr = Optional.of(List.copyOf(proposed));
    }

    /** The controller refused (or could not take) {@code proposed}: a later check may propose again. */
    void abortIsrChange(List<Integer> proposed) {
        if (pendingIsr.filter(proposed::equals).isPresent()) {
            pendingIsr = Optional.empty();
        }
    }
}

package io.weir.broker.fetcher;

import io.weir.storage.EpochEndOffset;
import io.weir.storage.PartitionLog;

/**
 * Where a follower truncates, from leader epochs only (KIP-101, KIP-279). Stateless.
 *
 * <ul>
 *   <li>The leader answered OffsetForLeaderEpoch for the follower's latest epoch E with (E', O):
 *       the follower keeps what it has of E' up to O: min(O, own end of E', own log end). The
 *       own end of E' is the end of the largest epoch at most E' (if the follower has none, its
 *       whole log diverges and it keeps nothing). An undefined answer keeps nothing either (the
 *       leader has no epoch at or below E: it starts later).
 *   <li>A fetch answered with a diverging epoch (E', O) is the same computation.
 * </ul>
 */
final class Truncation {
    private Truncation() {}

    /** The offset to truncate to given the leader's end of an epoch; the log start when nothing matches. */
    static long truncationOffset(PartitionLog log, int leaderEpoch, long leaderEndOffset) {
        long logStart = log.logStartOffset();
        if (leaderEpoch == EpochEndOffset.UNDEFINED_EPOCH || leaderEndOffset == EpochEndOffset.UNDEFINED_OFFSET) {
            return logStart;
        }
        EpochEndOffset own = log.endOffsetForEpoch(leaderEpoch);
        if (own.leaderEpoch() == EpochEndOffset.UNDEFINED_EPOCH || own.endOffset() == EpochEndOffset.UNDEFINED_OFFSET) {
            return logStart;
        }
        return Math.max(logStart, Math.min(Math.min(leaderEndOffset, own.endOffset()), log.logEndOffset()));
    }
}

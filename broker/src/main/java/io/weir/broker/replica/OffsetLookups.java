package io.weir.broker.replica;

import io.weir.storage.PartitionLog;
import io.weir.storage.TimestampAndOffset;

/**
 * ListOffsets semantics on top of {@link PartitionLog#fetchOffsetByTimestamp}: the isolation
 * level's bound and the tiered-storage sentinels (KIP-405, KIP-1005, KIP-1023), which Weir answers
 * as Kafka does for a topic without tiered storage. Thread-safety: stateless.
 */
final class OffsetLookups {
    static final long LATEST_TIERED_TIMESTAMP = -5;
    static final long EARLIEST_PENDING_UPLOAD_TIMESTAMP = -6;

    private OffsetLookups() {}

    static OffsetLookup lookup(Partition partition, long timestampMs, IsolationLevel isolation) {
        PartitionLog log = partition.log();
        long lastFetchableOffset = isolation == IsolationLevel.READ_COMMITTED ? log.lastStableOffset() : log.highWatermark();
        if (timestampMs == PartitionLog.LATEST_TIMESTAMP) {
            return new OffsetLookup(-1, lastFetchableOffset, partition.leaderEpoch());
        }
        if (timestampMs == LATEST_TIERED_TIMESTAMP || timestampMs == EARLIEST_PENDING_UPLOAD_TIMESTAMP) {
            return OffsetLookup.NOT_FOUND;
        }
        if (timestampMs < 0 && timestampMs != PartitionLog.EARLIEST_TIMESTAMP && timestampMs != PartitionLog.MAX_TIMESTAMP
                && timestampMs != PartitionLog.EARLIEST_LOCAL_TIMESTAMP) {
            return OffsetLookup.NOT_FOUND;
        }
        boolean earliest = timestampMs == PartitionLog.EARLIEST_TIMESTAMP || timestampMs == PartitionLog.EARLIEST_LOCAL_TIMESTAMP;
        // The log start offset is an answer even when nothing is below the high watermark yet.
        long bound = earliest ? Math.max(lastFetchableOffset, log.logStartOffset() + 1) : lastFetchableOffset;
        return log.fetchOffsetByTimestamp(timestampMs, bound)
                .map(OffsetLookups::toLookup)
                .orElse(OffsetLookup.NOT_FOUND);
    }

    private static OffsetLookup toLookup(TimestampAndOffset found) {
        return new OffsetLookup(found.timestampMs(), found.offset(), found.leaderEpoch().orElse(-1));
    }
}

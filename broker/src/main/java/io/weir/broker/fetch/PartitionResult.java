package io.weir.broker.fetch;

import io.weir.storage.EpochEndOffset;
import io.weir.storage.LogSlice;
import io.weir.storage.AbortedTxn;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a fetch answers for one partition. The slice must be released by whoever sends it (the
 * transport, once written). Immutable.
 *
 * @param id the partition as the request named it
 * @param errorCode Kafka error code, 0 for none
 * @param highWatermark the high watermark, or -1 with an error
 * @param lastStableOffset the last stable offset (reported at both isolation levels), or -1
 * @param logStartOffset the log start offset, or -1
 * @param records the record batches, possibly empty
 * @param divergingEpoch set when the fetcher's last fetched epoch diverges from this log
 * @param currentLeaderEpoch the leader epoch to report with a fencing error
 * @param abortedTransactions for a read_committed consumer fetch: the aborted transactions
 *     overlapping the returned range (possibly none); empty for read_uncommitted and followers
 * @param preferredReadReplica the replica the consumer should fetch from instead (KIP-392; then
 *     no records), or empty
 */
public record PartitionResult(PartitionId id, short errorCode, long highWatermark, long lastStableOffset, long logStartOffset,
        LogSlice records, Optional<EpochEndOffset> divergingEpoch, OptionalInt currentLeaderEpoch,
        Optional<List<AbortedTxn>> abortedTransactions, OptionalInt preferredReadReplica) {

    public PartitionResult {
        abortedTransactions = abortedTransactions.map(List::copyOf);
    }

    /** A result that names no preferred read replica. */
    public PartitionResult(PartitionId id, short errorCode, long highWatermark, long lastStableOffset, long logStartOffset,
            LogSlice records, Optional<EpochEndOffset> divergingEpoch, OptionalInt currentLeaderEpoch,
            Optional<List<AbortedTxn>> abortedTransactions) {
        this(id, errorCode, highWatermark, lastStableOffset, logStartOffset, records, divergingEpoch, currentLeaderEpoch,
                abortedTransactions, OptionalInt.empty());
    }

    /** A result that reports no aborted transactions (read_uncommitted, followers, errors). */
    public PartitionResult(PartitionId id, short errorCode, long highWatermark, long lastStableOffset, long logStartOffset,
            LogSlice records, Optional<EpochEndOffset> divergingEpoch, OptionalInt currentLeaderEpoch) {
        this(id, errorCode, highWatermark, lastStableOffset, logStartOffset, records, divergingEpoch, currentLeaderEpoch,
                Optional.empty());
    }

    static PartitionResult error(PartitionId id, short errorCode) {
        return new PartitionResult(id, errorCode, -1, -1, -1, LogSlice.empty(), Optional.empty(), OptionalInt.empty());
    }

    int recordBytes() {
        return records.sizeInBytes();
    }
}

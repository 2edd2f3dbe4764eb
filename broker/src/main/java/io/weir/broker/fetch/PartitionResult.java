package io.weir.broker.fetch;

import io.weir.storage.EpochEndOffset;
import io.weir.storage.LogSlice;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a fetch answers for one partition. The slice must be released by whoever sends it (the
 * transport, once written). Immutable.
 *
 * @param id the partition as the request named it
 * @param errorCode Kafka error code, 0 for none
 * @param highWatermark the high watermark, or -1 with an error
 * @param lastStableOffset the last stable offset (the high watermark until transactions), or -1
 * @param logStartOffset the log start offset, or -1
 * @param records the record batches, possibly empty
 * @param divergingEpoch set when the fetcher's last fetched epoch diverges from this log
 * @param currentLeaderEpoch the leader epoch to report with a fencing error
 */
public record PartitionResult(PartitionId id, short errorCode, long highWatermark, long lastStableOffset, long logStartOffset,
        LogSlice records, Optional<EpochEndOffset> divergingEpoch, OptionalInt currentLeaderEpoch) {

    static PartitionResult error(PartitionId id, short errorCode) {
        return new PartitionResult(id, errorCode, -1, -1, -1, LogSlice.empty(), Optional.empty(), OptionalInt.empty());
    }

    int recordBytes() {
        return records.sizeInBytes();
    }
}

package io.weir.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * ListOffsets lookups over a {@link PartitionLog}'s segments, without the log's lock: each
 * segment is retained while it is searched, and a segment deleted meanwhile is skipped.
 * Thread-safety: stateless.
 */
final class TimestampSearch {
    private TimestampSearch() {}

    static Optional<TimestampAndOffset> search(PartitionLog log, long timestampMs, long maxOffsetExclusive) throws IOException {
        long bound = Math.min(maxOffsetExclusive, log.logEndOffset());
        if (timestampMs == PartitionLog.EARLIEST_TIMESTAMP || timestampMs == PartitionLog.EARLIEST_LOCAL_TIMESTAMP) {
            return Optional.of(log.withEpoch(TimestampAndOffset.NO_TIMESTAMP, log.logStartOffset()));
        }
        if (timestampMs == PartitionLog.LATEST_TIMESTAMP) {
            return Optional.of(new TimestampAndOffset(TimestampAndOffset.NO_TIMESTAMP, bound,
                    log.leaderEpochCache().latestEpoch()));
        }
        if (timestampMs == PartitionLog.MAX_TIMESTAMP) {
            return maxTimestamp(log, bound);
        }
        if (timestampMs < 0) {
            return Optional.empty();
        }
        return byTime(log, timestampMs, bound);
    }

    private static Optional<TimestampAndOffset> byTime(PartitionLog log, long targetMs, long bound) throws IOException {
        long startOffset = log.logStartOffset();
        for (LogSegment segment : log.segmentsSnapshot()) {
            if (segment.baseOffset() >= bound || !segment.tryRetain()) {
                continue;
            }
            try {
                if (segment.maxTimestampAndOffset().timestampMs() < targetMs) {
                    continue;
                }
                Optional<TimestampAndOffset> found = segment.findOffsetByTimestamp(targetMs, startOffset);
                if (found.isPresent()) {
                    long offset = found.get().offset();
                    return offset < bound ? Optional.of(log.withEpoch(found.get().timestampMs(), offset)) : Optional.empty();
                }
            } finally {
                segment.release();
            }
        }
        return Optional.empty();
    }

    private static Optional<TimestampAndOffset> maxTimestamp(PartitionLog log, long bound) throws IOException {
        LogSegment best = null;
        TimestampAndOffset bestEntry = new TimestampAndOffset(-1, -1, OptionalInt.empty());
        for (LogSegment segment : log.segmentsSnapshot()) {
            if (segment.baseOffset() >= bound || !segment.tryRetain()) {
                continue;
            }
            TimestampAndOffset entry = segment.maxTimestampAndOffset();
            if (entry.timestampMs() > bestEntry.timestampMs()) {
                if (best != null) {
                    best.release();
                }
                best = segment;
                bestEntry = entry;
            } else {
                segment.release();
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        try {
            long maxTs = bestEntry.timestampMs();
            Optional<BatchLocation> location = best.translateOffset(bestEntry.offset());
            if (location.isEmpty()) {
                return Optional.empty();
            }
            ByteBuffer batch = best.readBatch(location.get());
            TimestampAndOffset found = BatchRecords.firstRecordMatching(new RecordBatchView(batch, 0), ts -> ts == maxTs,
                    log.logStartOffset());
            return found.offset() < bound ? Optional.of(log.withEpoch(found.timestampMs(), found.offset())) : Optional.empty();
        } finally {
            best.release();
        }
    }
}

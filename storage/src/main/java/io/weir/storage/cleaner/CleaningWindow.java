package io.weir.storage.cleaner;

import io.weir.storage.CleanableSegment;
import io.weir.storage.LogConfig;
import io.weir.storage.PartitionLog;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a log one cleaning pass may touch. Cleanable: the closed segments that end at or
 * below the first uncleanable offset, which is the least of the active segment's base offset, the
 * last stable offset (the high watermark, or an open transaction's first offset) and, with
 * {@code min.compaction.lag.ms}, the base offset of the first segment holding a record younger
 * than the lag. Dirty: the cleanable segments that end above the first dirty offset (the cleaner
 * checkpoint); clean: those below it.
 *
 * @param firstDirtyOffset the checkpoint, clamped to [log start offset, log end offset]
 * @param firstUncleanableOffset see above
 * @param cleanable the cleanable segments, oldest first
 * @param dirty the dirty ones among them, oldest first
 * @param cleanBytes bytes of the clean cleanable segments
 * @param dirtyBytes bytes of the dirty ones
 */
record CleaningWindow(long firstDirtyOffset, long firstUncleanableOffset, List<CleanableSegment> cleanable,
        List<CleanableSegment> dirty, long cleanBytes, long dirtyBytes) {

    CleaningWindow {
        cleanable = List.copyOf(cleanable);
        dirty = List.copyOf(dirty);
    }

    static CleaningWindow of(PartitionLog log, long checkpointOffset, long nowMs) {
        long start = log.logStartOffset();
        long firstDirty = checkpointOffset < start || checkpointOffset > log.logEndOffset() ? start : checkpointOffset;
        List<CleanableSegment> closed = log.closedSegments();
        long firstUncleanable = Math.min(log.activeSegmentBaseOffset(), log.lastStableOffset());
        LogConfig config = log.config();
        if (config.minCompactionLagMs() > 0) {
            for (CleanableSegment segment : closed) {
                if (segment.baseOffset() >= firstUncleanable) {
                    break;
                }
                if (nowMs - segment.largestTimestampMs() < config.minCompactionLagMs()) {
                    firstUncleanable = segment.baseOffset();
                    break;
                }
            }
        }
        List<CleanableSegment> cleanable = new ArrayList<>();
        List<CleanableSegment> dirty = new ArrayList<>();
        long cleanBytes = 0;
        long dirtyBytes = 0;
        for (CleanableSegment segment : closed) {
            if (segment.endOffset() > firstUncleanable) {
                break;
            }
            if (segment.endOffset() <= start) {
                continue;
            }
            cleanable.add(segment);
            if (segment.endOffset() > firstDirty) {
                dirty.add(segment);
                dirtyBytes += segment.sizeInBytes();
            } else {
                cleanBytes += segment.sizeInBytes();
            }
        }
        return new CleaningWindow(firstDirty, firstUncleanable, cleanable, dirty, cleanBytes, dirtyBytes);
    }

    /** Dirty bytes over cleanable bytes; 0 when nothing is cleanable. */
    double dirtyRatio() {
        long total = cleanBytes + dirtyBytes;
        return total == 0 ? 0 : (double) dirtyBytes / total;
    }
}

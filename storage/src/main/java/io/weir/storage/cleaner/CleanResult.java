package io.weir.storage.cleaner;

import java.util.OptionalLong;

/**
 * The outcome of one cleaning pass over one log. Thread-safety: immutable.
 *
 * @param completed false when the log changed under the pass and its result was discarded
 * @param segmentsReplaced old segments replaced by cleaned ones
 * @param bytesRead bytes of batches read (map building and rewriting)
 * @param bytesBefore bytes of the rewritten segments before the pass
 * @param bytesAfter their bytes after it
 * @param recordsRead records decoded while rewriting
 * @param recordsKept records written back
 * @param nextFirstDirtyOffset the new cleaner checkpoint
 * @param pendingDeleteHorizonMs the earliest time a kept tombstone may be removed, if any was kept
 */
public record CleanResult(boolean completed, int segmentsReplaced, long bytesRead, long bytesBefore, long bytesAfter,
        long recordsRead, long recordsKept, long nextFirstDirtyOffset, OptionalLong pendingDeleteHorizonMs) {}

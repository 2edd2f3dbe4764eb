package io.weir.storage.cleaner;

import java.util.OptionalLong;

/**
 * What the cleaner knows of one compacted partition, for metrics and DescribeLogDirs.
 * Thread-safety: immutable.
 *
 * @param dirtyRatio dirty bytes over cleanable bytes (0 when nothing is cleanable)
 * @param dirtyBytes bytes of cleanable segments above the first dirty offset
 * @param cleanableBytes bytes of the segments the cleaner may rewrite (closed, older than
 *     min.compaction.lag.ms, below the last stable offset)
 * @param firstDirtyOffset where the part not yet deduplicated begins (the cleaner checkpoint)
 * @param lastCleanTimeMs when a cleaning pass last finished, empty if never (since startup)
 * @param lastBytesRead bytes the last pass read
 * @param lastBytesWritten bytes the last pass wrote
 */
public record CleanerStats(double dirtyRatio, long dirtyBytes, long cleanableBytes, long firstDirtyOffset,
        OptionalLong lastCleanTimeMs, long lastBytesRead, long lastBytesWritten) {}

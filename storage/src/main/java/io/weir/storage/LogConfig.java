package io.weir.storage;

/**
 * The per-partition log settings, named after Kafka's topic configs. Thread-safety: immutable.
 *
 * @param segmentBytes {@code segment.bytes}: roll when the active segment would grow beyond this
 * @param segmentMs {@code segment.ms}: roll when the active segment's first batch is this old
 * @param segmentJitterMs {@code segment.jitter.ms}: a random amount up to this is subtracted from
 *     segmentMs per segment so that many partitions do not roll at the same instant
 * @param segmentIndexBytes {@code segment.index.bytes}: preallocated size of the active segment's
 *     offset and time index; a full index rolls the segment
 * @param indexIntervalBytes {@code index.interval.bytes}: bytes of batches between index entries
 * @param retentionMs {@code retention.ms}: -1 keeps data forever; applies only when the cleanup
 *     policy includes delete
 * @param retentionBytes {@code retention.bytes}: -1 means no size limit; applies only when the
 *     cleanup policy includes delete
 * @param flushMessages {@code flush.messages}: fsync after this many records; Long.MAX_VALUE never
 * @param flushMs {@code flush.ms}: fsync when the last flush is this old; Long.MAX_VALUE never
 * @param maxMessageBytes {@code max.message.bytes}: largest accepted record batch, header included
 * @param timestampType {@code message.timestamp.type}
 * @param fileDeleteDelayMs {@code file.delete.delay.ms}: how long a deleted segment's files stay on
 *     disk (renamed to {@code .deleted}) before they are removed
 * @param cleanupPolicy {@code cleanup.policy}: delete, compact, or both
 * @param minCleanableDirtyRatio {@code min.cleanable.dirty.ratio}: the cleaner compacts a log when
 *     its dirty bytes are at least this share of its cleanable bytes
 * @param deleteRetentionMs {@code delete.retention.ms}: how long a tombstone (a record with a null
 *     value) stays after the cleaner first saw it
 * @param minCompactionLagMs {@code min.compaction.lag.ms}: a record stays uncompacted at least
 *     this long (by its segment's largest timestamp)
 * @param maxCompactionLagMs {@code max.compaction.lag.ms}: a log whose oldest dirty segment is
 *     older than this is compacted whatever its dirty ratio
 * @param compression {@code compression.type} and its codec's level: {@code producer} keeps
 *     batches as produced; any other codec makes the leader recompress, at that level, client
 *     batches that use a different one
 */
public record LogConfig(        int segmentBytes,
        long segmentMs,
        long segmentJitterMs,
        int segmentIndexBytes,
        int indexIntervalBytes,
        long retentionMs,
        long retentionBytes,
        long flushMessages,
        long flushMs,
        int maxMessageBytes,
        TimestampType timestampType,
        long fileDeleteDelayMs,
        CleanupPolicy cleanupPolicy,
        double minCleanableDirtyRatio,
        long deleteRetentionMs,
        long minCompactionLagMs,
        long maxCompactionLagMs,
        Compression compression) {

    private static final long SEVEN_DAYS_MS = 7L * 24 * 60 * 60 * 1000;
    private static final long ONE_DAY_MS = 24L * 60 * 60 * 1000;

    /** Validates ranges; throws IllegalArgumentException naming the offending setting. */
    public LogConfig {
        require(segmentBytes >= 64, "segment.bytes", segmentBytes);
        require(segmentMs >= 1, "segment.ms", segmentMs);
        require(segmentJitterMs >= 0, "segment.jitter.ms", segmentJitterMs);
        require(segmentIndexBytes >= 24, "segment.index.bytes", segmentIndexBytes);
        require(indexIntervalBytes >= 0, "index.interval.bytes", indexIntervalBytes);
        require(retentionMs >= -1, "retention.ms", retentionMs);
        require(retentionBytes >= -1, "retention.bytes", retentionBytes);
        require(flushMessages >= 1, "flush.messages", flushMessages);
        require(flushMs >= 0, "flush.ms", flushMs);
        require(maxMessageBytes >= 0, "max.message.bytes", maxMessageBytes);
        require(fileDeleteDelayMs >= 0, "file.delete.delay.ms", fileDeleteDelayMs);
        if (!(minCleanableDirtyRatio >= 0 && minCleanableDirtyRatio <= 1)) {
            throw new IllegalArgumentException("invalid min.cleanable.dirty.ratio: " + minCleanableDirtyRatio);
        }
        require(deleteRetentionMs >= 0, "delete.retention.ms", deleteRetentionMs);
        require(minCompactionLagMs >= 0, "min.compaction.lag.ms", minCompactionLagMs);
        require(maxCompactionLagMs >= 1, "max.compaction.lag.ms", maxCompactionLagMs);
        if (timestampType == null) {
            throw new IllegalArgumentException("message.timestamp.type must be set");
        }
        if (cleanupPolicy == null) {
            throw new IllegalArgumentException("cleanup.policy must be set");
        }
        if (compression == null) {
            throw new IllegalArgumentException("compression.type must be set");
        }
    }

    /**
     * The settings before compaction existed: cleanup.policy delete and Kafka's defaults for the
     * compaction settings.
     */
    public LogConfig(int segmentBytes, long segmentMs, long segmentJitterMs, int segmentIndexBytes,
            int indexIntervalBytes, long retentionMs, long retentionBytes, long flushMessages, long flushMs,
            int maxMessageBytes, TimestampType timestampType, long fileDeleteDelayMs) {
        this(segmentBytes, segmentMs, segmentJitterMs, segmentIndexBytes, indexIntervalBytes, retentionMs,
                retentionBytes, flushMessages, flushMs, maxMessageBytes, timestampType, fileDeleteDelayMs,
                CleanupPolicy.DELETE, 0.5, ONE_DAY_MS, 0, Long.MAX_VALUE, Compression.PRODUCER);
    }

    /** Kafka's topic-level defaults. */
    public static LogConfig defaults() {
        return new LogConfig(
                1024 * 1024 * 1024,
                SEVEN_DAYS_MS,
                0,
                10 * 1024 * 1024,
                4096,
                SEVEN_DAYS_MS,
                -1,
                Long.MAX_VALUE,
                Long.MAX_VALUE,
                1024 * 1024 + 12,
                TimestampType.CREATE_TIME,
                60_000);
    }

    /**
     * The age at which the active segment rolls: {@code segment.ms}, or {@code max.compaction.lag.ms}
     * when compacting and smaller, so that records in the active segment become cleanable in time
     * (KIP-354).
     */
    public long maxSegmentMs() {
        return cleanupPolicy.compact() ? Math.min(segmentMs, maxCompactionLagMs) : segmentMs;
    }

    private static void require(boolean ok, String name, long value) {
        if (!ok) {
            throw new IllegalArgumentException("invalid " + name + ": " + value);
        }
    }

    public LogConfig withSegmentBytes(int value) {
        return new LogConfig(value, segmentMs, segmentJitterMs, segmentIndexBytes, indexIntervalBytes,
                retentionMs, retentionBytes, flushMessages, flushMs, maxMessageBytes, timestampType,
                fileDeleteDelayMs, cleanupPolicy, minCleanableDirtyRatio, deleteRetentionMs,
                minCompactionLagMs, maxCompactionLagMs, compression);
    }

    public LogConfig withSegmentMs(long value) {
        return new LogConfig(segmentBytes, value, segmentJitterMs, segmentIndexBytes, indexIntervalBytes,
                retentionMs, retentionBytes, flushMessages, flushMs, maxMessageBytes, timestampType,
                fileDeleteDelayMs, cleanupPolicy, minCleanableDirtyRatio, deleteRetentionMs,
                minCompactionLagMs, maxCompactionLagMs, compression);
    }

    public LogConfig withSegmentJitterMs(long value) {
        return new LogConfig(segmentBytes, segmentMs, value, segmentIndexBytes, indexIntervalBytes,
                retentionMs, retentionBytes, flushMessages, flushMs, maxMessageBytes, timestampType,
                fileDeleteDelayMs, cleanupPolicy, minCleanableDirtyRatio, deleteRetentionMs,
                minCompactionLagMs, maxCompactionLagMs, compression);
    }

    public LogConfig withSegmentIndexBytes(int value) {
        return new LogConfig(segmentBytes, segmentMs, segmentJitterMs, value, indexIntervalBytes,
                retentionMs, retentionBytes, flushMessages, flushMs, maxMessageBytes, timestampType,
                fileDeleteDelayMs, cleanupPolicy, minCleanableDirtyRatio, deleteRetentionMs,
                minCompactionLagMs, maxCompactionLagMs, compression);
    }

    public LogConfig withIndexIntervalBytes(int value) {
        return new LogConfig(segmentBytes, segmentMs, segmentJitterMs, segmentIndexBytes, value, retentionMs,
                retentionBytes, flushMessages, flushMs, maxMessageBytes, timestampType, fileDeleteDelayMs,
                cleanupPolicy, minCleanableDirtyRatio, deleteRetentionMs, minCompactionLagMs,
                maxCompactionLagMs, compression);
    }

    public LogConfig withRetentionMs(long value) {
        return new LogConfig(segmentBytes, segmentMs, segmentJitterMs, segmentIndexBytes, indexIntervalBytes,
                value, retentionBytes, flushMessages, flushMs, maxMessageBytes, timestampType,
                fileDeleteDelayMs, cleanupPolicy, minCleanableDirtyRatio, deleteRetentionMs,
                minCompactionLagMs, maxCompactionLagMs, compression);
    }

    public LogConfig withRetentionBytes(long value) {
        return new LogConfig(segmentBytes, segmentMs, segmentJitterMs, segmentIndexBytes, indexIntervalBytes,
                retentionMs, value, flushMessages, flushMs, maxMessageBytes, timestampType,
                fileDeleteDelayMs, cleanupPolicy, minCleanableDirtyRatio, deleteRetentionMs,
                minCompactionLagMs, maxCompactionLagMs, compression);
    }

    public LogConfig withFlushMessages(long value) {
        return new LogConfig(segmentBytes, segmentMs, segmentJitterMs, segmentIndexBytes, indexIntervalBytes,
                retentionMs, retentionBytes, value, flushMs, maxMessageBytes, timestampType,
                fileDeleteDelayMs, cleanupPolicy, minCleanableDirtyRatio, deleteRetentionMs,
                minCompactionLagMs, maxCompactionLagMs, compression);
    }

    public LogConfig withFlushMs(long value) {
        return new LogConfig(segmentBytes, segmentMs, segmentJitterMs, segmentIndexBytes, indexIntervalBytes,
                retentionMs, retentionBytes, flushMessages, value, maxMessageBytes, timestampType,
                fileDeleteDelayMs, cleanupPolicy, minCleanableDirtyRatio, deleteRetentionMs,
                minCompactionLagMs, maxCompactionLagMs, compression);
    }

    public LogConfig withMaxMessageBytes(int value) {
        return new LogConfig(segmentBytes, segmentMs, segmentJitterMs, segmentIndexBytes, indexIntervalBytes,
                retentionMs, retentionBytes, flushMessages, flushMs, value, timestampType, fileDeleteDelayMs,
                cleanupPolicy, minCleanableDirtyRatio, deleteRetentionMs, minCompactionLagMs,
                maxCompactionLagMs, compression);
    }

    public LogConfig withTimestampType(TimestampType value) {
        return new LogConfig(segmentBytes, segmentMs, segmentJitterMs, segmentIndexBytes, indexIntervalBytes,
                retentionMs, retentionBytes, flushMessages, flushMs, maxMessageBytes, value,
                fileDeleteDelayMs, cleanupPolicy, minCleanableDirtyRatio, deleteRetentionMs,
                minCompactionLagMs, maxCompactionLagMs, compression);
    }

    public LogConfig withFileDeleteDelayMs(long value) {
        return new LogConfig(segmentBytes, segmentMs, segmentJitterMs, segmentIndexBytes, indexIntervalBytes,
                retentionMs, retentionBytes, flushMessages, flushMs, maxMessageBytes, timestampType, value,
                cleanupPolicy, minCleanableDirtyRatio, deleteRetentionMs, minCompactionLagMs,
                maxCompactionLagMs, compression);
    }

    public LogConfig withCleanupPolicy(CleanupPolicy value) {
        return new LogConfig(segmentBytes, segmentMs, segmentJitterMs, segmentIndexBytes, indexIntervalBytes,
                retentionMs, retentionBytes, flushMessages, flushMs, maxMessageBytes, timestampType,
                fileDeleteDelayMs, value, minCleanableDirtyRatio, deleteRetentionMs, minCompactionLagMs,
                maxCompactionLagMs, compression);
    }

    public LogConfig withMinCleanableDirtyRatio(double value) {
        return new LogConfig(segmentBytes, segmentMs, segmentJitterMs, segmentIndexBytes, indexIntervalBytes,
                retentionMs, retentionBytes, flushMessages, flushMs, maxMessageBytes, timestampType,
                fileDeleteDelayMs, cleanupPolicy, value, deleteRetentionMs, minCompactionLagMs,
                maxCompactionLagMs, compression);
    }

    public LogConfig withDeleteRetentionMs(long value) {
        return new LogConfig(segmentBytes, segmentMs, segmentJitterMs, segmentIndexBytes, indexIntervalBytes,
                retentionMs, retentionBytes, flushMessages, flushMs, maxMessageBytes, timestampType,
                fileDeleteDelayMs, cleanupPolicy, minCleanableDirtyRatio, value, minCompactionLagMs,
                maxCompactionLagMs, compression);
    }

    public LogConfig withMinCompactionLagMs(long value) {
        return new LogConfig(segmentBytes, segmentMs, segmentJitterMs, segmentIndexBytes, indexIntervalBytes,
                retentionMs, retentionBytes, flushMessages, flushMs, maxMessageBytes, timestampType,
                fileDeleteDelayMs, cleanupPolicy, minCleanableDirtyRatio, deleteRetentionMs, value,
                maxCompactionLagMs, compression);
    }

    public LogConfig withMaxCompactionLagMs(long value) {
        return new LogConfig(segmentBytes, segmentMs, segmentJitterMs, segmentIndexBytes, indexIntervalBytes,
                retentionMs, retentionBytes, flushMessages, flushMs, maxMessageBytes, timestampType,
                fileDeleteDelayMs, cleanupPolicy, minCleanableDirtyRatio, deleteRetentionMs,
                minCompactionLagMs, value, compression);
    }

    public LogConfig withCompression(Compression value) {
        return new LogConfig(segmentBytes, segmentMs, segmentJitterMs, segmentIndexBytes, indexIntervalBytes,
                retentionMs, retentionBytes, flushMessages, flushMs, maxMessageBytes, timestampType,
                fileDeleteDelayMs, cleanupPolicy, minCleanableDirtyRatio, deleteRetentionMs,
                minCompactionLagMs, maxCompactionLagMs, value);
    }
}

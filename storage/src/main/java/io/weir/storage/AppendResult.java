package io.weir.storage;

/**
 * What an append wrote. Thread-safety: immutable.
 *
 * <p>A duplicate ({@code duplicate() == true}) is a leader append that retried one of its
 * idempotent producer's last five batches: nothing was written, and the offsets are those the
 * original batch was written at, which the Produce response returns with error NONE.
 *
 * @param firstOffset offset of the first record appended (the log end offset before the append
 *     when nothing was appended; the original batch's first offset for a duplicate)
 * @param lastOffset offset of the last record appended ({@code firstOffset - 1} when nothing was;
 *     the original batch's last offset for a duplicate)
 * @param logAppendTimeMs the broker time stamped on the batches, or -1 for CreateTime topics (for
 *     a duplicate on a LogAppendTime topic, the time stamped on the original)
 * @param logStartOffset the log start offset after the append
 * @param maxTimestamp the largest batch maxTimestamp appended, -1 if none (the original's for a
 *     duplicate)
 * @param offsetOfMaxTimestamp last offset of the batch holding maxTimestamp, -1 if none
 * @param validBytes bytes appended (a partial trailing batch in the input is not counted; 0 for a
 *     duplicate)
 * @param recordCount records appended (0 for a duplicate)
 * @param duplicate whether the append was recognised as a retry and nothing was written
 */
public record AppendResult(
        long firstOffset,
        long lastOffset,
        long logAppendTimeMs,
        long logStartOffset,
        long maxTimestamp,
        long offsetOfMaxTimestamp,
        int validBytes,
        int recordCount,
        boolean duplicate) {}

package io.weir.storage;

/**
 * What an append wrote. Thread-safety: immutable.
 *
 * @param firstOffset offset of the first record appended (the log end offset before the append
 *     when nothing was appended)
 * @param lastOffset offset of the last record appended ({@code firstOffset - 1} when nothing was)
 * @param logAppendTimeMs the broker time stamped on the batches, or -1 for CreateTime topics
 * @param logStartOffset the log start offset after the append
 * @param maxTimestamp the largest batch maxTimestamp appended, -1 if none
 * @param offsetOfMaxTimestamp last offset of the batch holding maxTimestamp, -1 if none
 * @param validBytes bytes appended (a partial trailing batch in the input is not counted)
 * @param recordCount records appended
 */
public record AppendResult(
        long firstOffset,
        long lastOffset,
        long logAppendTimeMs,
        long logStartOffset,
        long maxTimestamp,
        long offsetOfMaxTimestamp,
        int validBytes,
        int recordCount) {}

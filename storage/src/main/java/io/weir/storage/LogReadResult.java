package io.weir.storage;

/**
 * A read's answer: the bytes to send and the log's offsets at read time. The caller must
 * {@link LogSlice#release()} the slice once the bytes are sent. Thread-safety: immutable.
 */
public record LogReadResult(LogSlice slice, long highWatermark, long logStartOffset, long logEndOffset) {}

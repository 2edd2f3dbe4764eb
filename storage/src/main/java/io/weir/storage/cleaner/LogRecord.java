package io.weir.storage.cleaner;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * One record of a v2 record batch, decoded. Buffers are read-only views into the batch's
 * (decompressed) bytes; they stay valid while that buffer is referenced. Thread-safety: immutable
 * (share the buffers only through {@code duplicate()}, since reading moves a buffer's position).
 *
 * @param offset the record's absolute offset (baseOffset + offsetDelta)
 * @param timestampMs the stored timestamp (baseTimestamp + timestampDelta); for a LogAppendTime
 *     batch clients see the batch's maxTimestamp instead
 * @param key the key, empty for a record without one
 * @param value the value, empty for a tombstone (null value)
 * @param headers the encoded headers exactly as stored: a varint count, then each header's
 *     varint key length, key, varint value length, value
 */
public record LogRecord(long offset, long timestampMs, Optional<ByteBuffer> key, Optional<ByteBuffer> value,
        ByteBuffer headers) {

    /** A record with a null value: it deletes its key in a compacted topic. */
    public boolean isTombstone() {
        return value.isEmpty();
    }
}

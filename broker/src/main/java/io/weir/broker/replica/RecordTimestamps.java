package io.weir.broker.replica;

import io.weir.storage.RecordBatchView;
import java.nio.ByteBuffer;
import java.util.OptionalInt;
import java.util.function.LongPredicate;

/**
 * Walks the records of an uncompressed v2 batch in place to read their timestamps. Record layout
 * (after the 61-byte batch header): length (zigzag varint: the bytes after it), attributes (int8),
 * timestampDelta (zigzag varlong, added to the batch's baseTimestamp), then fields not read here.
 * Thread-safety: stateless.
 */
final class RecordTimestamps {
    private RecordTimestamps() {}

    /**
     * The index of the first record whose timestamp fails {@code accepted}; empty when all pass or
     * when the records do not parse (the log's own checks then decide).
     */
    static OptionalInt firstRejected(RecordBatchView batch, LongPredicate accepted) {
        Cursor cursor = new Cursor(batch.bytes(), RecordBatchView.HEADER_BYTES);
        try {
            for (int index = 0; index < batch.recordsCount() && cursor.position < cursor.bytes.limit(); index++) {
                long length = cursor.readZigZagVarlong();
                int next = cursor.position + (int) length;
                if (length <= 0 || next > cursor.bytes.limit()) {
                    return OptionalInt.empty();
                }
                cursor.position++; // attributes
                long timestampMs = batch.baseTimestamp() + cursor.readZigZagVarlong();
                if (!accepted.test(timestampMs)) {
                    return OptionalInt.of(index);
                }
                cursor.position = next;
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return OptionalInt.empty();
        }
        return OptionalInt.empty();
    }

    /** A read position in the batch bytes. Not thread-safe; one per walk. */
    private static final class Cursor {
        private final ByteBuffer bytes;
        private int position;

        Cursor(ByteBuffer bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        long readZigZagVarlong() {
            long raw = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = bytes.get(position++);
                raw |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return (raw >>> 1) ^ -(raw & 1);
                }
            }
            throw new IllegalArgumentException("varint longer than 10 bytes");
        }
    }
}

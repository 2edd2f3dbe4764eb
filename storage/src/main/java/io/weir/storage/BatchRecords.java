package io.weir.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.LongPredicate;
import java.util.zip.GZIPInputStream;

/**
 * Reads record timestamps inside a v2 batch, for ListOffsets by time. Record layout: length
 * (zigzag varint, bytes that follow), attributes int8, timestampDelta (zigzag varlong),
 * offsetDelta (zigzag varint), then key, value and headers, which are skipped. Uncompressed batches
 * are read in place; gzip batches are inflated with the JDK; other codecs (snappy, lz4, zstd) are
 * not decoded here, so the answer for them is empty and callers fall back to the batch's base
 * offset, which never skips a matching record. Thread-safety: stateless.
 */
final class BatchRecords {
    private static final int GZIP = 1;

    private BatchRecords() {}

    /**
     * The first record at or after {@code minOffset} whose timestamp matches. When the codec
     * cannot be read here, or no record matches, the answer is the batch itself: its maxTimestamp
     * and its base offset (or minOffset when later), which never skips a matching record.
     */
    static TimestampAndOffset firstRecordMatching(RecordBatchView batch, LongPredicate timestampMatches, long minOffset) {
        TimestampAndOffset fallback =
                new TimestampAndOffset(batch.maxTimestamp(), Math.max(batch.baseOffset(), minOffset), OptionalInt.empty());
        if (batch.timestampType() == TimestampType.LOG_APPEND_TIME) {
            return fallback;
        }
        Optional<ByteBuffer> records = recordBytes(batch);
        if (records.isEmpty()) {
            return fallback;
        }
        try {
            return scan(batch, records.get(), timestampMatches, minOffset).orElse(fallback);
        } catch (RuntimeException malformed) {
            // The batch passed its CRC but its records do not parse: answer as for an unreadable codec.
            return fallback;
        }
    }

    private static Optional<TimestampAndOffset> scan(
            RecordBatchView batch, ByteBuffer buffer, LongPredicate timestampMatches, long minOffset) {
        for (int i = 0; i < batch.recordsCount() && buffer.hasRemaining(); i++) {
            int length = readVarint(buffer);
            int next = buffer.position() + length;
            buffer.get(); // attributes
            long timestamp = batch.baseTimestamp() + readVarlong(buffer);
            long offset = batch.baseOffset() + readVarint(buffer);
            if (offset >= minOffset && timestampMatches.test(timestamp)) {
                return Optional.of(new TimestampAndOffset(timestamp, offset, OptionalInt.empty()));
            }
            buffer.position(next);
        }
        return Optional.empty();
    }

    private static Optional<ByteBuffer> recordBytes(RecordBatchView batch) {
        ByteBuffer bytes = batch.bytes().position(RecordBatchView.HEADER_BYTES);
        ByteBuffer body = bytes.slice();
        if (batch.compressionCodec() == 0) {
            return Optional.of(body);
        }
        if (batch.compressionCodec() != GZIP) {
            return Optional.empty();
        }
        try (InputStream in = new GZIPInputStream(new ByteBufferInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return Optional.of(ByteBuffer.wrap(out.toByteArray()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static int readVarint(ByteBuffer buffer) {
        int raw = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = buffer.get();
            raw |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new IllegalArgumentException("varint longer than 5 bytes");
    }

    static long readVarlong(ByteBuffer buffer) {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            byte b = buffer.get();
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new IllegalArgumentException("varlong longer than 10 bytes");
    }

    /** An InputStream over a ByteBuffer's remaining bytes. */
    private static final class ByteBufferInputStream extends InputStream {
        private final ByteBuffer buffer;

        ByteBufferInputStream(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public int read() {
            return buffer.hasRemaining() ? buffer.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (!buffer.hasRemaining()) {
                return -1;
            }
            int n = Math.min(length, buffer.remaining());
            buffer.get(target, offset, n);
            return n;
        }
    }
}

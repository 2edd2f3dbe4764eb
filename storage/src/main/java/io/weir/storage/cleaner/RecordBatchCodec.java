package io.weir.storage.cleaner;

import io.weir.storage.Compression;
import io.weir.storage.RecordBatchView;
import io.weir.storage.TimestampType;
import io.weir.storage.errors.CorruptRecordException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * Decodes and re-encodes the records inside a v2 record batch (decompressing and recompressing
 * with the batch's codec). Record layout, after the 61-byte batch header and (for a compressed
 * batch) after decompression: length (zigzag varint, bytes that follow), attributes int8 (unused,
 * 0), timestampDelta (zigzag varlong, from baseTimestamp), offsetDelta (zigzag varint, from
 * baseOffset), key length (zigzag varint, -1 for null) and key, value length (-1 for null, a
 * tombstone) and value, header count (varint) and headers.
 *
 * <p>Delete horizon (KIP-534): attributes bit 6 set means baseTimestamp holds the time after which
 * the cleaner may remove the batch's tombstones; record timestamp deltas are then relative to that
 * value, so record timestamps are unchanged.
 *
 * <p>Thread-safety: stateless.
 */
public final class RecordBatchCodec {
    /** Attributes bit 6: baseTimestamp is the delete horizon (KIP-534). */
    static final int DELETE_HORIZON_MASK = 0x40;
    private static final int COMPRESSION_MASK = 0x07;

    private RecordBatchCodec() {}

    /**
     * Every record of the batch, decompressed when needed.
     *
     * @throws CorruptRecordException when the records do not parse or the codec is unknown
     */
    public static List<LogRecord> records(RecordBatchView batch) {
        ByteBuffer body = batch.bytes().position(RecordBatchView.HEADER_BYTES);
        ByteBuffer records = CompressionCodec.of(batch.compressionCodec()).decompress(body);
        int count = batch.recordsCount();
        List<LogRecord> out = new ArrayList<>(Math.max(0, Math.min(count, 1 << 16)));
        try {
            for (int i = 0; i < count; i++) {
                out.add(readRecord(records, batch.baseOffset(), batch.baseTimestamp()));
            }
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new CorruptRecordException("records of batch " + batch.baseOffset() + " do not parse: " + e);
        }
        return out;
    }

    /** Whether any record of the batch has a null key (compacted topics refuse such batches). */
    public static boolean hasRecordWithoutKey(RecordBatchView batch) {
        for (LogRecord record : records(batch)) {
            if (record.key().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The batch's delete horizon, when bit 6 of its attributes is set. */
    static OptionalLong deleteHorizonMs(RecordBatchView batch) {
        return (batch.attributes() & DELETE_HORIZON_MASK) != 0 ? OptionalLong.of(batch.baseTimestamp())
                : OptionalLong.empty();
    }

    private static LogRecord readRecord(ByteBuffer buffer, long baseOffset, long baseTimestamp) {
        int length = Varints.readVarint(buffer);
        int end = buffer.position() + length;
        if (length < 0 || end > buffer.limit()) {
            throw new IllegalArgumentException("record length " + length + " beyond the records");
        }
        buffer.get(); // attributes
        long timestamp = baseTimestamp + Varints.readVarlong(buffer);
        long offset = baseOffset + Varints.readVarint(buffer);
        Optional<ByteBuffer> key = readBytes(buffer);
        Optional<ByteBuffer> value = readBytes(buffer);
        ByteBuffer headers = buffer.duplicate().limit(end).slice().asReadOnlyBuffer();
        buffer.position(end);
        return new LogRecord(offset, timestamp, key, value, headers);
    }

    private static Optional<ByteBuffer> readBytes(ByteBuffer buffer) {
        int length = Varints.readVarint(buffer);
        if (length < 0) {
            return Optional.empty();
        }
        ByteBuffer bytes = buffer.duplicate().limit(buffer.position() + length).slice().asReadOnlyBuffer();
        buffer.position(buffer.position() + length);
        return Optional.of(bytes);
    }

    /**
     * A batch with the same baseOffset, lastOffsetDelta, partition leader epoch, producer id, epoch
     * and base sequence, timestamp type, transactional and control bits and codec as
     * {@code original}, holding only {@code retained} (a subset of its records, in order). With a
     * delete horizon, bit 6 is set and baseTimestamp holds it. maxTimestamp is the largest
     * retained timestamp for CreateTime (the original's when none is retained or for LogAppendTime).
     */
    static ByteBuffer rewrite(RecordBatchView original, List<LogRecord> retained, OptionalLong deleteHorizonMs) {
        if (retained.isEmpty()) {
            return emptyBatch(original);
        }
        int codecId = original.compressionCodec();
        return encode(original, retained, deleteHorizonMs, codecId, Compression.defaultLevel(codecId));
    }

    /**
     * {@code original} with the same records, offsets, producer fields and timestamps, compressed
     * with codec {@code codecId} at {@code level} instead (a topic whose {@code compression.type}
     * is not {@code producer}; see {@link io.weir.storage.Compression} for the levels).
     *
     * @throws CorruptRecordException if the records do not decode
     */
    public static ByteBuffer recompress(RecordBatchView original, int codecId, int level) {
        return encode(original, records(original), OptionalLong.empty(), codecId, level);
    }

    private static ByteBuffer encode(RecordBatchView original, List<LogRecord> retained, OptionalLong deleteHorizonMs,
            int codecId, int level) {
        long baseTimestamp = deleteHorizonMs.orElse(
                deleteHorizonMs(original).isPresent() ? retained.get(0).timestampMs() : original.baseTimestamp());
        long maxTimestamp = original.timestampType() == TimestampType.LOG_APPEND_TIME ? original.maxTimestamp()
                : retained.stream().mapToLong(LogRecord::timestampMs).max().orElse(original.maxTimestamp());
        ByteSink records = new ByteSink(256 * retained.size());
        for (LogRecord record : retained) {
            writeRecord(records, record, original.baseOffset(), baseTimestamp);
        }
        CompressionCodec codec = CompressionCodec.of(codecId);
        byte[] body = codec == CompressionCodec.NONE ? records.toByteArray()
                : codec.compress(records.array(), 0, records.size(), level);
        int attributes = (original.attributes() & ~(DELETE_HORIZON_MASK | COMPRESSION_MASK)) | codecId;
        if (deleteHorizonMs.isPresent()) {
            attributes |= DELETE_HORIZON_MASK;
        }
        return assemble(original, (short) attributes, baseTimestamp, maxTimestamp, retained.size(), body);
    }

    /**
     * A batch without records keeping {@code original}'s offsets and producer fields: what is left
     * of an idempotent producer's last batch once compaction removed all its records, so that its
     * sequence numbers stay in the log. Uncompressed, no delete horizon.
     */
    static ByteBuffer emptyBatch(RecordBatchView original) {
        int attributes = original.attributes() & ~(DELETE_HORIZON_MASK | COMPRESSION_MASK);
        return assemble(original, (short) attributes, original.baseTimestamp(), original.maxTimestamp(), 0, new byte[0]);
    }

    private static ByteBuffer assemble(RecordBatchView original, short attributes, long baseTimestamp,
            long maxTimestamp, int recordsCount, byte[] body) {
        int size = RecordBatchView.HEADER_BYTES + body.length;
        ByteBuffer batch = ByteBuffer.allocate(size);
        batch.putLong(original.baseOffset());
        batch.putInt(size - RecordBatchView.LOG_OVERHEAD);
        batch.putInt(original.partitionLeaderEpoch());
        batch.put(RecordBatchView.MAGIC_V2);
        batch.putInt(0); // CRC, below
        batch.putShort(attributes);
        batch.putInt(original.lastOffsetDelta());
        batch.putLong(baseTimestamp);
        batch.putLong(maxTimestamp);
        batch.putLong(original.producerId());
        batch.putShort(original.producerEpoch());
        batch.putInt(original.baseSequence());
        batch.putInt(recordsCount);
        batch.put(body);
        CRC32C crc = new CRC32C();
        crc.update(batch.array(), 21, size - 21);
        batch.putInt(17, (int) crc.getValue());
        return batch.flip();
    }

    private static void writeRecord(ByteSink out, LogRecord record, long baseOffset, long baseTimestamp) {
        int keyLength = record.key().map(ByteBuffer::remaining).orElse(-1);
        int valueLength = record.value().map(ByteBuffer::remaining).orElse(-1);
        long timestampDelta = record.timestampMs() - baseTimestamp;
        int offsetDelta = Math.toIntExact(record.offset() - baseOffset);
        int bodyBytes = 1 + Varints.sizeOfVarlong(timestampDelta) + Varints.sizeOfVarint(offsetDelta)
                + Varints.sizeOfVarint(keyLength) + Math.max(0, keyLength)
                + Varints.sizeOfVarint(valueLength) + Math.max(0, valueLength) + record.headers().remaining();
        out.putVarint(bodyBytes);
        out.put((byte) 0);
        out.putVarlong(timestampDelta);
        out.putVarint(offsetDelta);
        out.putVarint(keyLength);
        record.key().ifPresent(out::put);
        out.putVarint(valueLength);
        record.value().ifPresent(out::put);
        out.put(record.headers());
    }

    /** A growable byte array. Not thread-safe. */
    private static final class ByteSink {
        private byte[] bytes;
        private int size;

        ByteSink(int initialBytes) {
            bytes = new byte[Math.max(64, initialBytes)];
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        void put(byte b) {
            ensure(1);
            bytes[size++] = b;
        }

        void put(ByteBuffer source) {
            int n = source.remaining();
            ensure(n);
            source.duplicate().get(bytes, size, n);
            size += n;
        }

        void putVarint(int value) {
            putVarlong(value);
        }

        void putVarlong(long value) {
            long raw = (value << 1) ^ (value >> 63);
            ensure(10);
            while ((raw & ~0x7FL) != 0) {
                bytes[size++] = (byte) ((raw & 0x7F) | 0x80);
                raw >>>= 7;
            }
            bytes[size++] = (byte) raw;
        }

        byte[] array() {
            return bytes;
        }

        int size() {
            return size;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }
    }
}

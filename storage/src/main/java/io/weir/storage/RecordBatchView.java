package io.weir.storage;

import io.weir.storage.errors.CorruptRecordException;
import io.weir.storage.errors.InvalidRecordException;
import io.weir.storage.errors.RecordTooLargeException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.CRC32C;

/**
 * Reads one Kafka record batch (format v2, magic 2) in place in a ByteBuffer, and writes the
 * fields the broker assigns. Nothing is copied.
 *
 * <p>Header layout, big-endian: baseOffset int64 @0, batchLength int32 @8 (bytes after this
 * field), partitionLeaderEpoch int32 @12, magic int8 @16, crc uint32 @17 (CRC-32C over bytes @21 to
 * the end of the batch), attributes int16 @21 (bits 0-2 compression codec, bit 3 timestamp type
 * 1=LogAppendTime, bit 4 transactional, bit 5 control), lastOffsetDelta int32 @23, baseTimestamp
 * int64 @27, maxTimestamp int64 @35, producerId int64 @43, producerEpoch int16 @51, baseSequence
 * int32 @53, recordsCount int32 @57; records follow at @61. Because the CRC starts at the attributes,
 * {@link #setBaseOffset} and {@link #setPartitionLeaderEpoch} need no CRC update;
 * {@link #setMaxTimestamp} recomputes it.
 *
 * <p>Thread-safety: none; a view is as safe as the buffer under it. Absolute accessors only, so the
 * buffer's position and limit are never changed.
 */
public final class RecordBatchView {
    /** Bytes before the batchLength-counted part: baseOffset and batchLength. */
    public static final int LOG_OVERHEAD = 12;
    /** Size of the v2 batch header; the smallest valid v2 batch (no records) is this long. */
    public static final int HEADER_BYTES = 61;
    /** The only magic this log stores. */
    public static final byte MAGIC_V2 = 2;
    /** Value of producerId, producerEpoch and baseSequence when the producer is not idempotent. */
    public static final long NO_PRODUCER_ID = -1;

    static final int LENGTH_OFFSET = 8;
    static final int LEADER_EPOCH_OFFSET = 12;
    static final int MAGIC_OFFSET = 16;
    static final int CRC_OFFSET = 17;
    static final int ATTRIBUTES_OFFSET = 21;
    static final int LAST_OFFSET_DELTA_OFFSET = 23;
    static final int BASE_TIMESTAMP_OFFSET = 27;
    static final int MAX_TIMESTAMP_OFFSET = 35;
    static final int PRODUCER_ID_OFFSET = 43;
    static final int PRODUCER_EPOCH_OFFSET = 51;
    static final int BASE_SEQUENCE_OFFSET = 53;
    static final int RECORDS_COUNT_OFFSET = 57;

    private static final int COMPRESSION_MASK = 0x07;
    private static final int TIMESTAMP_TYPE_MASK = 0x08;
    private static final int TRANSACTIONAL_MASK = 0x10;
    private static final int CONTROL_MASK = 0x20;

    private final ByteBuffer buffer;
    private final int position;

    /** A view of the batch starting at absolute {@code position} of {@code buffer}. */
    public RecordBatchView(ByteBuffer buffer, int position) {
        this.buffer = buffer;
        this.position = position;
    }

    /** Iterates the batches from the buffer's position to its limit; see {@link BatchIterator}. */
    public static Iterator<RecordBatchView> batches(ByteBuffer buffer) {
        return new BatchIterator(buffer);
    }

    /** Bytes from the buffer's position covered by complete batches (a partial tail excluded). */
    public static int validBytes(ByteBuffer buffer) {
        int end = buffer.position();
        for (Iterator<RecordBatchView> it = batches(buffer); it.hasNext(); ) {
            RecordBatchView batch = it.next();
            end = batch.position() + batch.sizeInBytes();
        }
        return end - buffer.position();
    }

    public int position() {
        return position;
    }

    public long baseOffset() {
        return buffer.getLong(position);
    }

    public int batchLength() {
        return buffer.getInt(position + LENGTH_OFFSET);
    }

    /** Whole batch size: batchLength plus the 12 bytes of baseOffset and batchLength. */
    public int sizeInBytes() {
        return batchLength() + LOG_OVERHEAD;
    }

    public int partitionLeaderEpoch() {
        return buffer.getInt(position + LEADER_EPOCH_OFFSET);
    }

    public byte magic() {
        return buffer.get(position + MAGIC_OFFSET);
    }

    public long crc() {
        return Integer.toUnsignedLong(buffer.getInt(position + CRC_OFFSET));
    }

    public short attributes() {
        return buffer.getShort(position + ATTRIBUTES_OFFSET);
    }

    /** Compression codec id: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd. */
    public int compressionCodec() {
        return attributes() & COMPRESSION_MASK;
    }

    public TimestampType timestampType() {
        return (attributes() & TIMESTAMP_TYPE_MASK) != 0 ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
    }

    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_MASK) != 0;
    }

    public boolean isControl() {
        return (attributes() & CONTROL_MASK) != 0;
    }

    public int lastOffsetDelta() {
        return buffer.getInt(position + LAST_OFFSET_DELTA_OFFSET);
    }

    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    public long baseTimestamp() {
        return buffer.getLong(position + BASE_TIMESTAMP_OFFSET);
    }

    public long maxTimestamp() {
        return buffer.getLong(position + MAX_TIMESTAMP_OFFSET);
    }

    public long producerId() {
        return buffer.getLong(position + PRODUCER_ID_OFFSET);
    }

    public short producerEpoch() {
        return buffer.getShort(position + PRODUCER_EPOCH_OFFSET);
    }

    public int baseSequence() {
        return buffer.getInt(position + BASE_SEQUENCE_OFFSET);
    }

    public int recordsCount() {
        return buffer.getInt(position + RECORDS_COUNT_OFFSET);
    }

    /** Broker-assigned; not covered by the CRC. */
    public void setBaseOffset(long baseOffset) {
        buffer.putLong(position, baseOffset);
    }

    /** Broker-assigned; not covered by the CRC. */
    public void setPartitionLeaderEpoch(int epoch) {
        buffer.putInt(position + LEADER_EPOCH_OFFSET, epoch);
    }

    /**
     * Sets the timestamp-type attribute bit and maxTimestamp, then recomputes the CRC (both fields
     * are covered by it). Does nothing, and keeps the CRC untouched, when both already match.
     */
    public void setMaxTimestamp(TimestampType type, long maxTimestampMs) {
        short attributes = attributes();
        short newAttributes = type == TimestampType.LOG_APPEND_TIME
                ? (short) (attributes | TIMESTAMP_TYPE_MASK)
                : (short) (attributes & ~TIMESTAMP_TYPE_MASK);
        if (newAttributes == attributes && maxTimestamp() == maxTimestampMs) {
            return;
        }
        buffer.putShort(position + ATTRIBUTES_OFFSET, newAttributes);
        buffer.putLong(position + MAX_TIMESTAMP_OFFSET, maxTimestampMs);
        buffer.putInt(position + CRC_OFFSET, (int) computeCrc());
    }

    /** CRC-32C of the bytes from the attributes to the end of the batch. */
    public long computeCrc() {
        CRC32C crc = new CRC32C();
        ByteBuffer region = buffer.duplicate();
        region.limit(position + sizeInBytes()).position(position + ATTRIBUTES_OFFSET);
        crc.update(region);
        return crc.getValue();
    }

    /** The batch's bytes as an independent buffer view (shared content, own position/limit). */
    public ByteBuffer bytes() {
        ByteBuffer region = buffer.duplicate();
        region.limit(position + sizeInBytes()).position(position);
        return region.slice();
    }

    /**
     * Structural checks any stored batch must pass: enough bytes for the header and for
     * batchLength, magic 2, batchLength not below the v2 header, CRC-32C matching.
     *
     * @throws InvalidRecordException magic 0 or 1 (what Kafka answers for them on produce v3+)
     * @throws CorruptRecordException anything else wrong
     */
    public void validate() {
        int available = buffer.limit() - position;
        if (available < LOG_OVERHEAD + 5) {
            throw new CorruptRecordException("batch at " + position + " truncated: " + available + " bytes");
        }
        byte magic = magic();
        if (magic == 0 || magic == 1) {
            throw new InvalidRecordException("only record batches with magic 2 are accepted, got magic " + magic);
        }
        if (magic != MAGIC_V2) {
            throw new CorruptRecordException("invalid magic " + magic + " in batch at " + position);
        }
        int length = batchLength();
        if (length < HEADER_BYTES - LOG_OVERHEAD || length > available - LOG_OVERHEAD) {
            throw new CorruptRecordException("batch at " + position + " has batchLength " + length
                    + " with " + (available - LOG_OVERHEAD) + " bytes present");
        }
        long computed = computeCrc();
        if (computed != crc()) {
            throw new CorruptRecordException("batch at " + position + " has CRC " + crc() + " but contents give " + computed);
        }
    }

    /**
     * Everything {@link #validate()} checks, plus what Kafka refuses from a producer (a leader
     * append): size above maxMessageBytes (MESSAGE_TOO_LARGE); recordsCount not positive,
     * lastOffsetDelta negative or not equal to recordsCount-1, a control batch, a producer id with a
     * negative base sequence (all INVALID_RECORD). Kafka checks count against lastOffsetDelta for
     * compressed and uncompressed batches alike.
     */
    public void validateFromProducer(int maxMessageBytes) {
        validate();
        if (sizeInBytes() > maxMessageBytes) {
            throw new RecordTooLargeException("batch of " + sizeInBytes() + " bytes exceeds max.message.bytes " + maxMessageBytes);
        }
        int count = recordsCount();
        int lastDelta = lastOffsetDelta();
        if (count <= 0) {
            throw new InvalidRecordException("invalid reported record count " + count);
        }
        if (lastDelta < 0 || (long) lastDelta + 1 != count) {
            throw new InvalidRecordException("lastOffsetDelta " + lastDelta + " inconsistent with record count " + count);
        }
        if (isControl()) {
            throw new InvalidRecordException("clients may not write control batches");
        }
        if (producerId() >= 0 && baseSequence() < 0) {
            throw new InvalidRecordException("producer id " + producerId() + " with invalid base sequence " + baseSequence());
        }
    }

    @Override
    public String toString() {
        return "RecordBatch(baseOffset=" + baseOffset() + ", lastOffset=" + lastOffset() + ", size=" + sizeInBytes()
                + ", epoch=" + partitionLeaderEpoch() + ")";
    }

    /**
     * Iterates batches by their length fields without validating contents. Stops cleanly (no
     * more elements) when fewer bytes remain than a batch header's first 17 bytes or than the
     * batch's declared size: a partial trailing batch is simply not returned. Throws
     * CorruptRecordException only when a length field is below the v2 header size, since the
     * iterator then cannot step over the batch. Thread-safety: none.
     */
    static final class BatchIterator implements Iterator<RecordBatchView> {
        private final ByteBuffer buffer;
        private int next;

        BatchIterator(ByteBuffer buffer) {
            this.buffer = buffer;
            this.next = buffer.position();
        }

        @Override
        public boolean hasNext() {
            int remaining = buffer.limit() - next;
            if (remaining < LOG_OVERHEAD + 5) {
                return false;
            }
            int length = buffer.getInt(next + LENGTH_OFFSET);
            byte magic = buffer.get(next + MAGIC_OFFSET);
            if (magic == MAGIC_V2 && length < HEADER_BYTES - LOG_OVERHEAD) {
                throw new CorruptRecordException("batch at " + next + " has batchLength " + length);
            }
            if (length < 0) {
                throw new CorruptRecordException("batch at " + next + " has negative batchLength " + length);
            }
            return (long) length + LOG_OVERHEAD <= remaining;
        }

        @Override
        public RecordBatchView next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            RecordBatchView view = new RecordBatchView(buffer, next);
            next += view.sizeInBytes();
            return view;
        }
    }
}

package io.weir.storage;

import io.weir.storage.producer.TransactionResult;
import java.nio.ByteBuffer;

/**
 * Builds the end-transaction control batch a transaction coordinator writes to each partition of a
 * transaction (WriteTxnMarkers, KIP-98). Format: a record batch v2 with attributes transactional
 * ({@code 0x10}) and control ({@code 0x20}), CreateTime, uncompressed; producer id and epoch of the
 * transaction, base sequence -1, last offset delta 0, base and max timestamp the marker's time, one
 * record (attributes 0, timestamp delta 0, offset delta 0, no headers) whose key is {@code version
 * int16 = 0, type int16} (0 ABORT, 1 COMMIT) and whose value is {@code version int16 = 0,
 * coordinatorEpoch int32}. Base offset 0 and partition leader epoch -1 until the log assigns them.
 * Thread-safety: stateless.
 */
public final class ControlBatches {
    private static final short ATTRIBUTES = 0x10 | 0x20;
    private static final short KEY_VERSION = 0;
    private static final short VALUE_VERSION = 0;
    private static final int KEY_BYTES = 4;
    private static final int VALUE_BYTES = 6;
    private static final int NO_SEQUENCE = -1;
    private static final int NO_PARTITION_LEADER_EPOCH = -1;

    private ControlBatches() {}

    /** The marker batch ending {@code producerId}'s transaction with {@code result}. */
    public static ByteBuffer endTransactionMarker(long producerId, short producerEpoch, int coordinatorEpoch,
            TransactionResult result, long timestampMs) {
        // record body: attributes, timestamp delta 0, offset delta 0, key length, key, value length, value, header count
        int bodyBytes = 1 + 1 + 1 + 1 + KEY_BYTES + 1 + VALUE_BYTES + 1;
        int recordBytes = 1 + bodyBytes;
        int size = RecordBatchView.HEADER_BYTES + recordBytes;
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putLong(0L) // base offset
                .putInt(size - RecordBatchView.LOG_OVERHEAD)
                .putInt(NO_PARTITION_LEADER_EPOCH)
                .put(RecordBatchView.MAGIC_V2)
                .putInt(0) // crc, set below
                .putShort(ATTRIBUTES)
                .putInt(0) // last offset delta
                .putLong(timestampMs)
                .putLong(timestampMs)
                .putLong(producerId)
                .putShort(producerEpoch)
                .putInt(NO_SEQUENCE)
                .putInt(1);
        buffer.put(zigzag(bodyBytes))
                .put((byte) 0) // record attributes
                .put(zigzag(0)) // timestamp delta
                .put(zigzag(0)) // offset delta
                .put(zigzag(KEY_BYTES))
                .putShort(KEY_VERSION)
                .putShort(result == TransactionResult.COMMIT ? (short) 1 : (short) 0)
                .put(zigzag(VALUE_BYTES))
                .putShort(VALUE_VERSION)
                .putInt(coordinatorEpoch)
                .put(zigzag(0)); // header count
        buffer.flip();
        RecordBatchView view = new RecordBatchView(buffer, 0);
        buffer.putInt(RecordBatchView.CRC_OFFSET, (int) view.computeCrc());
        return buffer;
    }

    /** A one-byte zig-zag varint; every value written here is below 64. */
    private static byte zigzag(int value) {
        return (byte) ((value << 1) ^ (value >> 31));
    }
}

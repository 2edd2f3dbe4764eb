package io.weir.broker.group;

import io.weir.storage.RecordBatchView;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Packs coordinator records into one Kafka record batch (format v2, magic 2, uncompressed, no
 * producer id, CreateTime), and unpacks the batches read back from the log. Each record's key and
 * value are {@link RecordCodec}'s bytes; a tombstone has a null value. Control batches are skipped;
 * compressed batches are refused (the coordinator never writes them). Stateless and thread-safe.
 */
public final class RecordBatches {
    private static final int HEADER_BYTES = RecordBatchView.HEADER_BYTES;
    private static final int LENGTH_FIELD_END = 12;
    private static final int ATTRIBUTES_OFFSET = 21;
    private static final int CRC_OFFSET = 17;

    private RecordBatches() {}

    /**
     * A record's key and value as bytes: what any coordinator (groups, transactions) stores.
     *
     * @param key the key bytes
     * @param value the value bytes; empty for a tombstone
     */
    public record Entry(byte[] key, Optional<byte[]> value) {}

    /** Receives one decoded record: its key and its value (empty for a tombstone). */
    @FunctionalInterface
    public interface EntrySink {
        void accept(ByteBuffer key, Optional<ByteBuffer> value);
    }

    /** One batch holding {@code records} in order, base offset 0 (the log assigns offsets). */
    public static ByteBuffer encode(List<CoordinatorRecord> records, long timestampMs) {
        return encodeEntries(records.stream().map(r -> new Entry(RecordCodec.key(r), RecordCodec.value(r))).toList(), timestampMs);
    }

    /** One batch holding the key/value {@code entries} in order, base offset 0 (the log assigns offsets). */
    public static ByteBuffer encodeEntries(List<Entry> records, long timestampMs) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one record");
        }
        List<byte[]> encoded = new ArrayList<>(records.size());
        int bodyBytes = 0;
        for (int i = 0; i < records.size(); i++) {
            byte[] record = encodeRecord(records.get(i), i);
            encoded.add(record);
            bodyBytes += record.length;
        }
        ByteBuffer batch = ByteBuffer.allocate(HEADER_BYTES + bodyBytes);
        batch.putLong(0L).putInt(HEADER_BYTES + bodyBytes - LENGTH_FIELD_END).putInt(-1).put((byte) 2).putInt(0)
                .putShort((short) 0).putInt(records.size() - 1).putLong(timestampMs).putLong(timestampMs).putLong(-1L)
                .putShort((short) -1).putInt(-1).putInt(records.size());
        encoded.forEach(batch::put);
        CRC32C crc = new CRC32C();
        crc.update(batch.array(), ATTRIBUTES_OFFSET, batch.capacity() - ATTRIBUTES_OFFSET);
        batch.putInt(CRC_OFFSET, (int) crc.getValue());
        return batch.flip();
    }

    private static byte[] encodeRecord(Entry record, int offsetDelta) {
        byte[] key = record.key();
        Optional<byte[]> value = record.value();
        ByteBuffer body = ByteBuffer.allocate(32 + key.length + value.map(v -> v.length).orElse(0));
        body.put((byte) 0);
        Varints.writeVarlong(body, 0);
        Varints.writeVarint(body, offsetDelta);
        Varints.writeVarint(body, key.length);
        body.put(key);
        if (value.isPresent()) {
            Varints.writeVarint(body, value.get().length);
            body.put(value.get());
        } else {
            Varints.writeVarint(body, -1);
        }
        Varints.writeVarint(body, 0);
        body.flip();
        ByteBuffer framed = ByteBuffer.allocate(5 + body.remaining());
        Varints.writeVarint(framed, body.remaining());
        framed.put(body);
        byte[] bytes = new byte[framed.position()];
        framed.flip().get(bytes);
        return bytes;
    }

    /**
     * The records of the whole batches in {@code buffer} (from its position), handed to {@code sink}
     * in log order.
     *
     * @return the offset after the last whole batch, or -1 when the buffer holds no whole batch
     * @throws IllegalArgumentException for a compressed batch or records that do not parse
     */
    public static long decode(ByteBuffer buffer, Consumer<CoordinatorRecord> sink) {
        return decodeEntries(buffer, (key, value) -> RecordCodec.decode(key, value).ifPresent(sink));
    }

    /**
     * The key/value records of the whole non-control batches in {@code buffer} (from its position),
     * in log order; records without a key are skipped.
     *
     * @return the offset after the last whole batch, or -1 when the buffer holds no whole batch
     * @throws IllegalArgumentException for a compressed batch
     */
    public static long decodeEntries(ByteBuffer buffer, EntrySink sink) {
        long next = -1;
        for (Iterator<RecordBatchView> it = RecordBatchView.batches(buffer); it.hasNext(); ) {
            RecordBatchView batch = it.next();
            next = batch.lastOffset() + 1;
            if (batch.isControl()) {
                continue;
            }
            if (batch.compressionCodec() != 0) {
                throw new IllegalArgumentException("compressed batch at offset " + batch.baseOffset() + " in a coordinator topic");
            }
            ByteBuffer records = batch.bytes().position(HEADER_BYTES).slice();
            for (int i = 0; i < batch.recordsCount(); i++) {
                decodeRecord(records, sink);
            }
        }
        return next;
    }

    private static void decodeRecord(ByteBuffer records, EntrySink sink) {
        int length = Varints.readVarint(records);
        int end = records.position() + length;
        records.get();
        Varints.readVarlong(records);
        Varints.readVarint(records);
        int keyLength = Varints.readVarint(records);
        if (keyLength < 0) {
            records.position(end);
            return;
        }
        ByteBuffer key = records.slice(records.position(), keyLength);
        records.position(records.position() + keyLength);
        int valueLength = Varints.readVarint(records);
        Optional<ByteBuffer> value = valueLength < 0 ? Optional.empty() : Optional.of(records.slice(records.position(), valueLength));
        records.position(end);
        sink.accept(key, value);
    }
}

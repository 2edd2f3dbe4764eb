package io.weir.storage.cleaner;

import io.weir.storage.LogReadResult;
import io.weir.storage.LogSlice;
import io.weir.storage.PartitionLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/** Builds keyed v2 batches with kafka-clients and reads logs back as kafka-clients parses them. */
final class KeyedBatches {
    private KeyedBatches() {}

    /** A record to write: a null value is a tombstone, a null key a keyless record. */
    record Kv(String key, String value) {}

    static Kv kv(String key, String value) {
        return new Kv(key, value);
    }

    static final List<Compression> CODECS = List.of(Compression.NONE, Compression.gzip().build(),
            Compression.snappy().build(), Compression.lz4().build(), Compression.zstd().build());

    /** One batch, record i with timestamp timestampMs + i and one header "h" = [i]. */
    static ByteBuffer batch(Compression compression, long timestampMs, List<Kv> records) {
        return build(MemoryRecords.builder(ByteBuffer.allocate(1024 + sizeOf(records)), compression,
                TimestampType.CREATE_TIME, 0L), timestampMs, records);
    }

    static ByteBuffer batch(long timestampMs, Kv... records) {
        return batch(Compression.NONE, timestampMs, List.of(records));
    }

    /** A batch from an idempotent producer. */
    static ByteBuffer idempotentBatch(long producerId, short epoch, int baseSequence, long timestampMs, Kv... records) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024 + sizeOf(List.of(records))),
                RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE, TimestampType.CREATE_TIME, 0L, timestampMs, producerId,
                epoch, baseSequence, false, RecordBatch.NO_PARTITION_LEADER_EPOCH);
        return build(builder, timestampMs, List.of(records));
    }

    private static int sizeOf(List<Kv> records) {
        int size = 0;
        for (Kv kv : records) {
            size += 64 + (kv.key() == null ? 0 : kv.key().length() * 4) + (kv.value() == null ? 0 : kv.value().length() * 4);
        }
        return size;
    }

    private static ByteBuffer build(MemoryRecordsBuilder builder, long timestampMs, List<Kv> records) {
        for (int i = 0; i < records.size(); i++) {
            Kv kv = records.get(i);
            builder.append(timestampMs + i, bytes(kv.key()), bytes(kv.value()),
                    new Header[] {new RecordHeader("h", new byte[] {(byte) i})});
        }
        return builder.build().buffer();
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** A record as kafka-clients parses it. */
    record Parsed(long offset, long timestamp, String key, String value, int headerCount) {}

    /** Every record of the buffer's batches, each batch checked with kafka-clients' ensureValid. */
    static List<Parsed> parse(ByteBuffer bytes) {
        List<Parsed> out = new ArrayList<>();
        for (RecordBatch batch : MemoryRecords.readableRecords(bytes.duplicate()).batches()) {
            batch.ensureValid();
            for (Record record : batch) {
                out.add(new Parsed(record.offset(), record.timestamp(), string(record.key()), string(record.value()),
                        record.headers().length));
            }
        }
        return out;
    }

    private static String string(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Everything from the log start to the log end, following segments and skipping empty batches. */
    static List<Parsed> readAll(PartitionLog log) {
        List<Parsed> out = new ArrayList<>();
        long next = log.logStartOffset();
        while (next < log.logEndOffset()) {
            LogReadResult result = log.read(next, 1 << 20, Long.MAX_VALUE, true);
            try (LogSlice slice = result.slice()) {
                if (slice.isEmpty()) {
                    break;
                }
                ByteBuffer bytes = slice.readFully();
                for (RecordBatch batch : MemoryRecords.readableRecords(bytes.duplicate()).batches()) {
                    next = Math.max(next, batch.lastOffset() + 1);
                }
                for (Parsed record : parse(bytes)) {
                    if (out.isEmpty() || record.offset() > out.get(out.size() - 1).offset()) {
                        out.add(record);
                    }
                }
            }
        }
        return out;
    }

    /** The live state after applying the records in order: a tombstone removes its key. */
    static Map<String, String> liveState(List<Parsed> records) {
        Map<String, String> state = new LinkedHashMap<>();
        for (Parsed record : records) {
            if (record.value() == null) {
                state.remove(record.key());
            } else {
                state.put(record.key(), record.value());
            }
        }
        return state;
    }
}

package io.weir.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/** Builds real v2 batches with kafka-clients and parses what the log hands back. */
final class Batches {
    private Batches() {}

    /** One uncompressed batch of {@code count} records, all with {@code timestampMs}. */
    static ByteBuffer batch(long timestampMs, int count) {
        return batch(Compression.NONE, timestampMs, count, 16);
    }

    /** One batch with {@code count} records of about {@code valueBytes} each, timestamps timestampMs+i. */
    static ByteBuffer batch(Compression compression, long timestampMs, int count, int valueBytes) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024 + count * (valueBytes + 64)),
                compression, TimestampType.CREATE_TIME, 0L);
        for (int i = 0; i < count; i++) {
            byte[] value = ("v" + i + "-" + "x".repeat(Math.max(0, valueBytes - 4))).getBytes(StandardCharsets.UTF_8);
            builder.append(timestampMs + i, ("k" + i).getBytes(StandardCharsets.UTF_8), value,
                    new Header[] {new RecordHeader("h", new byte[] {(byte) i})});
        }
        return builder.build().buffer();
    }

    /** A batch from an idempotent producer. */
    static ByteBuffer idempotentBatch(long producerId, short epoch, int baseSequence, long timestampMs, int count) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(4096), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE, TimestampType.CREATE_TIME, 0L, timestampMs, producerId, epoch, baseSequence, false,
                RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (int i = 0; i < count; i++) {
            builder.append(timestampMs + i, null, ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build().buffer();
    }

    /** Concatenates buffers into one. */
    static ByteBuffer concat(ByteBuffer... parts) {
        int size = 0;
        for (ByteBuffer part : parts) {
            size += part.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer part : parts) {
            all.put(part.duplicate());
        }
        return all.flip();
    }

    /** A record as parsed by kafka-clients. */
    record Parsed(long offset, long timestamp, String key, String value, int leaderEpoch) {}

    static List<Parsed> parse(ByteBuffer bytes) {
        List<Parsed> out = new ArrayList<>();
        for (RecordBatch batch : MemoryRecords.readableRecords(bytes.duplicate()).batches()) {
            batch.ensureValid();
            for (Record record : batch) {
                out.add(new Parsed(record.offset(), record.timestamp(), string(record.key()), string(record.value()),
                        batch.partitionLeaderEpoch()));
            }
        }
        return out;
    }

    static List<Long> offsets(ByteBuffer bytes) {
        return parse(bytes).stream().map(Parsed::offset).toList();
    }

    private static String string(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Reads everything from startOffset to the log end, following segments, as kafka-clients parses it. */
    static List<Parsed> readAll(PartitionLog log, long startOffset) {
        List<Parsed> out = new ArrayList<>();
        long next = startOffset;
        while (next < log.logEndOffset()) {
            LogReadResult result = log.read(next, 1 << 20, Long.MAX_VALUE, true);
            try (LogSlice slice = result.slice()) {
                if (slice.isEmpty()) {
                    break;
                }
                List<Parsed> parsed = parse(slice.readFully());
                for (Parsed record : parsed) {
                    if (record.offset() >= next) {
                        out.add(record);
                    }
                }
                next = parsed.get(parsed.size() - 1).offset() + 1;
            }
        }
        return out;
    }
}

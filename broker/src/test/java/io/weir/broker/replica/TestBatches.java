package io.weir.broker.replica;

import io.weir.storage.LogSlice;
import io.weir.storage.PartitionLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/** Record batches built with kafka-clients, as a producer would send them. */
public final class TestBatches {
    private TestBatches() {}

    /** One batch of the given values, record i stamped timestampMs + i. */
    public static ByteBuffer batch(Compression compression, long timestampMs, String... values) {
        return build(compression, timestampMs, RecordBatch.NO_PRODUCER_ID, (short) -1, -1, false, values);
    }

    public static ByteBuffer batch(long timestampMs, String... values) {
        return batch(Compression.NONE, timestampMs, values);
    }

    /** One uncompressed batch, record i stamped timestampsMs[i], base timestamp the first. */
    public static ByteBuffer batchAt(Compression compression, long... timestampsMs) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(4096), compression, TimestampType.CREATE_TIME, 0L);
        for (int i = 0; i < timestampsMs.length; i++) {
            builder.append(timestampsMs[i], null, ("t" + i).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build().buffer();
    }

    public static ByteBuffer transactionalBatch(long producerId, long timestampMs, String... values) {
        return build(Compression.NONE, timestampMs, producerId, (short) 0, 0, true, values);
    }

    /** A transactional batch of the producer at {@code epoch} starting at {@code baseSequence}. */
    public static ByteBuffer transactionalBatch(long producerId, short epoch, int baseSequence, long timestampMs,
            String... values) {
        return build(Compression.NONE, timestampMs, producerId, epoch, baseSequence, true, values);
    }

    /** An idempotent (not transactional) batch of the producer at {@code epoch}. */
    public static ByteBuffer idempotentBatch(long producerId, short epoch, int baseSequence, long timestampMs,
            String... values) {
        return build(Compression.NONE, timestampMs, producerId, epoch, baseSequence, false, values);
    }

    private static ByteBuffer build(Compression compression, long timestampMs, long producerId, short epoch, int baseSequence,
            boolean transactional, String... values) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(4096 + values.length * 64), RecordBatch.CURRENT_MAGIC_VALUE,
                compression, TimestampType.CREATE_TIME, 0L, timestampMs, producerId, epoch, baseSequence, transactional,
                RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (int i = 0; i < values.length; i++) {
            builder.append(timestampMs + i, null, values[i].getBytes(StandardCharsets.UTF_8));
        }
        return builder.build().buffer();
    }

    /** Every value below the high watermark, in offset order. */
    public static List<String> values(PartitionLog log) {
        List<String> values = new ArrayList<>();
        ByteBuffer bytes = readAll(log);
        for (RecordBatch batch : MemoryRecords.readableRecords(bytes).batches()) {
            for (Record record : batch) {
                values.add(StandardCharsets.UTF_8.decode(record.value()).toString());
            }
        }
        return values;
    }

    private static ByteBuffer readAll(PartitionLog log) {
        try (LogSlice slice = log.read(log.logStartOffset(), Integer.MAX_VALUE, log.highWatermark(), true).slice()) {
            return slice.readFully();
        }
    }

    /** Every batch below the high watermark. */
    public static List<RecordBatch> batches(PartitionLog log) {
        List<RecordBatch> batches = new ArrayList<>();
        ByteBuffer bytes = readAll(log);
        MemoryRecords.readableRecords(bytes).batches().forEach(batches::add);
        return batches;
    }
}

package io.weir.bench.storage;

import java.nio.ByteBuffer;
import java.util.Random;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

/** Record batches built with kafka-clients, byte for byte what a producer sends. */
public final class Batches {
    private Batches() {}

    /** One uncompressed v2 batch of {@code recordBytes}-byte values filling about {@code batchBytes}. */
    public static ByteBuffer uncompressed(int batchBytes, int recordBytes) {
        byte[] value = new byte[recordBytes];
        new Random(42).nextBytes(value);
        ByteBuffer out = ByteBuffer.allocate(batchBytes + 4096);
        MemoryRecordsBuilder builder = MemoryRecords.builder(
                out, RecordBatch.MAGIC_VALUE_V2, Compression.NONE, TimestampType.CREATE_TIME, 0L);
        long now = System.currentTimeMillis();
        int records = Math.max(1, batchBytes / (recordBytes + 16));
        for (int i = 0; i < records; i++) {
            builder.append(now, null, value);
        }
        ByteBuffer built = builder.build().buffer();
        ByteBuffer copy = ByteBuffer.allocateDirect(built.remaining());
        copy.put(built).flip();
        return copy;
    }
}

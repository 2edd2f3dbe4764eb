package io.weir.storage;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.kafka.common.compress.Compression;

/**
 * Child process of {@link CrashRecoveryIT}: appends batches to the log in {@code args[0]} forever,
 * fsyncing after each, and prints the acknowledged last offset after every flush. Batch i holds
 * records whose content is derived from i so that the parent can rebuild and compare the bytes.
 * With {@code args[1] == "idempotent"} the batches come from one idempotent producer instead
 * ({@link #idempotentBatchNumber}) and segments are small, so that producer-state snapshots are
 * taken at many rolls.
 */
public final class CrashingAppender {
    static final long IDEMPOTENT_PRODUCER_ID = 7L;
    static final int IDEMPOTENT_SEGMENT_BYTES = 8 * 1024;

    private CrashingAppender() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        boolean idempotent = args.length > 1 && args[1].equals("idempotent");
        LogConfig config = LogConfig.defaults().withSegmentBytes(idempotent ? IDEMPOTENT_SEGMENT_BYTES : 256 * 1024)
                .withIndexIntervalBytes(1024);
        PartitionLog log = PartitionLog.open(dir, config, Clock.systemUTC(), 0, 0);
        for (long i = 0; ; i++) {
            AppendResult result = log.appendAsLeader(idempotent ? idempotentBatchNumber(i) : batchNumber(i), 1);
            log.flush();
            System.out.println("acked " + i + " " + result.lastOffset());
            System.out.flush();
        }
    }

    /** Producer 7, epoch 0, two records per batch: batch i has sequences 2i and 2i+1. */
    static ByteBuffer idempotentBatchNumber(long i) {
        return Batches.idempotentBatch(IDEMPOTENT_PRODUCER_ID, (short) 0, (int) (2 * i), 1_700_000_000_000L + i, 2);
    }

    /** The deterministic batch number {@code i} as produced (before offsets are assigned). */
    static ByteBuffer batchNumber(long i) {
        int records = 1 + (int) (i % 5);
        Compression compression = i % 3 == 0 ? Compression.gzip().build() : Compression.NONE;
        return Batches.batch(compression, 1_700_000_000_000L + i, records, 30 + (int) (i % 50));
    }
}

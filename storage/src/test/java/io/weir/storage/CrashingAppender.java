package io.weir.storage;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.kafka.common.compress.Compression;

/**
 * Child process of {@link CrashRecoveryIT}: appends batches to the log in {@code args[0]} forever,
 * fsyncing after each, and prints the acknowledged last offset after every flush. Batch i holds
 * records whose content is derived from i so that the parent can rebuild and compare the bytes.
 */
public final class CrashingAppender {
    private CrashingAppender() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        LogConfig config = LogConfig.defaults().withSegmentBytes(256 * 1024).withIndexIntervalBytes(1024);
        PartitionLog log = PartitionLog.open(dir, config, Clock.systemUTC(), 0, 0);
        for (long i = 0; ; i++) {
            AppendResult result = log.appendAsLeader(batchNumber(i), 1);
            log.flush();
            System.out.println("acked " + i + " " + result.lastOffset());
            System.out.flush();
        }
    }

    /** The deterministic batch number {@code i} as produced (before offsets are assigned). */
    static ByteBuffer batchNumber(long i) {
        int records = 1 + (int) (i % 5);
        Compression compression = i % 3 == 0 ? Compression.gzip().build() : Compression.NONE;
        return Batches.batch(compression, 1_700_000_000_000L + i, records, 30 + (int) (i % 50));
    }
}

package io.weir.bench.storage;

import io.weir.storage.LogConfig;
import io.weir.storage.LogReadResult;
import io.weir.storage.PartitionLog;
import io.weir.storage.RecordBatchView;
import io.weir.storage.TimestampAndOffset;
import io.weir.storage.TimestampType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Index lookups through the partition log's public face, at random positions of a 64 MiB log of
 * 1 KiB batches in 8 MiB segments (so that the segment map, the sparse index and the scan of the
 * segment file after the index entry all take part): {@code offsetLookup} is a consumer's fetch
 * of one batch at a random offset (segment floor, offset index, scan to the batch, slice);
 * {@code timeLookup} is ListOffsets by a random timestamp (time index, then offset index and
 * scan). Operations per second. Single-threaded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class IndexLookupBenchmark {
    private static final long LOG_BYTES = 64L * 1024 * 1024;
    private static final int BATCH_BYTES = 1024;
    private static final long FIRST_TIMESTAMP_MS = 1_700_000_000_000L;
    /** Where a v2 batch header holds its first timestamp. */
    private static final int BASE_TIMESTAMP_OFFSET = 27;

    private Path dir;
    private PartitionLog log;
    private final SplittableRandom random = new SplittableRandom(42);
    private long endOffset;
    private long lastTimestampMs;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory(BenchDirs.root(), "index-");
        log = PartitionLog.open(dir.resolve("bench-0"), LogConfig.defaults().withSegmentBytes(8 * 1024 * 1024),
                Clock.systemUTC(), 0, 0);
        ByteBuffer batch = Batches.uncompressed(BATCH_BYTES, 100);
        long timestampMs = FIRST_TIMESTAMP_MS;
        for (long written = 0; written < LOG_BYTES; written += batch.remaining()) {
            ByteBuffer copy = batch.duplicate();
            setTimestamps(copy, timestampMs++);
            log.appendAsLeader(copy, 0);
        }
        lastTimestampMs = timestampMs - 1;
        endOffset = log.logEndOffset();
        log.updateHighWatermark(endOffset);
    }

    /** Sets the batch's first and max timestamp (its records' deltas are 0) and fixes its CRC. */
    private static void setTimestamps(ByteBuffer batch, long timestampMs) {
        batch.putLong(batch.position() + BASE_TIMESTAMP_OFFSET, timestampMs);
        new RecordBatchView(batch, batch.position()).setMaxTimestamp(TimestampType.CREATE_TIME, timestampMs);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        log.delete();
        BenchDirs.deleteRecursively(dir);
    }

    @Benchmark
    public long offsetLookup() {
        LogReadResult result = log.read(random.nextLong(endOffset), 1, endOffset, true);
        try {
            return result.slice().position();
        } finally {
            result.slice().release();
        }
    }

    @Benchmark
    public long timeLookup() {
        Optional<TimestampAndOffset> found =
                log.fetchOffsetByTimestamp(FIRST_TIMESTAMP_MS + random.nextLong(lastTimestampMs - FIRST_TIMESTAMP_MS + 1));
        return found.map(TimestampAndOffset::offset).orElse(-1L);
    }
}

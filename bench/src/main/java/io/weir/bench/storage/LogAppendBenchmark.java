package io.weir.bench.storage;

import io.weir.storage.LogConfig;
import io.weir.storage.PartitionLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Append throughput of one partition log: batches of 1 KiB records, uncompressed, written to the page
 * cache as a produce request would (offsets assigned in place, one write per batch, sparse index
 * updates, rolls). The {@code bytes} counter is reported as a rate: bytes appended per second.
 *
 * <p>The log lives under {@code weir.bench.dir} (default: the system temporary folder) so that it can
 * be put on the same disk as {@code bench/disk-baseline} measures; retention keeps it below about 2 GiB.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class LogAppendBenchmark {

    /** Bytes of one batch: 16 KiB is a typical producer batch, 1 MiB the largest default one. */
    @Param({"16384", "1048576"})
    public int batchBytes;

    private Path dir;
    private PartitionLog log;
    private ByteBuffer batch;

    /** Bytes appended, reported by JMH as bytes per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Appended {
        public long bytes;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory(BenchDirs.root(), "append-");
        LogConfig config = LogConfig.defaults()
                .withSegmentBytes(256 * 1024 * 1024)
                .withRetentionBytes(2L * 1024 * 1024 * 1024);
        log = PartitionLog.open(dir.resolve("bench-0"), config, Clock.systemUTC(), 0, 0);
        batch = Batches.uncompressed(batchBytes, 1024);
    }

    @TearDown(Level.Iteration)
    public void enforceRetention() {
        log.deleteRetentionSegments();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        log.delete();
        BenchDirs.deleteRecursively(dir);
    }

    @Benchmark
    public long append(Appended appended) {
        ByteBuffer records = batch.duplicate();
        appended.bytes += records.remaining();
        return log.appendAsLeader(records, 0).lastOffset();
    }
}

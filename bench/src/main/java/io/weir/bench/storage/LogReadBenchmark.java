package io.weir.bench.storage;

import io.weir.storage.LogConfig;
import io.weir.storage.LogReadResult;
import io.weir.storage.LogSlice;
import io.weir.storage.PartitionLog;
import io.weir.storage.RecordBatchView;
import java.util.Iterator;
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
 * Sequential read throughput of one partition log, as a consumer fetching from the start would see
 * it: offset lookup, then the slice's bytes copied out of the page cache into a reused buffer (a
 * plaintext fetch sends the same slice with sendfile instead, which copies less). The {@code bytes}
 * counter is reported as bytes read per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class LogReadBenchmark {

    /** Bytes asked for per read: one fetch partition's default max.partition.fetch.bytes is 1 MiB. */
    @Param({"1048576"})
    public int fetchBytes;

    private static final long LOG_BYTES = 512L * 1024 * 1024;

    private Path dir;
    private PartitionLog log;
    private ByteBuffer sink;
    private long nextOffset;

    /** Bytes read, reported by JMH as bytes per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Read {
        public long bytes;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory(BenchDirs.root(), "read-");
        log = PartitionLog.open(dir.resolve("bench-0"), LogConfig.defaults().withSegmentBytes(128 * 1024 * 1024),
                Clock.systemUTC(), 0, 0);
        ByteBuffer batch = Batches.uncompressed(16384, 1024);
        for (long written = 0; written < LOG_BYTES; written += batch.remaining()) {
            log.appendAsLeader(batch.duplicate(), 0);
        }
        log.updateHighWatermark(log.logEndOffset());
        sink = ByteBuffer.allocateDirect(fetchBytes + 65536);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        log.delete();
        BenchDirs.deleteRecursively(dir);
    }

    @Benchmark
    public int read(Read read) throws IOException {
        if (nextOffset >= log.highWatermark()) {
            nextOffset = 0;
        }
        LogReadResult result = log.read(nextOffset, fetchBytes, log.highWatermark(), true);
        LogSlice slice = result.slice();
        try {
            sink.clear().limit(slice.sizeInBytes());
            int n = slice.channel().read(sink, slice.position());
            read.bytes += n;
            nextOffset = lastOffsetIn(sink.flip()) + 1;
            return n;
        } finally {
            slice.release();
        }
    }

    /** What a consumer does to find its next fetch offset: walk the batch headers it received. */
    private static long lastOffsetIn(ByteBuffer records) {
        long last = -1;
        for (Iterator<RecordBatchView> it = RecordBatchView.batches(records); it.hasNext(); ) {
            last = it.next().lastOffset();
        }
        return last;
    }
}

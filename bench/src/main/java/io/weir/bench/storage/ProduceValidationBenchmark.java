package io.weir.bench.storage;

import io.weir.storage.RecordBatchView;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the leader does to one produced batch before it writes it, without the write: the
 * producer-batch checks ({@link RecordBatchView#validateFromProducer}: magic, sizes, record count,
 * CRC-32C over the batch) and the offset assignment, which rewrites the batch header in place
 * (base offset and partition leader epoch, both outside the CRC). Measured as batches per second
 * for a batch of {@code batchBytes} holding {@code recordBytes}-byte values; multiply by the batch
 * size for bytes. Single-threaded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ProduceValidationBenchmark {

    /** 16 KiB is the Java producer's default batch.size; 1 MiB its max.request.size. */
    @Param({"16384", "1048576"})
    public int batchBytes;

    @Param({"100"})
    public int recordBytes;

    private ByteBuffer batch;
    private long nextOffset;

    @Setup
    public void setUp() {
        batch = Batches.uncompressed(batchBytes, recordBytes);
    }

    @Benchmark
    public long validateAndAssignOffsets() {
        RecordBatchView view = new RecordBatchView(batch, 0);
        view.validateFromProducer(Integer.MAX_VALUE);
        view.setBaseOffset(nextOffset);
        view.setPartitionLeaderEpoch(7);
        nextOffset += view.recordsCount();
        return view.lastOffset();
    }

    /** The CRC alone, the part of validation that touches every byte. */
    @Benchmark
    public long crcOnly() {
        return new RecordBatchView(batch, 0).computeCrc();
    }
}

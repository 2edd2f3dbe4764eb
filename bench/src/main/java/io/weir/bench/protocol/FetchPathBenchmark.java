package io.weir.bench.protocol;

import io.weir.bench.storage.Batches;
import io.weir.bench.storage.BenchDirs;
import io.weir.protocol.EncodedResponse;
import io.weir.protocol.FileSplice;
import io.weir.protocol.RequestHeader;
import io.weir.protocol.ResponseEncoder;
import io.weir.protocol.SliceRecords;
import io.weir.storage.LogConfig;
import io.weir.storage.LogReadResult;
import io.weir.storage.LogSlice;
import io.weir.storage.PartitionLog;
import io.weir.storage.RecordBatchView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
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
 * A plaintext fetch without the socket: the log slice for a consumer's next offset (index lookup,
 * whole batches up to {@code fetchBytes}), put into a one-partition Fetch response (newest stable
 * version) as file-backed records, encoded with the record bytes left in the file
 * ({@link EncodedResponse#writeSplit}, what the transport then sends with {@code sendfile}), and
 * released. The {@code bytes} counter reports record bytes served per second; no record byte is
 * copied. Single-threaded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class FetchPathBenchmark {
    private static final long LOG_BYTES = 128L * 1024 * 1024;
    private static final int BATCH_BYTES = 16384;

    /** 1 MiB is a partition's default max.partition.fetch.bytes; 64 KiB a small consumer's. */
    @Param({"65536", "1048576"})
    public int fetchBytes;

    private Path dir;
    private PartitionLog log;
    private final ResponseEncoder encoder = new ResponseEncoder();
    private RequestHeader fetchHeader;
    private final Uuid topicId = Uuid.randomUuid();
    private final ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024);
    private long recordsPerFetch;
    private long nextOffset;

    /** Record bytes served, reported by JMH per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Served {
        public long bytes;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory(BenchDirs.root(), "fetch-");
        log = PartitionLog.open(dir.resolve("bench-0"), LogConfig.defaults().withSegmentBytes(64 * 1024 * 1024),
                Clock.systemUTC(), 0, 0);
        ByteBuffer batch = Batches.uncompressed(BATCH_BYTES, 1024);
        int batchSize = batch.remaining();
        int recordsPerBatch = new RecordBatchView(batch, batch.position()).recordsCount();
        for (long written = 0; written < LOG_BYTES; written += batchSize) {
            log.appendAsLeader(batch.duplicate(), 0);
        }
        log.updateHighWatermark(log.logEndOffset());
        recordsPerFetch = (long) Math.max(1, fetchBytes / batchSize) * recordsPerBatch;
        short version = ApiKeys.FETCH.latestVersion(false);
        fetchHeader = new RequestHeader(ApiKeys.FETCH, version, 1, "bench", ApiKeys.FETCH.requestHeaderVersion(version));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        log.delete();
        BenchDirs.deleteRecursively(dir);
    }

    @Benchmark
    public int fetch(Served served) {
        long highWatermark = log.highWatermark();
        if (nextOffset + recordsPerFetch > highWatermark) {
            nextOffset = 0;
        }
        LogReadResult read = log.read(nextOffset, fetchBytes, highWatermark, true);
        LogSlice slice = read.slice();
        SliceRecords records = SliceRecords.of(slice.channel(), slice.position(), slice.sizeInBytes(), slice::release);
        try {
            EncodedResponse encoded = encoder.encode(fetchHeader, response(records, read));
            out.clear();
            List<FileSplice> splices = encoded.writeSplit(out);
            served.bytes += records.sizeInBytes();
            nextOffset += recordsPerFetch;
            return splices.size() + out.position();
        } finally {
            records.release();
        }
    }

    private FetchResponseData response(SliceRecords records, LogReadResult read) {
        FetchResponseData.PartitionData partition = new FetchResponseData.PartitionData()
                .setPartitionIndex(0)
                .setHighWatermark(read.highWatermark())
                .setLastStableOffset(read.highWatermark())
                .setLogStartOffset(read.logStartOffset())
                .setRecords(records);
        FetchResponseData.FetchableTopicResponse topic =
                new FetchResponseData.FetchableTopicResponse().setTopic("bench").setTopicId(topicId);
        topic.partitions().add(partition);
        FetchResponseData response = new FetchResponseData().setSessionId(0);
        response.responses().add(topic);
        return response;
    }
}

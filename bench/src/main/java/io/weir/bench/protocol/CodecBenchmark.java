package io.weir.bench.protocol;

import io.weir.bench.storage.Batches;
import io.weir.protocol.ApiVersionTable;
import io.weir.protocol.DecodeResult;
import io.weir.protocol.EncodedResponse;
import io.weir.protocol.RequestDecoder;
import io.weir.protocol.RequestHeader;
import io.weir.protocol.ResponseEncoder;
import io.weir.protocol.VersionRange;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.ProduceRequest;
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
 * The codec on the produce path: {@code decodeProduce} turns one Produce request frame (the
 * newest stable version, one topic, one partition, one uncompressed batch of {@code batchBytes}
 * with 100-byte values, as the Java producer sends it) into a decoded request whose records are a
 * view into the frame; {@code encodeProduceResponse} encodes the one-partition answer into a
 * reused buffer. Operations per second. Single-threaded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CodecBenchmark {

    @Param({"16384"})
    public int batchBytes;

    private RequestDecoder decoder;
    private ByteBuffer produceFrame;
    private final ResponseEncoder encoder = new ResponseEncoder();
    private RequestHeader produceHeader;
    private ProduceResponseData produceResponse;
    private final ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024);

    @Setup
    public void setUp() {
        short version = ApiKeys.PRODUCE.latestVersion(false);
        decoder = new RequestDecoder(ApiVersionTable.builder()
                .implement(ApiKeys.PRODUCE, new VersionRange((short) 3, version))
                .build());
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000);
        ProduceRequestData.TopicProduceData topic =
                new ProduceRequestData.TopicProduceData().setName("bench").setTopicId(Uuid.randomUuid());
        topic.partitionData().add(new ProduceRequestData.PartitionProduceData()
                .setIndex(0)
                .setRecords(MemoryRecords.readableRecords(heapCopy(Batches.uncompressed(batchBytes, 100)))));
        data.topicData().add(topic);
        ByteBuffer frame = new ProduceRequest(data, version).serializeWithHeader(
                new org.apache.kafka.common.requests.RequestHeader(ApiKeys.PRODUCE, version, "bench", 1));
        produceFrame = ByteBuffer.allocateDirect(frame.remaining()).put(frame).flip();
        if (!(decoder.decode(produceFrame.duplicate()) instanceof DecodeResult.Decoded)) {
            throw new IllegalStateException("the benchmark's Produce frame does not decode");
        }
        produceHeader = new RequestHeader(ApiKeys.PRODUCE, version, 1, "bench", ApiKeys.PRODUCE.requestHeaderVersion(version));
        produceResponse = new ProduceResponseData();
        ProduceResponseData.TopicProduceResponse topicResponse =
                new ProduceResponseData.TopicProduceResponse().setName("bench").setTopicId(topic.topicId());
        topicResponse.partitionResponses().add(new ProduceResponseData.PartitionProduceResponse()
                .setIndex(0).setBaseOffset(123_456).setLogAppendTimeMs(-1).setLogStartOffset(0));
        produceResponse.responses().add(topicResponse);
    }

    private static ByteBuffer heapCopy(ByteBuffer buffer) {
        ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
        return copy.put(buffer.duplicate()).flip();
    }

    @Benchmark
    public DecodeResult decodeProduce() {
        return decoder.decode(produceFrame.duplicate());
    }

    @Benchmark
    public int encodeProduceResponse() {
        EncodedResponse encoded = encoder.encode(produceHeader, produceResponse);
        out.clear();
        encoded.writeTo(out);
        return out.position();
    }
}

package io.weir.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.FetchResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Fetch response whose records are {@link SliceRecords} over a file encodes to exactly the
 * bytes kafka-clients produces for the same response with {@link MemoryRecords}, whether copied
 * ({@link EncodedResponse#writeTo}) or split around file regions ({@link EncodedResponse#writeSplit}).
 */
class SliceRecordsEncodingTest {

    @TempDir
    Path dir;

    private FileChannel channel;
    private final List<MemoryRecords> batches = new ArrayList<>();
    private final List<Long> positions = new ArrayList<>();
    private final AtomicInteger releases = new AtomicInteger();

    @BeforeEach
    void writeSegment() throws IOException {
        channel = FileChannel.open(dir.resolve("segment.log"), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        channel.write(ByteBuffer.allocate(37)); // bytes before the slices, as in a real segment
        for (int i = 0; i < 3; i++) {
            MemoryRecords records = MemoryRecords.withRecords(i * 10L, Compression.NONE,
                    new SimpleRecord(("key" + i).getBytes(), ("value-" + i).repeat(i + 1).getBytes()));
            positions.add(channel.position());
            channel.write(records.buffer().duplicate());
            batches.add(records);
        }
    }

    @AfterEach
    void close() throws IOException {
        channel.close();
    }

    @ParameterizedTest
    @ValueSource(shorts = {4, 7, 11, 12, 13, 15, 16, 17, 18})
    void splitAndCopiedEncodingsEqualKafkaClientsOwnSerialization(short version) {
        RequestHeader request = new RequestHeader(ApiKeys.FETCH, version, 42, "c", ApiKeys.FETCH.requestHeaderVersion(version));
        ResponseEncoder encoder = new ResponseEncoder();
        ByteBuffer expected = encoder.encode(request, response(i -> batches.get(i), version)).toByteBuffer();

        EncodedResponse copied = encoder.encode(request, response(this::slice, version));
        ByteBuffer copiedBytes = copied.toByteBuffer();
        copied.release();
        EncodedResponse split = encoder.encode(request, response(this::slice, version));
        ByteBuffer splitBytes = reassemble(split);
        split.release();

        assertThat(copiedBytes).isEqualTo(expected);
        assertThat(splitBytes).isEqualTo(expected);
        assertThat(split.fileBytes()).isEqualTo(batches.stream().mapToInt(MemoryRecords::sizeInBytes).sum());
        assertThat(releases.get()).isEqualTo(6);
        // And kafka-clients parses it.
        expected.getInt();
        expected.getInt();
        if (ApiKeys.FETCH.responseHeaderVersion(version) >= 1) {
            expected.get();
        }
        FetchResponse parsed = FetchResponse.parse(new org.apache.kafka.common.protocol.ByteBufferAccessor(expected), version);
        assertThat(parsed.data().responses().get(0).partitions()).hasSize(4);
    }

    @ParameterizedTest
    @ValueSource(shorts = {4, 18})
    void aResponseThatCannotBeEncodedReleasesItsSlices(short version) {
        RequestHeader request = new RequestHeader(ApiKeys.METADATA, (short) 12, 1, "c", (short) 2);
        try {
            new ResponseEncoder().encode(request, response(this::slice, version));
        } catch (IllegalArgumentException expected) {
            // a Fetch body cannot answer Metadata
        }
        assertThat(releases.get()).isEqualTo(3);
    }

    private SliceRecords slice(int i) {
        return SliceRecords.of(channel, positions.get(i), batches.get(i).sizeInBytes(), releases::incrementAndGet);
    }

    private ByteBuffer reassemble(EncodedResponse response) {
        ByteBuffer buffer = ByteBuffer.allocate(response.bufferBytes());
        List<FileSplice> splices = response.writeSplit(buffer);
        buffer.flip();
        ByteBuffer wire = ByteBuffer.allocate(response.sizeBytes());
        int from = 0;
        for (FileSplice splice : splices) {
            wire.put(buffer.duplicate().position(from).limit(splice.bufferOffset()));
            splice.records().copyTo(wire);
            from = splice.bufferOffset();
        }
        wire.put(buffer.duplicate().position(from));
        assertThat(wire.hasRemaining()).isFalse();
        return wire.flip();
    }

    private static FetchResponseData response(java.util.function.IntFunction<BaseRecords> records, short version) {
        FetchableTopicResponse topic = new FetchableTopicResponse().setTopic("orders").setTopicId(new Uuid(1, 2));
        for (int i = 0; i < 3; i++) {
            topic.partitions().add(new PartitionData().setPartitionIndex(i).setHighWatermark(100).setLastStableOffset(100)
                    .setLogStartOffset(0).setPreferredReadReplica(-1).setRecords(records.apply(i)));
        }
        topic.partitions().add(new PartitionData().setPartitionIndex(9).setErrorCode((short) 1).setRecords(MemoryRecords.EMPTY));
        FetchResponseData data = new FetchResponseData().setSessionId(version >= 7 ? 7 : 0);
        data.responses().add(topic);
        return data;
    }
}

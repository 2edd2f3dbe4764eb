package io.weir.protocol;

import static io.weir.protocol.Frames.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.protocol.DecodeResult.Decoded;
import io.weir.protocol.DecodeResult.Rejected;
import io.weir.protocol.DecodeResult.RejectReason;
import io.weir.protocol.DecodeResult.UnsupportedApiVersionsVersion;
import io.weir.protocol.DecodeResult.UnsupportedVersion;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceDataCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestDecoderTest {

    private static final ApiVersionTable TABLE = ApiVersionTable.builder()
            .implement(ApiKeys.API_VERSIONS, VersionRange.of(0, 4))
            .implement(ApiKeys.METADATA, VersionRange.of(0, 13))
            .implement(ApiKeys.PRODUCE, VersionRange.of(3, 13))
            .implement(ApiKeys.FIND_COORDINATOR, VersionRange.of(0, 6))
            .implement(ApiKeys.CREATE_TOPICS, VersionRange.of(2, 7))
            .build();

    private final RequestDecoder decoder = new RequestDecoder(TABLE);

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3, 4})
    void decodesApiVersionsAtEveryImplementedVersion(short version) {
        ApiVersionsRequestData body = new ApiVersionsRequestData();
        if (version >= 3) {
            body.setClientSoftwareName("weir-test").setClientSoftwareVersion("1.0");
        }

        DecodedRequest request = decoded(Frames.request(body, version, 7, "client-a"));

        assertThat(request.header()).isEqualTo(new RequestHeader(ApiKeys.API_VERSIONS, version, 7, "client-a", version >= 3 ? (short) 2 : (short) 1));
        assertThat(request.body()).isEqualTo(body);
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 4, 8, 9, 12, 13})
    void decodesMetadataWithHeaderV1AndV2(short version) {
        MetadataRequestData body = new MetadataRequestData()
                .setTopics(List.of(new MetadataRequestTopic().setName("orders")))
                .setAllowAutoTopicCreation(true);
        if (version >= 10) {
            body.topics().get(0).setTopicId(Uuid.ZERO_UUID);
        }

        DecodedRequest request = decoded(Frames.request(body, version, 1234, "app"));

        assertThat(request.header().headerVersion()).isEqualTo(version >= 9 ? (short) 2 : (short) 1);
        assertThat(request.header().correlationId()).isEqualTo(1234);
        assertThat(request.header().clientId()).isEqualTo("app");
        assertThat(request.body()).isEqualTo(body);
    }

    @ParameterizedTest
    @ValueSource(shorts = {3, 8, 9, 12, 13})
    void decodesProduceWithRecordsAsAViewIntoTheFrame(short version) {
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("k".getBytes(), "v".getBytes()));
        TopicProduceData topic = new TopicProduceData()
                .setPartitionData(List.of(new PartitionProduceData().setIndex(0).setRecords(records)));
        if (version >= 13) {
            topic.setTopicId(Uuid.randomUuid());
        } else {
            topic.setName("orders");
        }
        ProduceRequestData body = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000)
                .setTopicData(new TopicProduceDataCollection(List.of(topic).iterator()));

        DecodedRequest request = decoded(Frames.request(body, version, 5, "producer-1"));

        ProduceRequestData decoded = (ProduceRequestData) request.body();
        MemoryRecords decodedRecords = (MemoryRecords) decoded.topicData().iterator().next().partitionData().get(0).records();
        assertThat(decodedRecords.buffer()).isEqualTo(records.buffer());
        assertThat(request.header().headerVersion()).isEqualTo(version >= 9 ? (short) 2 : (short) 1);
    }

    @Test
    void decodesFindCoordinatorAcrossItsSchemaChanges() {
        for (short version = 0; version <= 6; version++) {
            FindCoordinatorRequestData body = new FindCoordinatorRequestData();
            if (version < 4) {
                body.setKey("group-1");
            } else {
                body.setKeyType((byte) 0).setCoordinatorKeys(List.of("group-1", "group-2"));
            }

            assertThat(decoded(Frames.request(body, version, version, "c")).body()).isEqualTo(body);
        }
    }

    @Test
    void decodesEmptyAndNestedEmptyArrays() {
        MetadataRequestData noTopics = new MetadataRequestData().setTopics(List.of());
        MetadataRequestData allTopics = new MetadataRequestData().setTopics(null);
        CreateTopicsRequestData nestedEmpty = new CreateTopicsRequestData().setTimeoutMs(1000);
        nestedEmpty.topics().add(new CreatableTopic().setName("t").setNumPartitions(1).setReplicationFactor((short) 1));
        ProduceRequestData emptyProduce = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(1000);
        TopicProduceData emptyPartitions = new TopicProduceData().setName("t");
        ProduceRequestData produceWithEmptyTopic = new ProduceRequestData().setAcks((short) 1)
                .setTopicData(new TopicProduceDataCollection(List.of(emptyPartitions).iterator()));

        assertThat(decoded(Frames.request(noTopics, 12, 1, "c")).body()).isEqualTo(noTopics);
        assertThat(decoded(Frames.request(allTopics, 12, 1, "c")).body()).isEqualTo(allTopics);
        assertThat(decoded(Frames.request(nestedEmpty, 7, 1, "c")).body()).isEqualTo(nestedEmpty);
        assertThat(decoded(Frames.request(nestedEmpty, 2, 1, "c")).body()).isEqualTo(nestedEmpty);
        assertThat(decoded(Frames.request(emptyProduce, 9, 1, "c")).body()).isEqualTo(emptyProduce);
        assertThat(decoded(Frames.request(produceWithEmptyTopic, 3, 1, "c")).body()).isEqualTo(produceWithEmptyTopic);
    }

    @Test
    void nullClientIdReadsAsEmpty() {
        DecodedRequest request = decoded(Frames.request(new ApiVersionsRequestData(), 1, 3, null));

        assertThat(request.header().clientId()).isEmpty();
    }

    @Test
    void aKnownApiOutsideWeirsTableIsUnsupportedButParsed() {
        RequestDecoder narrow = new RequestDecoder(ApiVersionTable.builder()
                .implement(ApiKeys.API_VERSIONS, VersionRange.of(0, 4))
                .implement(ApiKeys.METADATA, VersionRange.of(4, 12))
                .build());
        MetadataRequestData body = new MetadataRequestData().setTopics(List.of(new MetadataRequestTopic().setName("t")));

        assertThat(narrow.decode(Frames.request(body, 13, 9, "c"))).isInstanceOf(UnsupportedVersion.class);
        assertThat(narrow.decode(Frames.request(body, 1, 9, "c"))).isInstanceOf(UnsupportedVersion.class);
        assertThat(narrow.decode(Frames.request(new FindCoordinatorRequestData().setKey("g"), 1, 9, "c")))
                .isInstanceOfSatisfying(UnsupportedVersion.class, u -> assertThat(u.request().body()).isInstanceOf(FindCoordinatorRequestData.class));
    }

    @Test
    void apiVersionsAtAVersionWeirDoesNotImplementIsAnsweredWithoutItsBody() {
        ApiVersionsRequestData v5 = new ApiVersionsRequestData().setClientSoftwareName("x").setClientSoftwareVersion("1").setNodeId(3);

        DecodeResult known = decoder.decode(Frames.request(v5, 5, 11, "newer"));
        // A version no codec knows yet, with a body in a format nobody can read.
        DecodeResult future = decoder.decode(Frames.rawV2(ApiKeys.API_VERSIONS, 300, bytes(0xde, 0xad, 0xbe, 0xef)));

        assertThat(known).isEqualTo(new UnsupportedApiVersionsVersion(new RequestHeader(ApiKeys.API_VERSIONS, (short) 5, 11, "newer", (short) 2)));
        assertThat(future).isEqualTo(new UnsupportedApiVersionsVersion(new RequestHeader(ApiKeys.API_VERSIONS, (short) 300, 42, "", (short) 2)));
    }

    @Test
    void rejectsUnknownApiKeysAndVersionsTheCodecDoesNotKnow() {
        ByteBuffer unknownKey = ByteBuffer.allocate(10).putShort((short) 999).putShort((short) 0).putInt(1).putShort((short) -1).flip();

        assertThat(rejectReason(unknownKey)).isEqualTo(RejectReason.UNKNOWN_API_KEY);
        assertThat(rejectReason(Frames.rawV1(ApiKeys.LEADER_AND_ISR, 0))).isEqualTo(RejectReason.UNKNOWN_API_KEY);
        assertThat(rejectReason(Frames.rawV1(ApiKeys.PRODUCE, 2))).isEqualTo(RejectReason.UNKNOWN_VERSION);
        assertThat(rejectReason(Frames.rawV2(ApiKeys.PRODUCE, 99))).isEqualTo(RejectReason.UNKNOWN_VERSION);
        assertThat(rejectReason(Frames.rawV1(ApiKeys.METADATA, -1))).isEqualTo(RejectReason.UNKNOWN_VERSION);
    }

    @Test
    void rejectsTruncatedHeadersGarbageAndTrailingBytes() {
        ByteBuffer apiVersionsV0 = Frames.request(new ApiVersionsRequestData(), 0, 1, "c");
        ByteBuffer withTrailing = ByteBuffer.allocate(apiVersionsV0.remaining() + 3).put(apiVersionsV0).put(bytes(1, 2, 3)).flip();

        assertThat(rejectReason(ByteBuffer.wrap(bytes(0, 18, 0)))).isEqualTo(RejectReason.TRUNCATED_HEADER);
        assertThat(rejectReason(ByteBuffer.allocate(0))).isEqualTo(RejectReason.TRUNCATED_HEADER);
        assertThat(rejectReason(ByteBuffer.wrap(bytes(0, 3, 0, 4, 0, 0)))).isEqualTo(RejectReason.MALFORMED_HEADER);
        assertThat(rejectReason(Frames.rawV1(ApiKeys.METADATA, 4, bytes(0x55, 0x13)))).isEqualTo(RejectReason.MALFORMED_BODY);
        assertThat(rejectReason(withTrailing)).isEqualTo(RejectReason.TRAILING_BYTES);
    }

    private DecodedRequest decoded(ByteBuffer frame) {
        int frameBytes = frame.remaining();
        DecodeResult result = decoder.decode(frame);
        assertThat(result).isInstanceOf(Decoded.class);
        DecodedRequest request = ((Decoded) result).request();
        assertThat(request.frameBytes()).isEqualTo(frameBytes);
        assertThat(request.body()).isInstanceOf(ApiMessage.class);
        return request;
    }

    private RejectReason rejectReason(ByteBuffer frame) {
        DecodeResult result = decoder.decode(frame);
        assertThat(result).isInstanceOf(Rejected.class);
        return ((Rejected) result).reason();
    }
}

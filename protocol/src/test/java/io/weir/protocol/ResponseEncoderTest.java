package io.weir.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseEncoderTest {

    private final ResponseEncoder encoder = new ResponseEncoder();
    private final ApiVersionTable table = ApiVersionTable.builder().implement(ApiKeys.API_VERSIONS, VersionRange.of(0, 4)).build();

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3, 4})
    void apiVersionsAlwaysUsesResponseHeaderV0(short version) {
        var request = new RequestHeader(ApiKeys.API_VERSIONS, version, 77, "c", version >= 3 ? (short) 2 : (short) 1);
        var body = new ApiVersionsResponseData().setApiKeys(table.toApiVersionCollection());

        ByteBuffer wire = encoder.encode(request, body).toByteBuffer();

        assertThat(wire.getInt()).isEqualTo(wire.remaining());
        assertThat(ResponseHeader.parse(wire, (short) 0).correlationId()).isEqualTo(77);
        ApiVersionsResponse parsed = ApiVersionsResponse.parse(new ByteBufferAccessor(wire), version);
        assertThat(parsed.data().apiKeys()).isEqualTo(body.apiKeys());
        assertThat(wire.hasRemaining()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(shorts = {1, 8, 9, 13})
    void flexibleVersionsUseResponseHeaderV1(short version) {
        var kafkaHeader = new org.apache.kafka.common.requests.RequestHeader(ApiKeys.METADATA, version, "c", 5);
        var request = new RequestHeader(ApiKeys.METADATA, version, 5, "c", kafkaHeader.headerVersion());
        var body = new MetadataResponseData();
        body.topics().add(new MetadataResponseTopic().setName("t").setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()));

        ByteBuffer wire = encoder.encode(request, body).toByteBuffer();

        assertThat(wire.getInt()).isEqualTo(wire.remaining());
        AbstractResponse parsed = AbstractResponse.parseResponse(wire, kafkaHeader);
        assertThat(parsed).isInstanceOf(MetadataResponse.class);
        assertThat(parsed.errorCounts()).containsEntry(Errors.UNKNOWN_TOPIC_OR_PARTITION, 1);
    }

    @Test
    void writesExactlyItsSizeAtTheDestinationsPosition() {
        var request = new RequestHeader(ApiKeys.API_VERSIONS, (short) 3, 1, "c", (short) 2);
        EncodedResponse response = encoder.encode(request, new ApiVersionsResponseData());
        ByteBuffer destination = ByteBuffer.allocate(response.sizeBytes() + 10).position(5);

        response.writeTo(destination);

        assertThat(destination.position()).isEqualTo(5 + response.sizeBytes());
    }

    @Test
    void refusesABodyOfAnotherApi() {
        var request = new RequestHeader(ApiKeys.API_VERSIONS, (short) 3, 1, "c", (short) 2);

        assertThatThrownBy(() -> encoder.encode(request, new MetadataResponseData())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodesTheKip511FallbackAtVersion0() {
        var request = new RequestHeader(ApiKeys.API_VERSIONS, (short) 5, 9, "c", (short) 2);
        var body = new ApiVersionsResponseData()
                .setErrorCode(Errors.UNSUPPORTED_VERSION.code())
                .setApiKeys(table.toApiVersionCollection());

        ByteBuffer wire = encoder.encode(request, body, (short) 0).toByteBuffer();

        wire.getInt();
        assertThat(ResponseHeader.parse(wire, (short) 0).correlationId()).isEqualTo(9);
        ApiVersionsResponseData parsed = ApiVersionsResponse.parse(new ByteBufferAccessor(wire), (short) 0).data();
        assertThat(parsed.errorCode()).isEqualTo((short) 35);
        assertThat(parsed.apiKeys()).hasSize(1);
        assertThat(List.copyOf(parsed.apiKeys()).get(0).maxVersion()).isEqualTo((short) 4);
    }
}

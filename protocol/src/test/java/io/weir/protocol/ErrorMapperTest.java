package io.weir.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {

    /** A stand-in for a Weir domain exception. */
    static class OffsetBeyondLogException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    static final class OffsetFarBeyondLogException extends OffsetBeyondLogException {
        private static final long serialVersionUID = 1L;
    }

    private final ErrorMapper mapper = new ErrorMapper(Map.of(OffsetBeyondLogException.class, Errors.OFFSET_OUT_OF_RANGE));
    private final RequestDecoder decoder = new RequestDecoder(ApiVersionTable.builder()
            .implement(ApiKeys.API_VERSIONS, VersionRange.of(0, 4))
            .implement(ApiKeys.METADATA, VersionRange.of(0, 13))
            .implement(ApiKeys.PRODUCE, VersionRange.of(3, 13))
            .build());

    @Test
    void mapsKafkaApiExceptionsToTheirOwnCodes() {
        assertThat(mapper.errorFor(new NotLeaderOrFollowerException("x"))).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(mapper.errorFor(new CompletionException(new NotLeaderOrFollowerException("x")))).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(mapper.errorFor(new UnknownServerException("x"))).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
    }

    @Test
    void mapsDomainExceptionsThroughTheirMostSpecificRegisteredType() {
        assertThat(mapper.errorFor(new OffsetBeyondLogException())).isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
        assertThat(mapper.errorFor(new OffsetFarBeyondLogException())).isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
    }

    @Test
    void anythingElseIsAnUnknownServerError() {
        assertThat(mapper.errorFor(new IllegalStateException("bug"))).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
        assertThat(mapper.errorFor(new AssertionError("bug"))).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
    }

    @Test
    void buildsTheApisOwnErrorResponse() {
        DecodedRequest metadata = decode(new MetadataRequestData().setTopics(List.of(new MetadataRequestTopic().setName("a"), new MetadataRequestTopic().setName("b"))), 9);

        MetadataResponseData response = (MetadataResponseData) mapper.errorResponse(metadata, new IllegalStateException("boom"), "[node 1] ").orElseThrow();

        assertThat(response.topics()).hasSize(2).allMatch(t -> t.errorCode() == Errors.UNKNOWN_SERVER_ERROR.code());
    }

    @Test
    void apiVersionsErrorResponseCarriesTheCode() {
        DecodedRequest apiVersions = decode(new org.apache.kafka.common.message.ApiVersionsRequestData(), 2);

        var response = (ApiVersionsResponseData) mapper.errorResponse(apiVersions, Errors.UNSUPPORTED_VERSION).orElseThrow();

        assertThat(response.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
    }

    @Test
    void produceWithoutAcksHasNoErrorResponse() {
        DecodedRequest produce = decode(new ProduceRequestData().setAcks((short) 0).setTimeoutMs(10), 9);

        assertThat(mapper.errorResponse(produce, new NotLeaderOrFollowerException("x"), "[node 1] ")).isEmpty();
    }

    @Test
    void refusesToBuildAnErrorResponseWithoutAnError() {
        DecodedRequest apiVersions = decode(new org.apache.kafka.common.message.ApiVersionsRequestData(), 0);

        assertThatThrownBy(() -> mapper.errorResponse(apiVersions, Errors.NONE)).isInstanceOf(IllegalArgumentException.class);
    }

    private DecodedRequest decode(org.apache.kafka.common.protocol.ApiMessage body, int version) {
        return ((DecodeResult.Decoded) decoder.decode(Frames.request(body, version, 1, "c"))).request();
    }
}

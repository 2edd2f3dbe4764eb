package io.weir.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.broker.testing.KafkaWire;
import io.weir.broker.testing.ScriptedHeartbeatHandler;
import io.weir.protocol.EncodedResponse;
import io.weir.protocol.ErrorMapper;
import io.weir.protocol.VersionRange;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestDispatcherTest {

    private static final ConnectionInfo CONNECTION = new ConnectionInfo(1, "PLAINTEXT", "test", new InetSocketAddress(0));

    private final ScriptedHeartbeatHandler heartbeat = new ScriptedHeartbeatHandler();
    private final RequestDispatcher dispatcher = new RequestDispatcher(
            HandlerRegistry.builder().register(heartbeat).build(), new ErrorMapper(Map.of()));

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void apiVersionsListsEveryRegisteredApi(int version) {
        ApiVersionsResponseData body = apiVersions(respond(KafkaWire.apiVersionsRequest(version, 3)), version);

        assertThat(body.errorCode()).isZero();
        assertThat(body.apiKeys()).extracting(ApiVersion::apiKey, ApiVersion::minVersion, ApiVersion::maxVersion)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ApiKeys.HEARTBEAT.id, (short) 0, (short) 4),
                        org.assertj.core.groups.Tuple.tuple(ApiKeys.API_VERSIONS.id, (short) 0, (short) 5));
        if (version < 3) {
            assertThat(body.finalizedFeatures()).isEmpty();
            assertThat(body.supportedFeatures()).isEmpty();
        } else {
            assertThat(body.finalizedFeatures()).extracting(f -> f.name(), f -> f.minVersionLevel(), f -> f.maxVersionLevel())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("transaction.version", (short) 2, (short) 2),
                            org.assertj.core.groups.Tuple.tuple("group.version", (short) 1, (short) 1));
            assertThat(body.supportedFeatures()).extracting(f -> f.name(), f -> f.minVersion(), f -> f.maxVersion())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("transaction.version", (short) 0, (short) 2),
                            org.assertj.core.groups.Tuple.tuple("group.version", (short) 0, (short) 1));
            assertThat(body.finalizedFeaturesEpoch()).isNotNegative();
        }
    }

    @Test
    void apiVersionsAtAnUnknownVersionGetsTheKip511Answer() {
        // v6 is unknown even to the codec: header v2, then a body nobody can read.
        ByteBuffer v6 = ByteBuffer.allocate(15).putShort(ApiKeys.API_VERSIONS.id).putShort((short) 6).putInt(3)
                .putShort((short) -1).put((byte) 0).putInt(0xdeadbeef).flip();
        EncodedResponse response = respond(v6);

        assertThat(response.bodyVersion()).isZero();
        ApiVersionsResponseData body = apiVersions(response, 0);
        assertThat(body.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
        assertThat(body.apiKeys().find(ApiKeys.API_VERSIONS.id).maxVersion()).isEqualTo((short) 5);
    }

    @Test
    void apiVersionsV5NamingAnotherClusterOrNodeAsksTheClientToRebootstrap() {
        RequestDispatcher identified = new RequestDispatcher(
                HandlerRegistry.builder().clusterIdentity("weir-cluster-id-000001", 1).build(), new ErrorMapper(Map.of()));
        ApiVersionsRequestData request = new ApiVersionsRequestData().setClientSoftwareName("a").setClientSoftwareVersion("1");

        short matching = apiVersions(respond(identified, KafkaWire.request(
                request.duplicate().setClusterId("weir-cluster-id-000001").setNodeId(1), 5, 1)), 5).errorCode();
        short otherCluster = apiVersions(respond(identified, KafkaWire.request(
                request.duplicate().setClusterId("another-cluster-id-0001").setNodeId(1), 5, 2)), 5).errorCode();
        short otherNode = apiVersions(respond(identified, KafkaWire.request(
                request.duplicate().setClusterId("weir-cluster-id-000001").setNodeId(2), 5, 3)), 5).errorCode();
        short unnamed = apiVersions(respond(identified, KafkaWire.request(request.duplicate(), 5, 4)), 5).errorCode();

        assertThat(matching).isEqualTo(Errors.NONE.code());
        assertThat(otherCluster).isEqualTo(Errors.REBOOTSTRAP_REQUIRED.code());
        assertThat(otherNode).isEqualTo(Errors.REBOOTSTRAP_REQUIRED.code());
        assertThat(unnamed).isEqualTo(Errors.NONE.code());
    }

    @Test
    void apiVersionsRejectsInvalidClientSoftwareNames() {
        ByteBuffer request = KafkaWire.request(new ApiVersionsRequestData().setClientSoftwareName("-bad name").setClientSoftwareVersion("1"), 3, 1);

        assertThat(apiVersions(respond(request), 3).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
    }

    @Test
    void anApiWeirDoesNotImplementGetsUnsupportedVersionInItsOwnErrorResponse() {
        MetadataRequestData metadata = new MetadataRequestData().setTopics(java.util.List.of(new MetadataRequestTopic().setName("t")));

        EncodedResponse response = respond(KafkaWire.request(metadata, 12, 8));

        assertThat(KafkaWire.response(skipSize(response), ApiKeys.METADATA, 12, 8).errorCounts()).containsEntry(Errors.UNSUPPORTED_VERSION, 1);
    }

    @Test
    void handlerFailuresBecomeTheApisErrorResponse() {
        HeartbeatResponse bug = heartbeatResponse(respond(KafkaWire.request(ScriptedHeartbeatHandler.request("bug"), 4, 1)));
        HeartbeatResponse notCoordinator = heartbeatResponse(respond(KafkaWire.request(ScriptedHeartbeatHandler.request("not-coordinator"), 4, 1)));

        assertThat(bug.data().errorCode()).isEqualTo(Errors.UNKNOWN_SERVER_ERROR.code());
        assertThat(notCoordinator.data().errorCode()).isEqualTo(Errors.NOT_COORDINATOR.code());
    }

    @Test
    void answersCompleteWhenTheHandlerCompletes() {
        Dispatch.Respond respond = (Dispatch.Respond) dispatcher.dispatch(KafkaWire.request(ScriptedHeartbeatHandler.request("later"), 4, 1), CONNECTION);
        assertThat(respond.response()).isNotDone();

        heartbeat.parked.remove().complete(ScriptedHeartbeatHandler.answer());

        assertThat(respond.response()).isCompleted();
        assertThat(respond.response().join()).isPresent();
    }

    @Test
    void noResponseIsAnEmptyAnswer() {
        Dispatch.Respond respond = (Dispatch.Respond) dispatcher.dispatch(KafkaWire.request(ScriptedHeartbeatHandler.request("none"), 4, 1), CONNECTION);

        assertThat(respond.response().join()).isEmpty();
    }

    @Test
    void unknownApiKeysAndGarbageCloseTheConnection() {
        ByteBuffer unknownKey = ByteBuffer.allocate(10).putShort((short) 2000).putShort((short) 0).putInt(1).putShort((short) -1).flip();
        ByteBuffer garbage = ByteBuffer.wrap(new byte[] {0, 12, 0, 4, 0, 0, 0, 1, 0, 0, 0, (byte) 0xff, (byte) 0xff});

        assertThat(dispatcher.dispatch(unknownKey, CONNECTION)).isInstanceOfSatisfying(Dispatch.Close.class, c -> assertThat(c.reason()).contains("UNKNOWN_API_KEY"));
        assertThat(dispatcher.dispatch(garbage, CONNECTION)).isInstanceOf(Dispatch.Close.class);
    }

    @Test
    void registryRefusesDuplicatesApiVersionsAndUnstableVersions() {
        ApiHandler<ApiVersionsRequestData> unstable = new ApiHandler<>() {
            @Override
            public ApiKeys apiKey() {
                return ApiKeys.INIT_PRODUCER_ID;
            }

            @Override
            public VersionRange versions() {
                return VersionRange.of(0, 6);
            }

            @Override
            public CompletionStage<Reply> handle(RequestContext context, ApiVersionsRequestData request) {
                return CompletableFuture.failedFuture(new UnsupportedOperationException());
            }
        };

        assertThatThrownBy(() -> HandlerRegistry.builder().register(heartbeat).register(heartbeat).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HandlerRegistry.builder().register(new ApiVersionsHandler(null, java.util.Optional.empty()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HandlerRegistry.builder().register(unstable).build()).isInstanceOf(IllegalArgumentException.class);
    }

    private EncodedResponse respond(ByteBuffer frame) {
        return respond(dispatcher, frame);
    }

    private static EncodedResponse respond(RequestDispatcher dispatcher, ByteBuffer frame) {
        Dispatch dispatch = dispatcher.dispatch(frame, CONNECTION);
        assertThat(dispatch).isInstanceOf(Dispatch.Respond.class);
        Optional<EncodedResponse> response = ((Dispatch.Respond) dispatch).response().join();
        return response.orElseThrow();
    }

    private static ByteBuffer skipSize(EncodedResponse response) {
        ByteBuffer buffer = response.toByteBuffer();
        buffer.getInt();
        return buffer;
    }

    private static ApiVersionsResponseData apiVersions(EncodedResponse response, int version) {
        return KafkaWire.apiVersionsResponse(skipSize(response), version).body();
    }

    private static HeartbeatResponse heartbeatResponse(EncodedResponse response) {
        return (HeartbeatResponse) KafkaWire.response(skipSize(response), ApiKeys.HEARTBEAT, 4, 1);
    }
}

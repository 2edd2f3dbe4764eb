package io.weir.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.weir.broker.testing.KafkaWire;
import io.weir.metadata.ControllerUnavailableException;
import io.weir.metadata.controller.QuorumDescription;
import io.weir.metadata.controller.QuorumDescription.ReplicaState;
import io.weir.protocol.EncodedResponse;
import io.weir.protocol.ErrorMapper;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DescribeQuorumRequestData;
import org.apache.kafka.common.message.DescribeQuorumResponseData;
import org.apache.kafka.common.message.DescribeQuorumResponseData.PartitionData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeQuorumRequest;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DescribeQuorum through the dispatcher, with requests and responses coded by kafka-clients. */
class DescribeQuorumHandlerTest {
    private static final ConnectionInfo CONNECTION = new ConnectionInfo(1, "PLAINTEXT", "test", new InetSocketAddress(0));
    private static final QuorumDescription THREE_VOTERS = new QuorumDescription(2, 5, 40,
            List.of(new ReplicaState(1, 38, 1_000, -1), new ReplicaState(2, 41, 1_010, 1_010), ReplicaState.unknown(3)),
            List.of(ReplicaState.unknown(4)));
    private static final List<DescribeQuorumHandler.VoterEndpoint> ENDPOINTS = List.of(
            new DescribeQuorumHandler.VoterEndpoint(1, "CONTROLLER", "h1", 9093),
            new DescribeQuorumHandler.VoterEndpoint(2, "CONTROLLER", "h2", 9093),
            new DescribeQuorumHandler.VoterEndpoint(3, "CONTROLLER", "h3", 9093));

    private static DescribeQuorumResponseData call(Supplier<CompletionStage<QuorumDescription>> quorum,
            DescribeQuorumRequestData request, int version) {
        RequestDispatcher dispatcher = new RequestDispatcher(HandlerRegistry.builder()
                .register(new DescribeQuorumHandler(quorum, ENDPOINTS)).build(),
                new ErrorMapper(Map.of(ControllerUnavailableException.class, Errors.NOT_CONTROLLER)));
        Dispatch dispatch = dispatcher.dispatch(KafkaWire.request(request, version, 7), CONNECTION);
        ByteBuffer response = ((Dispatch.Respond) dispatch).response().join().map(EncodedResponse::toByteBuffer).orElseThrow();
        response.position(response.position() + 4);
        return (DescribeQuorumResponseData) KafkaWire.response(response, ApiKeys.DESCRIBE_QUORUM, version, 7).data();
    }

    private static DescribeQuorumRequestData metadataPartition() {
        return DescribeQuorumRequest.singletonRequest(new TopicPartition(DescribeQuorumHandler.METADATA_TOPIC, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void describesTheLeaderItsEpochTheHighWatermarkAndEveryReplica(int version) {
        DescribeQuorumResponseData response = call(() -> CompletableFuture.completedFuture(THREE_VOTERS),
                metadataPartition(), version);

        assertThat(response.errorCode()).isZero();
        assertThat(response.topics()).singleElement().satisfies(topic -> {
            assertThat(topic.topicName()).isEqualTo("__cluster_metadata");
            PartitionData partition = topic.partitions().get(0);
            assertThat(partition.errorCode()).isZero();
            assertThat(partition.leaderId()).isEqualTo(2);
            assertThat(partition.leaderEpoch()).isEqualTo(5);
            assertThat(partition.highWatermark()).isEqualTo(40);
            assertThat(partition.currentVoters()).extracting(v -> v.replicaId(), v -> v.logEndOffset())
                    .containsExactly(tuple(1, 38L), tuple(2, 41L),
                            tuple(3, -1L));
            assertThat(partition.observers()).extracting(v -> v.replicaId()).containsExactly(4);
            if (version >= 1) {
                assertThat(partition.currentVoters().get(1).lastFetchTimestamp()).isEqualTo(1_010);
                assertThat(partition.currentVoters().get(0).lastCaughtUpTimestamp()).isEqualTo(-1);
            }
        });
    }

    @Test
    void version2NamesTheVotersControllerListenersAndZeroDirectoryIds() {
        DescribeQuorumResponseData response = call(() -> CompletableFuture.completedFuture(THREE_VOTERS),
                metadataPartition(), 2);

        assertThat(response.nodes()).extracting(DescribeQuorumResponseData.Node::nodeId).containsExactly(1, 2, 3);
        assertThat(response.nodes().find(2).listeners()).singleElement().satisfies(listener -> {
            assertThat(listener.name()).isEqualTo("CONTROLLER");
            assertThat(listener.host()).isEqualTo("h2");
            assertThat(listener.port()).isEqualTo(9093);
        });
        assertThat(response.topics().get(0).partitions().get(0).currentVoters())
                .allSatisfy(voter -> assertThat(voter.replicaDirectoryId()).isEqualTo(Uuid.ZERO_UUID));
    }

    @Test
    void anotherPartitionIsUnknownAndTheQuorumIsNotAsked() {
        DescribeQuorumRequestData request = DescribeQuorumRequest.singletonRequest(new TopicPartition("orders", 0));
        DescribeQuorumResponseData response = call(() -> {
            throw new AssertionError("not asked");
        }, request, 2);

        assertThat(response.topics().get(0).topicName()).isEqualTo("orders");
        assertThat(response.topics().get(0).partitions().get(0).errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

    @Test
    void noReachableLeaderIsNotController() {
        DescribeQuorumResponseData response = call(
                () -> CompletableFuture.failedFuture(new ControllerUnavailableException("no leader")), metadataPartition(), 2);

        assertThat(response.errorCode()).isEqualTo(Errors.NOT_CONTROLLER.code());
    }

    @Test
    void aSingleNodeIsAOneVoterQuorumLedByItself() {
        QuorumDescription single = QuorumDescription.singleVoter(1, 12, 5_000);
        DescribeQuorumResponseData response = call(() -> CompletableFuture.completedFuture(single), metadataPartition(), 2);

        PartitionData partition = response.topics().get(0).partitions().get(0);
        assertThat(partition.leaderId()).isEqualTo(1);
        assertThat(partition.leaderEpoch()).isZero();
        assertThat(partition.highWatermark()).isEqualTo(12);
        assertThat(partition.currentVoters()).singleElement().satisfies(voter -> {
            assertThat(voter.logEndOffset()).isEqualTo(12);
            assertThat(voter.lastFetchTimestamp()).isEqualTo(5_000);
            assertThat(voter.lastCaughtUpTimestamp()).isEqualTo(5_000);
        });
        assertThat(partition.observers()).isEmpty();
    }
}

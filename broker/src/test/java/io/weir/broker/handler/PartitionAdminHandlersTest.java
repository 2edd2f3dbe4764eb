package io.weir.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.weir.broker.testing.KafkaWire;
import io.weir.broker.topic.BrokerIdentity;
import io.weir.broker.topic.BrokerRegistrar;
import io.weir.broker.topic.PartitionAdmin;
import io.weir.broker.topic.TopicConfigDescriber;
import io.weir.broker.topic.TopicDefaults;
import io.weir.broker.topic.TopicFixtures;
import io.weir.broker.topic.TopicManager;
import io.weir.metadata.store.LocalMetadataStore;
import io.weir.protocol.ErrorMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignablePartition;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignableTopic;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersRequestData.TopicPartitions;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData.ListPartitionReassignmentsTopics;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The partition admin handlers on a single node (no controller quorum), bytes in and out. */
class PartitionAdminHandlersTest {

    private static final ConnectionInfo CONNECTION = new ConnectionInfo(1, "PLAINTEXT", "test", new InetSocketAddress(0));
    private static final BrokerIdentity IDENTITY = TopicFixtures.identity("broker.example", 9092);

    @TempDir
    Path dir;

    private LocalMetadataStore store;
    private RequestDispatcher dispatcher;
    private int correlationId;

    @BeforeEach
    void start() throws IOException {
        store = LocalMetadataStore.open(dir);
        BrokerRegistrar.registerIfNeeded(store, IDENTITY);
        TopicManager topics = new TopicManager(store, 1, TopicDefaults.KAFKA_DEFAULTS, TopicFixtures.permissiveValidator(),
                TopicConfigDescriber.overridesOnly(), Runnable::run);
        PartitionAdmin admin = new PartitionAdmin(Optional.empty(), store::image);
        dispatcher = new RequestDispatcher(HandlerRegistry.builder()
                .register(new CreateTopicsHandler(topics))
                .register(new ElectLeadersHandler(admin))
                .register(new AlterPartitionReassignmentsHandler(admin))
                .register(new ListPartitionReassignmentsHandler(admin))
                .build(), new ErrorMapper(Map.of()));
        CreateTopicsRequestData create = new CreateTopicsRequestData();
        create.topics().add(new CreatableTopic().setName("orders").setNumPartitions(2).setReplicationFactor((short) 1));
        assertThat(this.<CreateTopicsResponseData>call(create, 7).topics().find("orders").errorCode()).isZero();
    }

    @AfterEach
    void close() throws IOException {
        store.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void electLeadersOnASingleNodeIsNeverNeeded(int version) {
        ElectLeadersRequestData request = new ElectLeadersRequestData().setTimeoutMs(1000);
        request.topicPartitions().add(new TopicPartitions().setTopic("orders").setPartitions(List.of(0, 1, 5)));

        ElectLeadersResponseData response = call(request, version);

        assertThat(response.replicaElectionResults()).hasSize(1);
        assertThat(response.replicaElectionResults().get(0).partitionResult())
                .extracting(r -> r.partitionId(), r -> r.errorCode())
                .containsExactly(
                        tuple(0, Errors.ELECTION_NOT_NEEDED.code()),
                        tuple(1, Errors.ELECTION_NOT_NEEDED.code()),
                        tuple(5, Errors.UNKNOWN_TOPIC_OR_PARTITION.code()));
    }

    @Test
    void electLeadersForAllPartitionsAnswersNothingToDo() {
        ElectLeadersResponseData response = call(new ElectLeadersRequestData().setElectionType((byte) 1)
                .setTopicPartitions(null), 2);

        assertThat(response.errorCode()).isZero();
        assertThat(response.replicaElectionResults()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void reassignmentOnASingleNodeAcceptsOnlyItsOwnBroker(int version) {
        AlterPartitionReassignmentsRequestData request = new AlterPartitionReassignmentsRequestData();
        ReassignableTopic topic = new ReassignableTopic().setName("orders");
        topic.partitions().add(new ReassignablePartition().setPartitionIndex(0).setReplicas(List.of(1)));
        topic.partitions().add(new ReassignablePartition().setPartitionIndex(1).setReplicas(List.of(2)));
        topic.partitions().add(new ReassignablePartition().setPartitionIndex(1).setReplicas(null));
        topic.partitions().add(new ReassignablePartition().setPartitionIndex(7).setReplicas(List.of(1)));
        request.topics().add(topic);

        AlterPartitionReassignmentsResponseData response = call(request, version);

        assertThat(response.errorCode()).isZero();
        assertThat(response.responses().get(0).partitions()).extracting(p -> p.partitionIndex(), p -> p.errorCode())
                .containsExactly(
                        tuple(0, Errors.NONE.code()),
                        tuple(1, Errors.INVALID_REPLICA_ASSIGNMENT.code()),
                        tuple(1, Errors.NO_REASSIGNMENT_IN_PROGRESS.code()),
                        tuple(7, Errors.UNKNOWN_TOPIC_OR_PARTITION.code()));
    }

    @Test
    void reassignmentThatChangesTheReplicationFactorIsRefusedWhenTheRequestForbidsIt() {
        AlterPartitionReassignmentsRequestData request = new AlterPartitionReassignmentsRequestData()
                .setAllowReplicationFactorChange(false);
        ReassignableTopic topic = new ReassignableTopic().setName("orders");
        topic.partitions().add(new ReassignablePartition().setPartitionIndex(0).setReplicas(List.of(1, 2)));
        request.topics().add(topic);

        AlterPartitionReassignmentsResponseData response = call(request, 1);

        assertThat(response.responses().get(0).partitions().get(0).errorCode())
                .isEqualTo(Errors.INVALID_REPLICATION_FACTOR.code());
    }

    @Test
    void listReassignmentsShowsNoneOnASingleNode() {
        ListPartitionReassignmentsResponseData all = call(new ListPartitionReassignmentsRequestData().setTopics(null), 0);
        ListPartitionReassignmentsRequestData named = new ListPartitionReassignmentsRequestData();
        named.setTopics(List.of(new ListPartitionReassignmentsTopics().setName("orders").setPartitionIndexes(List.of(0))));

        assertThat(all.errorCode()).isZero();
        assertThat(all.topics()).isEmpty();
        assertThat(this.<ListPartitionReassignmentsResponseData>call(named, 0).topics()).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private <T extends ApiMessage> T call(ApiMessage request, int version) {
        int id = ++correlationId;
        Dispatch dispatch = dispatcher.dispatch(KafkaWire.request(request, version, id), CONNECTION);
        assertThat(dispatch).isInstanceOf(Dispatch.Respond.class);
        ByteBuffer bytes = ((Dispatch.Respond) dispatch).response().join().orElseThrow().toByteBuffer();
        bytes.getInt();
        return (T) KafkaWire.response(bytes, ApiKeys.forId(request.apiKey()), version, id).data();
    }
}

package io.weir.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.weir.broker.testing.KafkaWire;
import io.weir.broker.topic.BrokerIdentity;
import io.weir.broker.topic.BrokerRegistrar;
import io.weir.broker.topic.TopicConfigDescriber;
import io.weir.broker.topic.TopicDefaults;
import io.weir.broker.topic.TopicFixtures;
import io.weir.broker.topic.TopicManager;
import io.weir.metadata.store.LocalMetadataStore;
import io.weir.protocol.EncodedResponse;
import io.weir.protocol.ErrorMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The topic handlers through the dispatcher: bytes in, bytes out, at old and new versions. */
class TopicHandlersTest {

    private static final ConnectionInfo CONNECTION = new ConnectionInfo(1, "PLAINTEXT", "test", new InetSocketAddress(0));
    private static final BrokerIdentity IDENTITY = TopicFixtures.identity("broker.example", 9092);

    @TempDir
    Path dir;

    private LocalMetadataStore store;
    private TopicManager topics;
    private RequestDispatcher dispatcher;
    private int correlationId;

    private final AtomicInteger activeController = new AtomicInteger(IDENTITY.nodeId());
    private final AtomicBoolean leadersKnown = new AtomicBoolean(true);

    @BeforeEach
    void start() throws IOException {
        store = LocalMetadataStore.open(dir);
        BrokerRegistrar.registerIfNeeded(store, IDENTITY);
        dispatcher(TopicDefaults.KAFKA_DEFAULTS);
    }

    private void dispatcher(TopicDefaults defaults) {
        topics = new TopicManager(store, 1, defaults, TopicFixtures.permissiveValidator(), TopicConfigDescriber.overridesOnly(),
                Runnable::run);
        dispatcher = new RequestDispatcher(HandlerRegistry.builder()
                .register(new MetadataHandler(topics, IDENTITY, activeController::get, leadersKnown::get))
                .register(new DescribeClusterHandler(store::image, IDENTITY))
                .register(new CreateTopicsHandler(topics))
                .register(new DeleteTopicsHandler(topics))
                .register(new CreatePartitionsHandler(topics))
                .build(), new ErrorMapper(Map.of()));
    }

    @AfterEach
    void close() throws IOException {
        store.close();
    }

    @Test
    void apiVersionsAdvertisesTheWholeRanges() {
        ByteBuffer frame = KafkaWire.apiVersionsRequest(3, 1);
        EncodedResponse response = ((Dispatch.Respond) dispatcher.dispatch(frame, CONNECTION)).response().join().orElseThrow();
        ByteBuffer bytes = response.toByteBuffer();
        bytes.getInt();
        ApiVersionsResponseData body = KafkaWire.apiVersionsResponse(bytes, 3).body();

        assertThat(body.apiKeys()).extracting(v -> v.apiKey(), v -> v.minVersion(), v -> v.maxVersion()).contains(
                tuple(ApiKeys.METADATA.id, (short) 0, (short) 13),
                tuple(ApiKeys.CREATE_TOPICS.id, (short) 2, (short) 7),
                tuple(ApiKeys.DELETE_TOPICS.id, (short) 1, (short) 6),
                tuple(ApiKeys.CREATE_PARTITIONS.id, (short) 0, (short) 3),
                tuple(ApiKeys.DESCRIBE_CLUSTER.id, (short) 0, (short) 2));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 5, 7})
    void createTopicsAtEachVersion(int version) {
        CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(1000);
        request.topics().add(new CreatableTopic().setName("orders").setNumPartitions(2).setReplicationFactor((short) 1));
        CreatableTopic withConfig = new CreatableTopic().setName("audit").setNumPartitions(-1).setReplicationFactor((short) -1);
        withConfig.configs().add(new CreatableTopicConfig().setName("cleanup.policy").setValue("compact"));
        request.topics().add(withConfig);
        request.topics().add(new CreatableTopic().setName("bad name").setNumPartitions(1).setReplicationFactor((short) 1));
        request.topics().add(new CreatableTopic().setName("twice").setNumPartitions(1).setReplicationFactor((short) 1));
        request.topics().add(new CreatableTopic().setName("twice").setNumPartitions(2).setReplicationFactor((short) 1));

        CreateTopicsResponseData response = call(request, version);

        assertThat(response.topics()).extracting(CreatableTopicResult::name, CreatableTopicResult::errorCode).containsExactly(
                tuple("orders", Errors.NONE.code()),
                tuple("audit", Errors.NONE.code()),
                tuple("bad name", Errors.INVALID_TOPIC_EXCEPTION.code()),
                tuple("twice", Errors.INVALID_REQUEST.code()));
        if (version >= 5) {
            CreatableTopicResult audit = response.topics().find("audit");
            assertThat(audit.numPartitions()).isEqualTo(1);
            assertThat(audit.replicationFactor()).isEqualTo((short) 1);
            assertThat(audit.configs()).extracting(c -> c.name(), c -> c.value(), c -> c.configSource())
                    .containsExactly(tuple("cleanup.policy", "compact", (byte) 1));
        }
        if (version >= 7) {
            assertThat(response.topics().find("orders").topicId())
                    .isEqualTo(KafkaIds.toKafka(store.image().topics().getTopic("orders").orElseThrow().topicId()));
        }
        assertThat(store.image().topics().topicsByName().keySet()).containsExactlyInAnyOrder("orders", "audit");
    }

    @Test
    void createTopicsValidateOnlyAndAlreadyExists() {
        CreateTopicsRequestData request = new CreateTopicsRequestData().setValidateOnly(true);
        request.topics().add(new CreatableTopic().setName("t").setNumPartitions(3).setReplicationFactor((short) 1));

        assertThat(this.<CreateTopicsResponseData>call(request, 7).topics().find("t").errorCode()).isZero();
        assertThat(store.image().topics().size()).isZero();

        request.setValidateOnly(false);
        call(request, 7);
        assertThat(this.<CreateTopicsResponseData>call(request, 7).topics().find("t").errorCode())
                .isEqualTo(Errors.TOPIC_ALREADY_EXISTS.code());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 9, 12, 13})
    void metadataListsBrokersTopicsAndPartitions(int version) {
        createTopic("orders", 2);

        MetadataResponseData all = call(allTopicsRequest(version), version);

        assertThat(all.brokers()).extracting(b -> b.nodeId(), b -> b.host(), b -> b.port())
                .containsExactly(tuple(1, "broker.example", 9092));
        MetadataResponseTopic orders = all.topics().find("orders");
        assertThat(orders.errorCode()).isZero();
        assertThat(orders.partitions()).extracting(p -> p.partitionIndex(), p -> p.leaderId(), p -> p.replicaNodes(), p -> p.isrNodes())
                .containsExactly(tuple(0, 1, List.of(1), List.of(1)), tuple(1, 1, List.of(1), List.of(1)));
        if (version >= 2) {
            assertThat(all.clusterId()).isEqualTo(TopicFixtures.CLUSTER_ID);
        }
        if (version >= 1) {
            assertThat(all.controllerId()).isEqualTo(1);
        }
        if (version >= 8) {
            assertThat(orders.topicAuthorizedOperations()).isEqualTo(Integer.MIN_VALUE);
        }
    }

    @Test
    void metadataNamesNoLeaderWhileTheNodesLeadershipsMayBeStale() {
        createTopic("orders", 2);
        MetadataRequestData request = new MetadataRequestData().setTopics(List.of(new MetadataRequestTopic().setName("orders")));
        activeController.set(-1);
        leadersKnown.set(false);
        MetadataResponseData stale = call(request, 12);
        leadersKnown.set(true);
        MetadataResponseData onLease = call(request, 12);
        activeController.set(IDENTITY.nodeId());
        MetadataResponseData current = call(request, 12);

        assertThat(stale.controllerId()).isEqualTo(-1);
        assertThat(stale.topics().find("orders").partitions()).extracting(p -> p.leaderId(), p -> p.errorCode())
                .containsOnly(tuple(-1, Errors.LEADER_NOT_AVAILABLE.code()));
        assertThat(onLease.controllerId()).as("an election, within the heartbeat lease").isEqualTo(-1);
        assertThat(onLease.topics().find("orders").partitions()).extracting(p -> p.leaderId(), p -> p.errorCode())
                .containsOnly(tuple(IDENTITY.nodeId(), Errors.NONE.code()));
        assertThat(current.topics().find("orders").partitions()).extracting(p -> p.leaderId(), p -> p.errorCode())
                .containsOnly(tuple(IDENTITY.nodeId(), Errors.NONE.code()));
    }

    @Test
    void metadataV1EmptyListMeansNoTopics() {
        createTopic("orders", 1);

        MetadataResponseData none = call(new MetadataRequestData().setTopics(List.of()), 1);

        assertThat(none.topics()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 13})
    void metadataAutoCreatesMissingTopics(int version) {
        MetadataRequestData request = new MetadataRequestData()
                .setTopics(List.of(new MetadataRequestTopic().setName("fresh")))
                .setAllowAutoTopicCreation(true);

        // Kafka 4.4 answers the request that starts the creation with UNKNOWN_TOPIC_OR_PARTITION.
        assertThat(this.<MetadataResponseData>call(request, version).topics().find("fresh").errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(this.<MetadataResponseData>call(request, version).topics().find("fresh").errorCode()).isZero();
    }

    @Test
    void metadataDoesNotAutoCreateWhenTheClientOrBrokerSaysNo() {
        MetadataRequestData noAuto = new MetadataRequestData()
                .setTopics(List.of(new MetadataRequestTopic().setName("fresh"), new MetadataRequestTopic().setName("bad name")))
                .setAllowAutoTopicCreation(false);
        MetadataResponseData response = call(noAuto, 12);
        dispatcher(new TopicDefaults(1, 1, false, true));
        MetadataResponseData brokerSaysNo = call(noAuto.setAllowAutoTopicCreation(true), 4);

        assertThat(response.topics().find("fresh").errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(response.topics().find("bad name").errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        assertThat(brokerSaysNo.topics().find("fresh").errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(store.image().topics().size()).isZero();
    }

    @Test
    void metadataByTopicIdFromV12() {
        createTopic("orders", 1);
        Uuid id = KafkaIds.toKafka(store.image().topics().getTopic("orders").orElseThrow().topicId());
        Uuid unknown = Uuid.randomUuid();
        MetadataRequestData request = new MetadataRequestData().setTopics(List.of(
                new MetadataRequestTopic().setTopicId(id).setName(null),
                new MetadataRequestTopic().setTopicId(unknown).setName(null)));

        MetadataResponseData response = call(request, 12);
        MetadataResponseData old = call(new MetadataRequestData().setTopics(
                List.of(new MetadataRequestTopic().setTopicId(id).setName("orders"))), 10);

        assertThat(response.topics()).extracting(MetadataResponseTopic::name, MetadataResponseTopic::topicId, MetadataResponseTopic::errorCode)
                .containsExactly(tuple("orders", id, Errors.NONE.code()), tuple(null, unknown, Errors.UNKNOWN_TOPIC_ID.code()));
        assertThat(old.topics()).allSatisfy(t -> assertThat(t.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code()));
    }

    @Test
    void metadataReportsAuthorizedOperationsWhenAsked() {
        createTopic("orders", 1);
        MetadataRequestData request = allTopicsRequest(10).setIncludeClusterAuthorizedOperations(true).setIncludeTopicAuthorizedOperations(true);

        MetadataResponseData response = call(request, 10);

        assertThat(response.clusterAuthorizedOperations()).isEqualTo(AuthorizedOperations.ALL_CLUSTER_OPERATIONS);
        // READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS: bits 3-8, 10, 11.
        assertThat(response.topics().find("orders").topicAuthorizedOperations()).isEqualTo(0b110111111000);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void describeClusterListsThisBroker(int version) {
        DescribeClusterResponseData response = call(new DescribeClusterRequestData(), version);

        assertThat(response.errorCode()).isZero();
        assertThat(response.clusterId()).isEqualTo(TopicFixtures.CLUSTER_ID);
        assertThat(response.controllerId()).isEqualTo(1);
        assertThat(response.brokers()).extracting(b -> b.brokerId(), b -> b.host(), b -> b.port())
                .containsExactly(tuple(1, "broker.example", 9092));
    }

    @Test
    void describeClusterRefusesControllerEndpoints() {
        DescribeClusterResponseData response = call(new DescribeClusterRequestData().setEndpointType((byte) 2), 1);

        assertThat(response.errorCode()).isEqualTo(Errors.MISMATCHED_ENDPOINT_TYPE.code());
    }

    @Test
    void deleteTopicsByNameAtV1AndByIdAtV6() {
        createTopic("a", 1);
        createTopic("b", 1);
        Uuid idOfB = KafkaIds.toKafka(store.image().topics().getTopic("b").orElseThrow().topicId());
        Uuid unknown = Uuid.randomUuid();

        DeleteTopicsResponseData v1 = call(new DeleteTopicsRequestData().setTopicNames(List.of("a", "missing")), 1);
        DeleteTopicsResponseData v6 = call(new DeleteTopicsRequestData().setTopics(List.of(
                new DeleteTopicState().setTopicId(idOfB), new DeleteTopicState().setTopicId(unknown),
                new DeleteTopicState().setName("x").setTopicId(unknown))), 6);

        assertThat(v1.responses()).extracting(DeletableTopicResult::name, DeletableTopicResult::errorCode).containsExactly(
                tuple("a", Errors.NONE.code()), tuple("missing", Errors.UNKNOWN_TOPIC_OR_PARTITION.code()));
        assertThat(v6.responses()).extracting(DeletableTopicResult::name, DeletableTopicResult::topicId, DeletableTopicResult::errorCode)
                .containsExactlyInAnyOrder(tuple("b", idOfB, Errors.NONE.code()), tuple(null, unknown, Errors.UNKNOWN_TOPIC_ID.code()),
                        tuple("x", unknown, Errors.INVALID_REQUEST.code()));
        assertThat(store.image().topics().size()).isZero();
    }

    @Test
    void deletionDisabledIsInvalidRequestBeforeV3() {
        createTopic("a", 1);
        dispatcher(new TopicDefaults(1, 1, true, false));

        DeleteTopicsResponseData v2 = call(new DeleteTopicsRequestData().setTopicNames(List.of("a")), 2);
        DeleteTopicsResponseData v3 = call(new DeleteTopicsRequestData().setTopicNames(List.of("a")), 3);

        assertThat(v2.responses().find("a").errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(v3.responses().find("a").errorCode()).isEqualTo(Errors.TOPIC_DELETION_DISABLED.code());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3})
    void createPartitionsIncreasesOnly(int version) {
        createTopic("t", 1);
        CreatePartitionsRequestData request = new CreatePartitionsRequestData().setTimeoutMs(1000);
        request.topics().add(new CreatePartitionsTopic().setName("t").setCount(3).setAssignments(null));
        request.topics().add(new CreatePartitionsTopic().setName("missing").setCount(3).setAssignments(null));

        CreatePartitionsResponseData response = call(request, version);
        CreatePartitionsResponseData again = call(request, version);

        assertThat(response.results()).extracting(r -> r.name(), r -> r.errorCode()).containsExactly(
                tuple("t", Errors.NONE.code()), tuple("missing", Errors.UNKNOWN_TOPIC_OR_PARTITION.code()));
        assertThat(again.results().get(0).errorCode()).isEqualTo(Errors.INVALID_PARTITIONS.code());
        assertThat(store.image().topics().getTopic("t").orElseThrow().partitionCount()).isEqualTo(3);
    }

    private void createTopic(String name, int partitions) {
        CreateTopicsRequestData request = new CreateTopicsRequestData();
        request.topics().add(new CreatableTopic().setName(name).setNumPartitions(partitions).setReplicationFactor((short) 1));
        assertThat(this.<CreateTopicsResponseData>call(request, 7).topics().find(name).errorCode()).isZero();
    }

    private static MetadataRequestData allTopicsRequest(int version) {
        return new MetadataRequestData().setTopics(version == 0 ? List.of() : null);
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

package io.weir.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.group.CoordinatorTimer;
import io.weir.broker.group.GroupConfig;
import io.weir.broker.group.GroupCoordinator;
import io.weir.broker.group.OffsetsTopicCreator;
import io.weir.broker.group.OffsetsTopicPublisher;
import io.weir.broker.testing.KafkaWire;
import io.weir.broker.topic.BrokerIdentity;
import io.weir.broker.topic.BrokerRegistrar;
import io.weir.broker.topic.NewTopic;
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
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The group handlers through the dispatcher, with requests encoded by kafka-clients at old and new versions. */
class GroupHandlersTest {
    private static final ConnectionInfo CONNECTION = new ConnectionInfo(1, "PLAINTEXT", "test", new InetSocketAddress("127.0.0.1", 5555));
    private static final BrokerIdentity IDENTITY = TopicFixtures.identity("broker.example", 9092);
    private static final CoordinatorTimer NO_TIMER = new CoordinatorTimer() {
        @Override
        public void schedule(String key, long delayMs, Runnable task) {}

        @Override
        public void cancel(String key) {}
    };

    @TempDir
    Path dir;

    private LocalMetadataStore store;
    private TopicManager topics;
    private GroupCoordinator coordinator;
    private RequestDispatcher dispatcher;
    private int correlationId;

    @BeforeEach
    void start() throws IOException {
        store = LocalMetadataStore.open(dir);
        BrokerRegistrar.registerIfNeeded(store, IDENTITY);
        topics = new TopicManager(store, 1, TopicDefaults.KAFKA_DEFAULTS, TopicFixtures.permissiveValidator(),
                TopicConfigDescriber.overridesOnly(), Runnable::run);
        topics.createTopics(List.of(NewTopic.of("orders", 2, 1)), false).join();
        GroupConfig config = GroupConfig.defaults(3, (short) 1, 60_000, 0);
        coordinator = new GroupCoordinator(1, config, (partition, records) -> CompletableFuture.completedFuture(null),
                (partition, sink) -> 0, NO_TIMER, Clock.systemUTC(), Runnable::run, new OffsetsTopicCreator(topics, config, 1));
        OffsetsTopicPublisher publisher = new OffsetsTopicPublisher(1, coordinator);
        publisher.publishAll(store.addListener(publisher));
        dispatcher = new RequestDispatcher(HandlerRegistry.builder()
                .register(new FindCoordinatorHandler(coordinator, new io.weir.broker.txn.TxnTestKit().coordinator, topics, IDENTITY))
                .register(new JoinGroupHandler(coordinator))
                .register(new SyncGroupHandler(coordinator))
                .register(new HeartbeatHandler(coordinator))
                .register(new LeaveGroupHandler(coordinator))
                .register(new OffsetCommitHandler(coordinator, topics))
                .register(new OffsetFetchHandler(coordinator, topics))
                .register(new OffsetDeleteHandler(coordinator, topics))
                .register(new DescribeGroupsHandler(coordinator))
                .register(new ListGroupsHandler(coordinator))
                .register(new DeleteGroupsHandler(coordinator))
                .build(), new ErrorMapper(Map.of()));
    }

    @AfterEach
    void stop() throws IOException {
        coordinator.close();
        store.close();
    }

    @SuppressWarnings("unchecked")
    private <R extends ApiMessage> R call(ApiMessage body, int version) {
        int id = ++correlationId;
        Dispatch dispatch = dispatcher.dispatch(KafkaWire.request(body, version, id), CONNECTION);
        ByteBuffer bytes = ((Dispatch.Respond) dispatch).response().join().map(EncodedResponse::toByteBuffer).orElseThrow();
        bytes.getInt();
        return (R) KafkaWire.response(bytes, ApiKeys.forId(body.apiKey()), version, id).data();
    }

    private void createOffsetsTopic() {
        FindCoordinatorResponseData first = call(new FindCoordinatorRequestData().setKey("g"), 0);
        assertThat(first.errorCode()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());
    }

    @Test
    void everyGroupErrorIsKafkasErrorOfTheSameNameAndCode() {
        for (io.weir.broker.group.GroupError error : io.weir.broker.group.GroupError.values()) {
            assertThat(Errors.forCode(error.code()).name()).as("code %d", error.code()).isEqualTo(error.name());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void findCoordinatorCreatesTheOffsetsTopicThenNamesThisNode(int version) {
        createOffsetsTopic();
        FindCoordinatorResponseData found = call(new FindCoordinatorRequestData().setKey("g"), version);
        assertThat(found.errorCode()).isZero();
        assertThat(found.nodeId()).isEqualTo(1);
        assertThat(found.host()).isEqualTo("broker.example");
        assertThat(found.port()).isEqualTo(9092);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 6})
    void findCoordinatorAnswersABatchOfKeys(int version) {
        createOffsetsTopic();
        FindCoordinatorResponseData found = call(new FindCoordinatorRequestData().setCoordinatorKeys(List.of("a", "b")), version);
        assertThat(found.coordinators()).extracting(c -> c.key(), c -> c.nodeId(), c -> c.errorCode())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 1, (short) 0), org.assertj.core.groups.Tuple.tuple("b", 1, (short) 0));
        FindCoordinatorResponseData transaction = call(new FindCoordinatorRequestData().setKeyType((byte) 1)
                .setCoordinatorKeys(List.of("tx")), version);
        assertThat(transaction.coordinators().get(0).errorCode()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());
    }

    @Test
    void aGroupIsNotCoordinatedBeforeTheOffsetsTopicExists() {
        HeartbeatResponseData response = call(new HeartbeatRequestData().setGroupId("g").setMemberId("m").setGenerationId(1), 0);
        assertThat(response.errorCode()).isEqualTo(Errors.NOT_COORDINATOR.code());
    }

    private static JoinGroupRequestData join(String memberId) {
        JoinGroupRequestProtocolCollection protocols = new JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestProtocol().setName("range").setMetadata(new byte[] {0, 0, 0, 0, 0, 0}));
        return new JoinGroupRequestData().setGroupId("g").setMemberId(memberId).setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000)
                .setProtocolType("consumer").setProtocols(protocols);
    }

    @Test
    void oldClientsJoinSyncHeartbeatAndLeaveWithoutTheMemberIdHandshake() {
        createOffsetsTopic();
        JoinGroupResponseData joined = call(join(""), 0);
        assertThat(joined.errorCode()).isZero();
        assertThat(joined.generationId()).isEqualTo(1);
        assertThat(joined.leader()).isEqualTo(joined.memberId());
        assertThat(joined.protocolName()).isEqualTo("range");

        SyncGroupRequestData sync = new SyncGroupRequestData().setGroupId("g").setGenerationId(1).setMemberId(joined.memberId());
        sync.assignments().add(new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(joined.memberId())
                .setAssignment(new byte[] {7}));
        SyncGroupResponseData synced = call(sync, 0);
        assertThat(synced.assignment()).containsExactly(7);

        HeartbeatResponseData beat = call(new HeartbeatRequestData().setGroupId("g").setMemberId(joined.memberId()).setGenerationId(2), 0);
        assertThat(beat.errorCode()).isEqualTo(Errors.ILLEGAL_GENERATION.code());
        LeaveGroupResponseData left = call(new LeaveGroupRequestData().setGroupId("g").setMemberId(joined.memberId()), 0);
        assertThat(left.errorCode()).isZero();
    }

    @Test
    void newClientsGetAMemberIdFirstAndLeaveInBatches() {
        createOffsetsTopic();
        JoinGroupResponseData required = call(join(""), 9);
        assertThat(required.errorCode()).isEqualTo(Errors.MEMBER_ID_REQUIRED.code());
        JoinGroupResponseData joined = call(join(required.memberId()), 9);
        assertThat(joined.errorCode()).isZero();
        assertThat(joined.protocolType()).isEqualTo("consumer");
        assertThat(joined.members()).hasSize(1);

        SyncGroupResponseData synced = call(new SyncGroupRequestData().setGroupId("g").setGenerationId(1).setMemberId(joined.memberId())
                .setProtocolType("consumer").setProtocolName("range"), 5);
        assertThat(synced.errorCode()).isZero();
        assertThat(synced.protocolName()).isEqualTo("range");
        SyncGroupResponseData wrongProtocol = call(new SyncGroupRequestData().setGroupId("g").setGenerationId(1)
                .setMemberId(joined.memberId()).setProtocolType("consumer").setProtocolName("sticky"), 5);
        assertThat(wrongProtocol.errorCode()).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL.code());

        HeartbeatResponseData beat = call(new HeartbeatRequestData().setGroupId("g").setMemberId(joined.memberId()).setGenerationId(1), 4);
        assertThat(beat.errorCode()).isZero();
        LeaveGroupRequestData leave = new LeaveGroupRequestData().setGroupId("g").setMembers(List.of(
                new LeaveGroupRequestData.MemberIdentity().setMemberId(joined.memberId()),
                new LeaveGroupRequestData.MemberIdentity().setMemberId("ghost")));
        LeaveGroupResponseData left = call(leave, 5);
        assertThat(left.members()).extracting(m -> m.errorCode()).containsExactly((short) 0, Errors.UNKNOWN_MEMBER_ID.code());
        LeaveGroupResponseData unknownGroup = call(new LeaveGroupRequestData().setGroupId("nobody").setMemberId("m"), 2);
        assertThat(unknownGroup.errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
    void theWholeMembershipCycleWorksAtEveryJoinGroupVersion(int version) {
        createOffsetsTopic();
        JoinGroupRequestData request = join("").setGroupId("g" + version).setGroupInstanceId(version >= 5 ? "instance" : null);
        JoinGroupResponseData joined = call(request, version);
        if (joined.errorCode() == Errors.MEMBER_ID_REQUIRED.code()) {
            joined = call(request.setMemberId(joined.memberId()), version);
        }
        assertThat(joined.errorCode()).isZero();
        String memberId = joined.memberId();
        String instanceId = version >= 5 ? "instance" : null;
        SyncGroupResponseData synced = call(new SyncGroupRequestData().setGroupId("g" + version).setGenerationId(1).setMemberId(memberId)
                .setGroupInstanceId(Math.min(version, 5) >= 3 ? instanceId : null), Math.min(version, 5));
        assertThat(synced.errorCode()).isZero();
        HeartbeatResponseData beat = call(new HeartbeatRequestData().setGroupId("g" + version).setGenerationId(1).setMemberId(memberId)
                .setGroupInstanceId(Math.min(version, 4) >= 3 ? instanceId : null), Math.min(version, 4));
        assertThat(beat.errorCode()).isZero();
        DescribeGroupsResponseData described = call(new DescribeGroupsRequestData().setGroups(List.of("g" + version))
                .setIncludeAuthorizedOperations(version >= 3), Math.min(version, 6));
        assertThat(described.groups().get(0).groupState()).isEqualTo("Stable");
        assertThat(described.groups().get(0).members()).singleElement().satisfies(m -> assertThat(m.memberId()).isEqualTo(memberId));
        int leaveVersion = Math.min(version, 5);
        LeaveGroupRequestData leave = leaveVersion >= 3
                ? new LeaveGroupRequestData().setGroupId("g" + version).setMembers(List.of(
                        new LeaveGroupRequestData.MemberIdentity().setMemberId(memberId).setGroupInstanceId(instanceId)))
                : new LeaveGroupRequestData().setGroupId("g" + version).setMemberId(memberId);
        LeaveGroupResponseData left = call(leave, leaveVersion);
        assertThat(left.errorCode()).isZero();
        ListGroupsResponseData listed = call(new ListGroupsRequestData(), Math.min(version, 5));
        assertThat(listed.groups()).extracting(g -> g.groupId()).contains("g" + version);
        DeleteGroupsResponseData deleted = call(new DeleteGroupsRequestData().setGroupsNames(List.of("g" + version)), Math.min(version, 3));
        assertThat(deleted.results().find("g" + version).errorCode()).isZero();
    }

    private static OffsetCommitRequestData commit(String topic, int partition, long offset) {
        OffsetCommitRequestData request = new OffsetCommitRequestData().setGroupId("g").setGenerationIdOrMemberEpoch(-1).setMemberId("");
        OffsetCommitRequestData.OffsetCommitRequestTopic committed = new OffsetCommitRequestData.OffsetCommitRequestTopic().setName(topic)
                .setTopicId(org.apache.kafka.common.Uuid.ZERO_UUID);
        committed.partitions().add(new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(partition)
                .setCommittedOffset(offset).setCommittedMetadata("meta"));
        request.topics().add(committed);
        return request;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8, 9})
    void offsetsCommittedAtOneVersionAreFetchedAtEvery(int version) {
        createOffsetsTopic();
        OffsetCommitResponseData committed = call(commit("orders", 1, 42), version);
        assertThat(committed.topics().get(0).partitions().get(0).errorCode()).isZero();
        OffsetCommitResponseData unknown = call(commit("missing", 0, 1), version);
        assertThat(unknown.topics().get(0).partitions().get(0).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());

        OffsetFetchRequestData old = new OffsetFetchRequestData().setGroupId("g").setTopics(List.of(
                new OffsetFetchRequestData.OffsetFetchRequestTopic().setName("orders").setPartitionIndexes(List.of(0, 1))));
        OffsetFetchResponseData v1 = call(old, 1);
        assertThat(v1.topics().get(0).partitions()).extracting(p -> p.partitionIndex(), p -> p.committedOffset())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, -1L), org.assertj.core.groups.Tuple.tuple(1, 42L));
        OffsetFetchResponseData v7All = call(new OffsetFetchRequestData().setGroupId("g").setTopics(null).setRequireStable(true), 7);
        assertThat(v7All.topics().get(0).partitions().get(0).metadata()).isEqualTo("meta");

        OffsetFetchRequestData multi = new OffsetFetchRequestData().setGroups(List.of(
                new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("g").setTopics(null),
                new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("other").setTopics(null)));
        OffsetFetchResponseData v8 = call(multi, 8);
        assertThat(v8.groups()).extracting(g -> g.groupId(), g -> g.topics().size())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("g", 1), org.assertj.core.groups.Tuple.tuple("other", 0));
        OffsetFetchResponseData v10 = call(multi, 10);
        assertThat(v10.groups().get(0).topics().get(0).topicId()).isNotEqualTo(org.apache.kafka.common.Uuid.ZERO_UUID);
    }

    @Test
    void offsetsAreCommittedByTopicIdFromVersion10() {
        createOffsetsTopic();
        org.apache.kafka.common.Uuid ordersId = KafkaIds.toKafka(topics.image().topics().getTopic("orders").orElseThrow().topicId());
        OffsetCommitRequestData request = commit("", 0, 5);
        request.topics().get(0).setTopicId(ordersId);
        OffsetCommitResponseData committed = call(request, 10);
        assertThat(committed.topics().get(0).partitions().get(0).errorCode()).isZero();
        request.topics().get(0).setTopicId(org.apache.kafka.common.Uuid.randomUuid());
        assertThat(((OffsetCommitResponseData) call(request, 10)).topics().get(0).partitions().get(0).errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
    }

    @Test
    void groupsAreDescribedListedAndDeletedAsEachVersionExpects() {
        createOffsetsTopic();
        call(commit("orders", 0, 1), 8);
        DescribeGroupsResponseData v0 = call(new DescribeGroupsRequestData().setGroups(List.of("g", "nobody")), 0);
        assertThat(v0.groups()).extracting(g -> g.groupState(), g -> g.errorCode())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Empty", (short) 0), org.assertj.core.groups.Tuple.tuple("Dead", (short) 0));
        DescribeGroupsResponseData v6 = call(new DescribeGroupsRequestData().setGroups(List.of("nobody")), 6);
        assertThat(v6.groups().get(0).errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());

        ListGroupsResponseData all = call(new ListGroupsRequestData(), 0);
        assertThat(all.groups()).extracting(g -> g.groupId()).containsExactly("g");
        ListGroupsResponseData stable = call(new ListGroupsRequestData().setStatesFilter(List.of("stable")), 4);
        assertThat(stable.groups()).isEmpty();
        ListGroupsResponseData classic = call(new ListGroupsRequestData().setTypesFilter(List.of("Classic")), 5);
        assertThat(classic.groups()).extracting(g -> g.groupType(), g -> g.groupState())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("classic", "Empty"));
        ListGroupsResponseData consumer = call(new ListGroupsRequestData().setTypesFilter(List.of("consumer")), 5);
        assertThat(consumer.groups()).isEmpty();

        OffsetDeleteRequestData offsetDelete = new OffsetDeleteRequestData().setGroupId("g");
        OffsetDeleteRequestData.OffsetDeleteRequestTopic topic = new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName("orders");
        topic.partitions().add(new OffsetDeleteRequestData.OffsetDeleteRequestPartition().setPartitionIndex(0));
        offsetDelete.topics().add(topic);
        OffsetDeleteResponseData offsetsDeleted = call(offsetDelete, 0);
        assertThat(offsetsDeleted.errorCode()).isZero();
        assertThat(offsetsDeleted.topics().find("orders").partitions().find(0).errorCode()).isZero();

        DeleteGroupsResponseData deleted = call(new DeleteGroupsRequestData().setGroupsNames(List.of("g", "nobody")), 0);
        assertThat(deleted.results()).extracting(r -> r.groupId(), r -> r.errorCode()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("g", (short) 0),
                org.assertj.core.groups.Tuple.tuple("nobody", Errors.GROUP_ID_NOT_FOUND.code()));
    }
}

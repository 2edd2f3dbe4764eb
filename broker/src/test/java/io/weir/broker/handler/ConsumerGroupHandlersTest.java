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
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ConsumerGroupHeartbeat, ConsumerGroupDescribe and ListGroups for consumer groups, through the dispatcher. */
class ConsumerGroupHandlersTest {
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
        topics.createTopics(List.of(NewTopic.of("orders", 4, 1)), false).join();
        GroupConfig config = GroupConfig.defaults(3, (short) 1, 60_000, 0);
        coordinator = new GroupCoordinator(1, config, (partition, records) -> CompletableFuture.completedFuture(null),
                (partition, sink) -> 0, NO_TIMER, Clock.systemUTC(), Runnable::run, new OffsetsTopicCreator(topics, config, 1),
                () -> topics.image().topics());
        OffsetsTopicPublisher publisher = new OffsetsTopicPublisher(1, coordinator);
        publisher.publishAll(store.addListener(publisher));
        dispatcher = new RequestDispatcher(HandlerRegistry.builder()
                .register(new FindCoordinatorHandler(coordinator, new io.weir.broker.txn.TxnTestKit().coordinator, topics, IDENTITY))
                .register(new JoinGroupHandler(coordinator))
                .register(new SyncGroupHandler(coordinator))
                .register(new HeartbeatHandler(coordinator))
                .register(new ListGroupsHandler(coordinator))
                .register(new ConsumerGroupHeartbeatHandler(coordinator, topics))
                .register(new ConsumerGroupDescribeHandler(coordinator, topics))
                .build(), new ErrorMapper(Map.of()));
        call(new FindCoordinatorRequestData().setKey("g"), 0);
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

    private static ConsumerGroupHeartbeatRequestData join(String group, String memberId) {
        return new ConsumerGroupHeartbeatRequestData().setGroupId(group).setMemberId(memberId).setMemberEpoch(0)
                .setRebalanceTimeoutMs(30_000).setSubscribedTopicNames(List.of("orders")).setTopicPartitions(List.of());
    }

    private Uuid ordersId() {
        return new Uuid(topics.image().topics().getTopic("orders").orElseThrow().topicId().mostSignificantBits(),
                topics.image().topics().getTopic("orders").orElseThrow().topicId().leastSignificantBits());
    }

    private JoinGroupResponseData classicJoin(String memberId, List<TopicPartition> owned) {
        JoinGroupRequestProtocolCollection protocols = new JoinGroupRequestProtocolCollection();
        ByteBuffer subscription = ConsumerProtocol.serializeSubscription(
                new ConsumerPartitionAssignor.Subscription(List.of("orders"), null, owned));
        byte[] bytes = new byte[subscription.remaining()];
        subscription.get(bytes);
        protocols.add(new JoinGroupRequestProtocol().setName("cooperative-sticky").setMetadata(bytes));
        return call(new JoinGroupRequestData().setGroupId("g").setMemberId(memberId).setSessionTimeoutMs(10_000)
                .setRebalanceTimeoutMs(10_000).setProtocolType("consumer").setProtocols(protocols), 9);
    }

    private List<TopicPartition> classicSync(String memberId, int generation) {
        SyncGroupResponseData synced = call(new SyncGroupRequestData().setGroupId("g").setMemberId(memberId).setGenerationId(generation)
                .setProtocolType("consumer").setProtocolName("cooperative-sticky"), 5);
        assertThat(synced.errorCode()).isZero();
        assertThat(synced.protocolName()).isEqualTo("cooperative-sticky");
        return ConsumerProtocol.deserializeAssignment(ByteBuffer.wrap(synced.assignment())).partitions();
    }

    @Test
    void aClassicConsumerJoinsAConsumerGroupAndIsAssignedByTheCoordinatorInKafkasEncoding() {
        call(join("g", "member-1"), 1);
        JoinGroupResponseData required = classicJoin("", List.of());
        assertThat(required.errorCode()).isEqualTo(Errors.MEMBER_ID_REQUIRED.code());
        JoinGroupResponseData joined = classicJoin(required.memberId(), List.of());
        assertThat(joined.errorCode()).isZero();
        assertThat(joined.leader()).isEmpty();
        assertThat(joined.protocolName()).isEqualTo("cooperative-sticky");
        assertThat(classicSync(joined.memberId(), joined.generationId())).as("everything still held by member-1").isEmpty();
        HeartbeatResponseData beat = call(new HeartbeatRequestData().setGroupId("g").setMemberId(joined.memberId())
                .setGenerationId(joined.generationId()), 4);
        assertThat(beat.errorCode()).isEqualTo(Errors.REBALANCE_IN_PROGRESS.code());

        ConsumerGroupHeartbeatResponseData revoking = call(new ConsumerGroupHeartbeatRequestData().setGroupId("g")
                .setMemberId("member-1").setMemberEpoch(1).setTopicPartitions(List.of(new ConsumerGroupHeartbeatRequestData.TopicPartitions()
                        .setTopicId(ordersId()).setPartitions(List.of(0, 1, 2, 3)))), 1);
        List<Integer> kept = revoking.assignment().topicPartitions().get(0).partitions();
        call(new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId("member-1").setMemberEpoch(1)
                .setTopicPartitions(List.of(new ConsumerGroupHeartbeatRequestData.TopicPartitions().setTopicId(ordersId())
                        .setPartitions(kept))), 1);
        JoinGroupResponseData rejoined = classicJoin(joined.memberId(), List.of());
        List<TopicPartition> assigned = classicSync(joined.memberId(), rejoined.generationId());
        assertThat(assigned).hasSize(2).extracting(TopicPartition::partition).doesNotContainAnyElementsOf(kept);
        HeartbeatResponseData settled = call(new HeartbeatRequestData().setGroupId("g").setMemberId(joined.memberId())
                .setGenerationId(rejoined.generationId()), 4);
        assertThat(settled.errorCode()).isZero();
    }

    @Test
    void aMemberJoinsWithItsOwnIdAndGetsItsAssignmentByTopicId() {
        ConsumerGroupHeartbeatResponseData joined = call(join("g", "member-1"), 1);
        assertThat(joined.errorCode()).isZero();
        assertThat(joined.memberId()).isEqualTo("member-1");
        assertThat(joined.memberEpoch()).isEqualTo(1);
        assertThat(joined.heartbeatIntervalMs()).isPositive();
        assertThat(joined.assignment().topicPartitions()).singleElement().satisfies(topic -> {
            assertThat(topic.topicId()).isEqualTo(ordersId());
            assertThat(topic.partitions()).containsExactly(0, 1, 2, 3);
        });
        ConsumerGroupHeartbeatResponseData beat = call(new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId("member-1")
                .setMemberEpoch(1), 1);
        assertThat(beat.errorCode()).isZero();
        assertThat(beat.assignment()).isNull();
    }

    @Test
    void aV0MemberWithoutIdIsGivenOneAndAnInvalidRegexIsRefusedWithAMessage() {
        ConsumerGroupHeartbeatResponseData joined = call(join("g", ""), 0);
        assertThat(joined.errorCode()).isZero();
        assertThat(joined.memberId()).isNotEmpty();
        ConsumerGroupHeartbeatResponseData regex = call(new ConsumerGroupHeartbeatRequestData().setGroupId("g2").setMemberId("m")
                .setMemberEpoch(0).setRebalanceTimeoutMs(1000).setSubscribedTopicRegex("ord(").setTopicPartitions(List.of()), 1);
        assertThat(regex.errorCode()).isEqualTo(Errors.INVALID_REGULAR_EXPRESSION.code());
        assertThat(regex.errorMessage()).contains("SubscribedTopicRegex");
        ConsumerGroupHeartbeatResponseData valid = call(new ConsumerGroupHeartbeatRequestData().setGroupId("g2").setMemberId("m")
                .setMemberEpoch(0).setRebalanceTimeoutMs(1000).setSubscribedTopicRegex("ord.*").setTopicPartitions(List.of()), 1);
        assertThat(valid.errorCode()).isZero();
        assertThat(valid.memberEpoch()).isEqualTo(1);
    }

    @Test
    void describeShowsEpochsAssignmentsAndTopicNames() {
        call(join("g", "member-1"), 1);
        ConsumerGroupDescribeResponseData described = call(new ConsumerGroupDescribeRequestData().setGroupIds(List.of("g", "none"))
                .setIncludeAuthorizedOperations(true), 1);
        ConsumerGroupDescribeResponseData.DescribedGroup group = described.groups().get(0);
        assertThat(group.errorCode()).isZero();
        assertThat(group.groupState()).isEqualTo("Stable");
        assertThat(group.groupEpoch()).isEqualTo(1);
        assertThat(group.assignmentEpoch()).isEqualTo(1);
        assertThat(group.assignorName()).isEqualTo("uniform");
        assertThat(group.members()).singleElement().satisfies(member -> {
            assertThat(member.memberEpoch()).isEqualTo(1);
            assertThat(member.subscribedTopicNames()).containsExactly("orders");
            assertThat(member.assignment().topicPartitions()).singleElement()
                    .satisfies(topic -> assertThat(topic.topicName()).isEqualTo("orders"));
            assertThat(member.targetAssignment()).isEqualTo(member.assignment());
            assertThat(member.memberType()).isEqualTo((byte) 1);
        });
        assertThat(described.groups().get(1).errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
    }

    @Test
    void listGroupsReportsTypesAndFiltersByThem() {
        call(join("modern", "member-1"), 1);
        JoinGroupRequestProtocolCollection protocols = new JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestProtocol().setName("range").setMetadata(new byte[] {0, 0, 0, 0, 0, 0}));
        JoinGroupResponseData classic = call(new JoinGroupRequestData().setGroupId("old").setMemberId("").setSessionTimeoutMs(10_000)
                .setRebalanceTimeoutMs(10_000).setProtocolType("consumer").setProtocols(protocols), 3);
        assertThat(classic.errorCode()).isZero();
        JoinGroupResponseData mixed = call(new JoinGroupRequestData().setGroupId("modern").setMemberId("").setSessionTimeoutMs(10_000)
                .setRebalanceTimeoutMs(10_000).setProtocolType("consumer").setProtocols(protocols), 3);
        assertThat(mixed.errorCode()).as("a subscription that does not parse").isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL.code());

        ListGroupsResponseData all = call(new ListGroupsRequestData(), 5);
        assertThat(all.groups()).extracting(g -> g.groupId() + ":" + g.groupType() + ":" + g.protocolType())
                .containsExactlyInAnyOrder("modern:consumer:consumer", "old:classic:consumer");
        ListGroupsResponseData consumers = call(new ListGroupsRequestData().setTypesFilter(List.of("Consumer")), 5);
        assertThat(consumers.groups()).extracting(ListGroupsResponseData.ListedGroup::groupId).containsExactly("modern");
    }
}

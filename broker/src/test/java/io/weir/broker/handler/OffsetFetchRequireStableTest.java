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
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OffsetFetch's require_stable (KIP-447) against a pending TxnOffsetCommit, at v7 (one group) and v8 (several). */
class OffsetFetchRequireStableTest {
    private static final ConnectionInfo CONNECTION = new ConnectionInfo(1, "PLAINTEXT", "test", new InetSocketAddress("127.0.0.1", 5555));
    private static final BrokerIdentity IDENTITY = TopicFixtures.identity("broker.example", 9092);
    private static final CoordinatorTimer NO_TIMER = new CoordinatorTimer() {
        @Override
        public void schedule(String key, long delayMs, Runnable task) {}

        @Override
        public void cancel(String key) {}
    };
    private static final long PRODUCER_ID = 7;

    @TempDir
    Path dir;

    private LocalMetadataStore store;
    private GroupCoordinator groups;
    private RequestDispatcher dispatcher;
    private int correlationId;

    @BeforeEach
    void start() throws IOException {
        store = LocalMetadataStore.open(dir);
        BrokerRegistrar.registerIfNeeded(store, IDENTITY);
        TopicManager topics = new TopicManager(store, 1, TopicDefaults.KAFKA_DEFAULTS, TopicFixtures.permissiveValidator(),
                TopicConfigDescriber.overridesOnly(), Runnable::run);
        topics.createTopics(List.of(NewTopic.of("orders", 2, 1)), false).join();
        GroupConfig config = GroupConfig.defaults(3, (short) 1, 60_000, 0);
        groups = new GroupCoordinator(1, config, (partition, records) -> CompletableFuture.completedFuture(null),
                (partition, sink) -> 0, NO_TIMER, Clock.systemUTC(), Runnable::run, new OffsetsTopicCreator(topics, config, 1));
        OffsetsTopicPublisher publisher = new OffsetsTopicPublisher(1, groups);
        publisher.publishAll(store.addListener(publisher));
        dispatcher = new RequestDispatcher(HandlerRegistry.builder()
                .register(new FindCoordinatorHandler(groups, new io.weir.broker.txn.TxnTestKit().coordinator, topics, IDENTITY))
                .register(new TxnOffsetCommitHandler(groups, topics))
                .register(new OffsetFetchHandler(groups, topics))
                .build(), new ErrorMapper(Map.of()));
        call(new FindCoordinatorRequestData().setKey("g"), 0);
    }

    @AfterEach
    void stop() throws IOException {
        groups.close();
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

    private void commitInTransaction(long offset) {
        TxnOffsetCommitRequestData request = new TxnOffsetCommitRequestData().setTransactionalId("tx").setGroupId("g")
                .setProducerId(PRODUCER_ID).setProducerEpoch((short) 0).setTopics(List.of(new TxnOffsetCommitRequestTopic()
                        .setName("orders").setPartitions(List.of(new TxnOffsetCommitRequestPartition().setPartitionIndex(1)
                                .setCommittedOffset(offset)))));
        TxnOffsetCommitResponseData response = call(request, 2);
        assertThat(response.topics().get(0).partitions().get(0).errorCode()).isZero();
    }

    private OffsetFetchResponseData.OffsetFetchResponsePartition fetchV7(boolean requireStable) {
        OffsetFetchResponseData response = call(new OffsetFetchRequestData().setGroupId("g").setRequireStable(requireStable)
                .setTopics(List.of(new OffsetFetchRequestTopic().setName("orders").setPartitionIndexes(List.of(1)))), 7);
        assertThat(response.errorCode()).isZero();
        return response.topics().get(0).partitions().get(0);
    }

    private OffsetFetchResponseData.OffsetFetchResponsePartitions fetchV8(boolean requireStable) {
        OffsetFetchResponseData response = call(new OffsetFetchRequestData().setRequireStable(requireStable).setGroups(List.of(
                new OffsetFetchRequestGroup().setGroupId("g").setTopics(List.of(
                        new OffsetFetchRequestTopics().setName("orders").setPartitionIndexes(List.of(1)))))), 8);
        return response.groups().get(0).topics().get(0).partitions().get(0);
    }

    @Test
    void aPendingTransactionalCommitIsUnstableOnlyForRequireStable() {
        commitInTransaction(42);

        assertThat(fetchV7(true).errorCode()).isEqualTo(Errors.UNSTABLE_OFFSET_COMMIT.code());
        assertThat(fetchV7(true).committedOffset()).isEqualTo(-1);
        assertThat(fetchV8(true).errorCode()).isEqualTo(Errors.UNSTABLE_OFFSET_COMMIT.code());
        assertThat(fetchV7(false).errorCode()).isZero();
        assertThat(fetchV7(false).committedOffset()).isEqualTo(-1);
        assertThat(fetchV8(false).errorCode()).isZero();
    }

    @Test
    void theOffsetIsStableOnceTheTransactionCommits() {
        commitInTransaction(42);
        groups.completeTransaction(groups.partitionFor("g"), PRODUCER_ID, true).join();

        assertThat(fetchV7(true).errorCode()).isZero();
        assertThat(fetchV7(true).committedOffset()).isEqualTo(42);
        assertThat(fetchV8(true).committedOffset()).isEqualTo(42);
    }

    @Test
    void anAbortedTransactionLeavesTheOldOffsetStable() {
        commitInTransaction(42);
        groups.completeTransaction(groups.partitionFor("g"), PRODUCER_ID, false).join();

        assertThat(fetchV8(true).errorCode()).isZero();
        assertThat(fetchV8(true).committedOffset()).isEqualTo(-1);
    }
}

package io.weir.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.group.CoordinatorTimer;
import io.weir.broker.group.GroupConfig;
import io.weir.broker.group.GroupCoordinator;
import io.weir.broker.group.InternalTopicCreator;
import io.weir.broker.group.OffsetsTopicCreator;
import io.weir.broker.group.OffsetsTopicPublisher;
import io.weir.broker.producer.ProducerIdManager;
import io.weir.broker.testing.ForwardingMetadataStore;
import io.weir.broker.testing.KafkaWire;
import io.weir.broker.topic.BrokerIdentity;
import io.weir.broker.topic.BrokerRegistrar;
import io.weir.broker.topic.NewTopic;
import io.weir.broker.topic.TopicConfigDescriber;
import io.weir.broker.topic.TopicDefaults;
import io.weir.broker.topic.TopicFixtures;
import io.weir.broker.topic.TopicManager;
import io.weir.broker.txn.LocalTxnPartitionRegistrar;
import io.weir.broker.txn.TxnTestKit;
import io.weir.metadata.ControllerUnavailableException;
import io.weir.metadata.TopicNames;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.store.LocalMetadataStore;
import io.weir.protocol.EncodedResponse;
import io.weir.protocol.ErrorMapper;
import io.weir.storage.TopicPartitionKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransactionCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The transaction handlers through the dispatcher, with requests encoded by kafka-clients at old and new versions. */
class TxnHandlersTest {
    private static final ConnectionInfo CONNECTION = new ConnectionInfo(1, "PLAINTEXT", "test", new InetSocketAddress("127.0.0.1", 5555));
    private static final BrokerIdentity IDENTITY = TopicFixtures.identity("broker.example", 9092);
    private static final CoordinatorTimer NO_TIMER = new CoordinatorTimer() {
        @Override
        public void schedule(String key, long delayMs, Runnable task) {}

        @Override
        public void cancel(String key) {}
    };
    private static final String TXN = "tx";

    @TempDir
    Path dir;

    private LocalMetadataStore store;
    private volatile boolean producerIdsUnavailable;
    private TopicManager topics;
    private GroupCoordinator groups;
    private TxnTestKit kit;
    private RequestDispatcher dispatcher;
    private int correlationId;

    @BeforeEach
    void start() throws IOException {
        store = LocalMetadataStore.open(dir);
        BrokerRegistrar.registerIfNeeded(store, IDENTITY);
        topics = new TopicManager(store, 1, TopicDefaults.KAFKA_DEFAULTS, TopicFixtures.permissiveValidator(),
                TopicConfigDescriber.overridesOnly(), Runnable::run);
        topics.createTopics(List.of(NewTopic.of("orders", 3, 1)), false).join();
        GroupConfig config = GroupConfig.defaults(3, (short) 1, 60_000, 0);
        groups = new GroupCoordinator(1, config, (partition, records) -> CompletableFuture.completedFuture(null),
                (partition, sink) -> 0, NO_TIMER, Clock.systemUTC(), Runnable::run, new OffsetsTopicCreator(topics, config, 1));
        kit = new TxnTestKit(new InternalTopicCreator(topics, NewTopic.of(TopicNames.TRANSACTION_STATE, TxnTestKit.PARTITIONS, 1), 1));
        OffsetsTopicPublisher publisher = new OffsetsTopicPublisher(1, TopicNames.TRANSACTION_STATE, kit.coordinator);
        publisher.publishAll(store.addListener(publisher));
        dispatcher = new RequestDispatcher(HandlerRegistry.builder()
                .register(new FindCoordinatorHandler(groups, kit.coordinator, topics, IDENTITY))
                .register(new InitProducerIdHandler(new ProducerIdManager(1, new ReservingStore(), Runnable::run, 2), kit.coordinator))
                .register(new AddPartitionsToTxnHandler(kit.coordinator, topics))
                .register(new AddOffsetsToTxnHandler(kit.coordinator, groups))
                .register(new EndTxnHandler(kit.coordinator))
                .register(new TxnOffsetCommitHandler(groups, topics, Optional.of(new LocalTxnPartitionRegistrar(kit.coordinator)), true))
                .register(new DescribeTransactionsHandler(kit.coordinator))
                .register(new ListTransactionsHandler(kit.coordinator, kit.timer.clock()))
                .build(), new ErrorMapper(Map.of()));
    }

    /** The node's store, except that reserving producer ids fails while {@link #producerIdsUnavailable} is set. */
    private final class ReservingStore extends ForwardingMetadataStore {
        ReservingStore() {
            super(store);
        }

        @Override
        public MetadataImage commit(List<? extends MetadataRecord> records) {
            if (producerIdsUnavailable) {
                throw new ControllerUnavailableException("no active controller");
            }
            return super.commit(records);
        }
    }

    @Test
    void initProducerIdAsksClientsToRetryWhileNoProducerIdsCanBeReserved() {
        createStateTopic();
        producerIdsUnavailable = true;
        kit.producerIdsUnavailable.set(true);
        InitProducerIdRequestData idempotent = new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(-1);

        assertThat(this.<InitProducerIdResponseData>call(idempotent, 4).errorCode())
                .isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS.code());
        assertThat(init(4).errorCode()).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS.code());

        producerIdsUnavailable = false;
        kit.producerIdsUnavailable.set(false);
        assertThat(this.<InitProducerIdResponseData>call(idempotent, 4).errorCode()).isZero();
        assertThat(init(4).errorCode()).isZero();
    }

    @AfterEach
    void stop() throws IOException {
        kit.coordinator.close();
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

    private InitProducerIdResponseData init(int version) {
        return call(new InitProducerIdRequestData().setTransactionalId(TXN).setTransactionTimeoutMs(60_000), version);
    }

    private static AddPartitionsToTxnTopicCollection topics(String topic, Integer... partitions) {
        AddPartitionsToTxnTopicCollection collection = new AddPartitionsToTxnTopicCollection();
        collection.add(new AddPartitionsToTxnTopic().setName(topic).setPartitions(List.of(partitions)));
        return collection;
    }

    private AddPartitionsToTxnResponseData addV3(InitProducerIdResponseData producer, int version, String topic, Integer... partitions) {
        return call(new AddPartitionsToTxnRequestData().setV3AndBelowTransactionalId(TXN).setV3AndBelowProducerId(producer.producerId())
                .setV3AndBelowProducerEpoch(producer.producerEpoch()).setV3AndBelowTopics(topics(topic, partitions)), version);
    }

    private static short code(AddPartitionsToTxnResponseData response, String topic, int partition) {
        return response.resultsByTopicV3AndBelow().find(topic).resultsByPartition().find(partition).partitionErrorCode();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4, 5})
    void findCoordinatorCreatesTheStateTopicThenNamesThisNode(int version) {
        FindCoordinatorRequestData request = version < 4
                ? new FindCoordinatorRequestData().setKeyType((byte) 1).setKey(TXN)
                : new FindCoordinatorRequestData().setKeyType((byte) 1).setCoordinatorKeys(List.of(TXN));
        call(request, version);
        FindCoordinatorResponseData found = call(request, version);
        if (version < 4) {
            assertThat(found.errorCode()).isZero();
            assertThat(found.nodeId()).isEqualTo(1);
        } else {
            assertThat(found.coordinators().get(0).errorCode()).isZero();
            assertThat(found.coordinators().get(0).port()).isEqualTo(9092);
        }
    }

    private void createStateTopic() {
        call(new FindCoordinatorRequestData().setKeyType((byte) 1).setKey(TXN), 1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 5})
    void initProducerIdBumpsTheEpochOfATransactionalId(int version) {
        createStateTopic();
        InitProducerIdResponseData first = init(version);
        InitProducerIdResponseData second = init(version);
        assertThat(first.errorCode()).isZero();
        assertThat(second.producerId()).isEqualTo(first.producerId());
        assertThat(second.producerEpoch()).isEqualTo((short) (first.producerEpoch() + 1));
        InitProducerIdResponseData empty = call(new InitProducerIdRequestData().setTransactionalId("").setTransactionTimeoutMs(1000), version);
        assertThat(empty.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        InitProducerIdResponseData tooLong = call(new InitProducerIdRequestData().setTransactionalId(TXN)
                .setTransactionTimeoutMs(900_001), version);
        assertThat(tooLong.errorCode()).isEqualTo(Errors.INVALID_TRANSACTION_TIMEOUT.code());
    }

    @Test
    void aTransactionalIdIsNotCoordinatedBeforeTheStateTopicExists() {
        assertThat(init(1).errorCode()).isEqualTo(Errors.NOT_COORDINATOR.code());
    }

    @Test
    void addPartitionsV0AndEndTxnV1AsLibrdkafkaSendsThem() {
        createStateTopic();
        InitProducerIdResponseData producer = init(1);
        AddPartitionsToTxnResponseData unknown = addV3(producer, 0, "missing", 0);
        assertThat(code(unknown, "missing", 0)).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        AddPartitionsToTxnResponseData added = addV3(producer, 0, "orders", 0, 2);
        assertThat(code(added, "orders", 0)).isZero();
        assertThat(code(added, "orders", 2)).isZero();

        EndTxnResponseData ended = call(new EndTxnRequestData().setTransactionalId(TXN).setProducerId(producer.producerId())
                .setProducerEpoch(producer.producerEpoch()).setCommitted(true), 1);
        assertThat(ended.errorCode()).isZero();
        assertThat(kit.markers.calls).singleElement().satisfies(call -> {
            assertThat(call.commit()).isTrue();
            assertThat(call.partitions()).containsExactly(new TopicPartitionKey("orders", 0), new TopicPartitionKey("orders", 2));
        });
    }

    @Test
    void anUnknownPartitionLeavesTheOthersNotAttempted() {
        createStateTopic();
        InitProducerIdResponseData producer = init(1);
        AddPartitionsToTxnResponseData response = addV3(producer, 3, "orders", 0, 9);
        assertThat(code(response, "orders", 9)).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(code(response, "orders", 0)).isEqualTo(Errors.OPERATION_NOT_ATTEMPTED.code());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aFencedProducerIsToldInTheWordsOfItsVersion(int version) {
        createStateTopic();
        InitProducerIdResponseData old = init(3);
        init(3);
        AddPartitionsToTxnResponseData response = addV3(old, version, "orders", 0);
        short expected = version < 2 ? Errors.INVALID_PRODUCER_EPOCH.code() : Errors.PRODUCER_FENCED.code();
        assertThat(code(response, "orders", 0)).isEqualTo(expected);
    }

    @Test
    void endTxnV5BumpsTheEpochAndAnswersIt() {
        createStateTopic();
        InitProducerIdResponseData producer = init(5);
        addV3(producer, 3, "orders", 1);
        EndTxnResponseData ended = call(new EndTxnRequestData().setTransactionalId(TXN).setProducerId(producer.producerId())
                .setProducerEpoch(producer.producerEpoch()).setCommitted(false), 5);
        assertThat(ended.errorCode()).isZero();
        assertThat(ended.producerId()).isEqualTo(producer.producerId());
        assertThat(ended.producerEpoch()).isEqualTo((short) (producer.producerEpoch() + 1));
        EndTxnResponseData nothingOpen = call(new EndTxnRequestData().setTransactionalId(TXN).setProducerId(producer.producerId())
                .setProducerEpoch(ended.producerEpoch()).setCommitted(true), 5);
        assertThat(nothingOpen.errorCode()).isEqualTo(Errors.INVALID_TXN_STATE.code());
    }

    @Test
    void theBatchedFormAddsOrVerifiesPerTransaction() {
        createStateTopic();
        InitProducerIdResponseData producer = init(4);
        AddPartitionsToTxnTransactionCollection transactions = new AddPartitionsToTxnTransactionCollection();
        transactions.add(new AddPartitionsToTxnTransaction().setTransactionalId(TXN).setProducerId(producer.producerId())
                .setProducerEpoch(producer.producerEpoch()).setTopics(topics("orders", 0)));
        AddPartitionsToTxnResponseData added = call(new AddPartitionsToTxnRequestData().setTransactions(transactions), 4);
        assertThat(added.resultsByTransaction().find(TXN).topicResults().find("orders").resultsByPartition().find(0)
                .partitionErrorCode()).isZero();

        AddPartitionsToTxnTransactionCollection verify = new AddPartitionsToTxnTransactionCollection();
        verify.add(new AddPartitionsToTxnTransaction().setTransactionalId(TXN).setProducerId(producer.producerId())
                .setProducerEpoch(producer.producerEpoch()).setVerifyOnly(true).setTopics(topics("orders", 0, 1)));
        AddPartitionsToTxnResponseData verified = call(new AddPartitionsToTxnRequestData().setTransactions(verify), 5);
        var results = verified.resultsByTransaction().find(TXN).topicResults().find("orders").resultsByPartition();
        assertThat(results.find(0).partitionErrorCode()).isZero();
        assertThat(results.find(1).partitionErrorCode()).isEqualTo(Errors.INVALID_TXN_STATE.code());
    }

    @Test
    void addOffsetsAddsTheGroupsOffsetsPartition() {
        createStateTopic();
        InitProducerIdResponseData producer = init(1);
        AddOffsetsToTxnResponseData response = call(new AddOffsetsToTxnRequestData().setTransactionalId(TXN)
                .setProducerId(producer.producerId()).setProducerEpoch(producer.producerEpoch()).setGroupId("readers"), 0);
        assertThat(response.errorCode()).isZero();
        DescribeTransactionsResponseData described = call(new DescribeTransactionsRequestData().setTransactionalIds(List.of(TXN, "nope")), 0);
        var state = described.transactionStates().get(0);
        assertThat(state.transactionState()).isEqualTo("Ongoing");
        assertThat(state.topics().find(TopicNames.CONSUMER_OFFSETS).partitions()).containsExactly(groups.partitionFor("readers"));
        assertThat(described.transactionStates().get(1).errorCode()).isEqualTo(Errors.TRANSACTIONAL_ID_NOT_FOUND.code());
    }

    private TxnOffsetCommitResponseData txnOffsetCommit(InitProducerIdResponseData producer, short epoch, int version) {
        return call(new TxnOffsetCommitRequestData().setTransactionalId(TXN).setGroupId("readers").setProducerId(producer.producerId())
                .setProducerEpoch(epoch).setTopics(List.of(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic().setName("orders")
                        .setPartitions(List.of(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition().setPartitionIndex(0)
                                .setCommittedOffset(5))))), version);
    }

    @Test
    void txnOffsetCommitV5AddsTheGroupsOffsetsPartitionItself() {
        createStateTopic();
        InitProducerIdResponseData producer = init(4);

        txnOffsetCommit(producer, producer.producerEpoch(), 5);

        DescribeTransactionsResponseData described = call(new DescribeTransactionsRequestData().setTransactionalIds(List.of(TXN)), 0);
        var state = described.transactionStates().get(0);
        assertThat(state.transactionState()).isEqualTo("Ongoing");
        assertThat(state.topics().find(TopicNames.CONSUMER_OFFSETS).partitions()).containsExactly(groups.partitionFor("readers"));
    }

    @Test
    void txnOffsetCommitV5FromAFencedProducerIsRefused() {
        createStateTopic();
        InitProducerIdResponseData producer = init(4);

        TxnOffsetCommitResponseData fenced = txnOffsetCommit(producer, (short) (producer.producerEpoch() - 1), 5);

        assertThat(fenced.topics().get(0).partitions().get(0).errorCode()).isEqualTo(Errors.INVALID_PRODUCER_EPOCH.code());
        DescribeTransactionsResponseData described = call(new DescribeTransactionsRequestData().setTransactionalIds(List.of(TXN)), 0);
        assertThat(described.transactionStates().get(0).transactionState()).isEqualTo("Empty");
    }

    @Test
    void txnOffsetCommitV4WithoutAddOffsetsToTxnIsRefusedAndAddsNothing() {
        createStateTopic();
        InitProducerIdResponseData producer = init(4);

        TxnOffsetCommitResponseData unverified = txnOffsetCommit(producer, producer.producerEpoch(), 4);

        assertThat(unverified.topics().get(0).partitions().get(0).errorCode()).isEqualTo(Errors.INVALID_TXN_STATE.code());
        DescribeTransactionsResponseData described = call(new DescribeTransactionsRequestData().setTransactionalIds(List.of(TXN)), 0);
        assertThat(described.transactionStates().get(0).transactionState()).isEqualTo("Empty");
    }

    @Test
    void listTransactionsFiltersByStateProducerDurationAndPattern() {
        createStateTopic();
        InitProducerIdResponseData producer = init(1);
        addV3(producer, 1, "orders", 0);
        ListTransactionsResponseData all = call(new ListTransactionsRequestData(), 0);
        assertThat(all.transactionStates()).extracting(s -> s.transactionalId() + "/" + s.transactionState()).containsExactly("tx/Ongoing");
        ListTransactionsResponseData byState = call(new ListTransactionsRequestData().setStateFilters(List.of("Empty", "Bogus")), 0);
        assertThat(byState.transactionStates()).isEmpty();
        assertThat(byState.unknownStateFilters()).containsExactly("Bogus");
        ListTransactionsResponseData byProducer = call(new ListTransactionsRequestData().setProducerIdFilters(List.of(producer.producerId())), 0);
        assertThat(byProducer.transactionStates()).hasSize(1);
        ListTransactionsResponseData byDuration = call(new ListTransactionsRequestData().setDurationFilter(60_000), 1);
        assertThat(byDuration.transactionStates()).isEmpty();
        kit.timer.advance(1);
        ListTransactionsResponseData longerThanZero = call(new ListTransactionsRequestData().setDurationFilter(0), 1);
        assertThat(longerThanZero.transactionStates()).hasSize(1);
        ListTransactionsResponseData byPattern = call(new ListTransactionsRequestData().setTransactionalIdPattern("t.*"), 2);
        assertThat(byPattern.transactionStates()).hasSize(1);
        ListTransactionsResponseData badPattern = call(new ListTransactionsRequestData().setTransactionalIdPattern("("), 2);
        assertThat(badPattern.errorCode()).isEqualTo(Errors.INVALID_REGULAR_EXPRESSION.code());
    }
}

package io.weir.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.producer.ProducerIdManager;
import io.weir.broker.replica.ReplicaManager;
import io.weir.broker.replica.TestBatches;
import io.weir.broker.replica.TimestampLimits;
import io.weir.broker.testing.KafkaWire;
import io.weir.metadata.store.LocalMetadataStore;
import io.weir.protocol.EncodedResponse;
import io.weir.protocol.ErrorMapper;
import io.weir.storage.LogConfig;
import io.weir.storage.LogManager;
import io.weir.storage.PartitionLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The produce-side handlers through the dispatcher, with requests built by kafka-clients at old and new versions. */
class ReplicaHandlersTest {
    private static final long NOW_MS = 1_700_000_000_000L;
    private static final ConnectionInfo CONNECTION = new ConnectionInfo(1, "PLAINTEXT", "test", new InetSocketAddress(0));

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW_MS), ZoneOffset.UTC);
    private final ExecutorService ioThreads = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Uuid ordersId = Uuid.randomUuid();
    private LogManager logManager;
    private LocalMetadataStore store;
    private ReplicaManager replicas;
    private RequestDispatcher dispatcher;

    @BeforeEach
    void start() throws IOException {
        logManager = new LogManager(List.of(dir.resolve("logs")), LogConfig.defaults(), clock, scheduler);
        logManager.startup();
        store = LocalMetadataStore.open(dir.resolve("metadata"));
        replicas = new ReplicaManager(1, logManager, ioThreads, clock);
        replicas.becomeLeader("orders", ProduceHandler.toWeir(ordersId), 0, 2, LogConfig.defaults(), new TimestampLimits(Long.MAX_VALUE, 1000));
        HandlerRegistry registry = HandlerRegistry.builder()
                .register(new ProduceHandler(replicas))
                .register(new InitProducerIdHandler(new ProducerIdManager(1, store, ioThreads), new io.weir.broker.txn.TxnTestKit().coordinator))
                .register(new ListOffsetsHandler(replicas))
                .register(new DeleteRecordsHandler(replicas))
                .register(new OffsetForLeaderEpochHandler(replicas))
                .build();
        dispatcher = new RequestDispatcher(registry, new ErrorMapper(Map.of()));
    }

    @AfterEach
    void stop() throws Exception {
        ioThreads.shutdown();
        assertThat(ioThreads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        logManager.shutdown();
        store.close();
        scheduler.shutdownNow();
    }

    private PartitionLog ordersLog() {
        return logManager.getLog("orders", 0).orElseThrow();
    }

    private Optional<ByteBuffer> send(ApiMessage body, int version) {
        Dispatch dispatch = dispatcher.dispatch(KafkaWire.request(body, version, 7), CONNECTION);
        assertThat(dispatch).isInstanceOf(Dispatch.Respond.class);
        return ((Dispatch.Respond) dispatch).response().join().map(EncodedResponse::toByteBuffer).map(b -> b.position(b.position() + 4));
    }

    private ApiMessage call(ApiMessage body, int version) {
        ByteBuffer response = send(body, version).orElseThrow();
        return KafkaWire.response(response, ApiKeys.forId(body.apiKey()), version, 7).data();
    }

    private static ProduceRequestData produce(short acks, String topic, Uuid topicId, ByteBuffer records) {
        ProduceRequestData request = new ProduceRequestData().setAcks(acks).setTimeoutMs(5000);
        ProduceRequestData.TopicProduceData data = new ProduceRequestData.TopicProduceData().setName(topic).setTopicId(topicId);
        data.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(MemoryRecords.readableRecords(records)));
        request.topicData().add(data);
        return request;
    }

    private PartitionProduceResponse produced(int version, short acks, String topic, Uuid topicId, ByteBuffer records) {
        ProduceResponseData response = (ProduceResponseData) call(produce(acks, topic, topicId, records), version);
        return response.responses().iterator().next().partitionResponses().get(0);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 7, 8, 9, 12})
    void produceByNameAppendsAndAnswersOffsets(int version) {
        PartitionProduceResponse first = produced(version, (short) -1, "orders", Uuid.ZERO_UUID, TestBatches.batch(NOW_MS, "a", "b"));
        PartitionProduceResponse second = produced(version, (short) 1, "orders", Uuid.ZERO_UUID, TestBatches.batch(NOW_MS, "c"));

        assertThat(first.errorCode()).isZero();
        assertThat(first.baseOffset()).isZero();
        assertThat(first.logAppendTimeMs()).isEqualTo(-1);
        assertThat(second.baseOffset()).isEqualTo(2);
        assertThat(TestBatches.values(ordersLog())).containsExactly("a", "b", "c");
    }

    @Test
    void produceVersion13NamesTopicsById() {
        PartitionProduceResponse ok = produced(13, (short) -1, "", ordersId, TestBatches.batch(NOW_MS, "a"));
        PartitionProduceResponse unknown = produced(13, (short) -1, "", Uuid.randomUuid(), TestBatches.batch(NOW_MS, "b"));

        assertThat(ok.errorCode()).isZero();
        assertThat(ok.logStartOffset()).isZero();
        assertThat(unknown.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
        assertThat(TestBatches.values(ordersLog())).containsExactly("a");
    }

    @Test
    void produceErrorsPerPartition() {
        assertThat(produced(9, (short) 1, "nope", Uuid.ZERO_UUID, TestBatches.batch(NOW_MS, "a")).errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        PartitionProduceResponse late = produced(9, (short) 1, "orders", Uuid.ZERO_UUID, TestBatches.batch(NOW_MS + 5000, "x"));
        assertThat(late.errorCode()).isEqualTo(Errors.INVALID_TIMESTAMP.code());
        assertThat(late.recordErrors()).singleElement().satisfies(e -> assertThat(e.batchIndex()).isZero());
        assertThat(late.errorMessage()).contains("out of the range");
    }

    @Test
    void acksZeroAppendsWithoutAnswering() {
        assertThat(send(produce((short) 0, "orders", Uuid.ZERO_UUID, TestBatches.batch(NOW_MS, "quiet")), 9)).isEmpty();
        assertThat(TestBatches.values(ordersLog())).containsExactly("quiet");
    }

    @Test
    void otherAcksValuesAreInvalidRequiredAcks() {
        assertThat(produced(9, (short) 2, "orders", Uuid.ZERO_UUID, TestBatches.batch(NOW_MS, "a")).errorCode())
                .isEqualTo(Errors.INVALID_REQUIRED_ACKS.code());
        assertThat(ordersLog().logEndOffset()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 5})
    void initProducerIdHandsOutFreshIdsAtEpochZero(int version) {
        InitProducerIdRequestData request = new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60_000);
        InitProducerIdResponseData first = (InitProducerIdResponseData) call(request, version);
        InitProducerIdResponseData second = (InitProducerIdResponseData) call(request, version);

        assertThat(first.errorCode()).isZero();
        assertThat(first.producerEpoch()).isZero();
        assertThat(second.producerId()).isGreaterThan(first.producerId());
        assertThat(store.image().producerIds().nextProducerId()).isEqualTo(ProducerIdManager.DEFAULT_BLOCK_SIZE);
    }

    @Test
    void initProducerIdSendsTransactionsToTheirCoordinatorAndRefusesHalfGivenIds() {
        InitProducerIdResponseData transactional = (InitProducerIdResponseData) call(
                new InitProducerIdRequestData().setTransactionalId("tx").setTransactionTimeoutMs(60_000), 4);
        InitProducerIdResponseData halfGiven = (InitProducerIdResponseData) call(
                new InitProducerIdRequestData().setTransactionalId(null).setProducerId(5).setProducerEpoch((short) -1), 4);
        InitProducerIdResponseData bump = (InitProducerIdResponseData) call(
                new InitProducerIdRequestData().setTransactionalId(null).setProducerId(5).setProducerEpoch((short) 3), 4);

        assertThat(transactional.errorCode()).isEqualTo(Errors.NOT_COORDINATOR.code());
        assertThat(halfGiven.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(bump.errorCode()).isZero();
        assertThat(bump.producerEpoch()).isZero();
    }

    private ListOffsetsResponseData.ListOffsetsPartitionResponse listOffsets(int version, long timestamp, int currentLeaderEpoch) {
        ListOffsetsRequestData request = new ListOffsetsRequestData().setReplicaId(-1);
        ListOffsetsRequestData.ListOffsetsTopic topic = new ListOffsetsRequestData.ListOffsetsTopic().setName("orders");
        topic.partitions().add(new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0).setTimestamp(timestamp)
                .setCurrentLeaderEpoch(currentLeaderEpoch));
        request.topics().add(topic);
        return ((ListOffsetsResponseData) call(request, version)).topics().get(0).partitions().get(0);
    }

    @Test
    void listOffsetsAtOldAndNewVersions() {
        produced(9, (short) 1, "orders", Uuid.ZERO_UUID, TestBatches.batch(NOW_MS - 10, "a", "b", "c"));

        assertThat(listOffsets(1, -2, -1).offset()).isZero();
        assertThat(listOffsets(1, -1, -1).offset()).isEqualTo(3);
        assertThat(listOffsets(1, NOW_MS - 9, -1).offset()).isEqualTo(1);
        ListOffsetsResponseData.ListOffsetsPartitionResponse latest = listOffsets(11, -1, 2);
        assertThat(latest.offset()).isEqualTo(3);
        assertThat(latest.leaderEpoch()).isEqualTo(2);
        assertThat(listOffsets(11, -3, -1).timestamp()).isEqualTo(NOW_MS - 8);
        assertThat(listOffsets(11, -5, -1).offset()).isEqualTo(-1);
        assertThat(listOffsets(11, -1, 1).errorCode()).isEqualTo(Errors.FENCED_LEADER_EPOCH.code());
        assertThat(listOffsets(11, -1, 3).errorCode()).isEqualTo(Errors.UNKNOWN_LEADER_EPOCH.code());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void deleteRecordsMovesTheLowWatermark(int version) {
        produced(9, (short) 1, "orders", Uuid.ZERO_UUID, TestBatches.batch(NOW_MS, "a", "b", "c"));
        DeleteRecordsRequestData request = new DeleteRecordsRequestData().setTimeoutMs(1000);
        DeleteRecordsRequestData.DeleteRecordsTopic topic = new DeleteRecordsRequestData.DeleteRecordsTopic().setName("orders");
        topic.partitions().add(new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(0).setOffset(2));
        topic.partitions().add(new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(1).setOffset(2));
        request.topics().add(topic);

        DeleteRecordsResponseData response = (DeleteRecordsResponseData) call(request, version);

        DeleteRecordsResponseData.DeleteRecordsTopicResult result = response.topics().find("orders");
        assertThat(result.partitions().find(0).lowWatermark()).isEqualTo(2);
        assertThat(result.partitions().find(0).errorCode()).isZero();
        assertThat(result.partitions().find(1).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(ordersLog().logStartOffset()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void offsetForLeaderEpochAnswersTheEpochEnd(int version) {
        produced(9, (short) 1, "orders", Uuid.ZERO_UUID, TestBatches.batch(NOW_MS, "a", "b"));
        OffsetForLeaderEpochRequestData request = new OffsetForLeaderEpochRequestData().setReplicaId(-1);
        OffsetForLeaderEpochRequestData.OffsetForLeaderTopic topic = new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic("orders");
        topic.partitions().add(new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(0).setLeaderEpoch(2).setCurrentLeaderEpoch(2));
        topic.partitions().add(new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(0).setLeaderEpoch(1).setCurrentLeaderEpoch(1));
        request.topics().add(topic);

        OffsetForLeaderEpochResponseData response = (OffsetForLeaderEpochResponseData) call(request, version);

        List<OffsetForLeaderEpochResponseData.EpochEndOffset> partitions = response.topics().iterator().next().partitions();
        assertThat(partitions.get(0).errorCode()).isZero();
        assertThat(partitions.get(0).leaderEpoch()).isEqualTo(2);
        assertThat(partitions.get(0).endOffset()).isEqualTo(2);
        assertThat(partitions.get(1).errorCode()).isEqualTo(Errors.FENCED_LEADER_EPOCH.code());
    }
}

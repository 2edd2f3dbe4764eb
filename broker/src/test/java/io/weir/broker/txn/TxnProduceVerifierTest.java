package io.weir.broker.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.replica.ReplicaManager;
import io.weir.broker.replica.TxnVerification;
import io.weir.metadata.Uuid;
import io.weir.storage.LogConfig;
import io.weir.storage.LogManager;
import io.weir.storage.TopicPartitionKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KIP-890 on the produce path: a real partition log and replica manager, the coordinator of
 * {@link TxnTestKit}, and a registrar that counts its calls.
 */
class TxnProduceVerifierTest {
    private static final String TXN = "tx";
    private static final TopicPartitionKey P0 = new TopicPartitionKey("orders", 0);
    private static final TopicPartitionKey P1 = new TopicPartitionKey("orders", 1);
    private static final short TV1_PRODUCE = 11;
    private static final short TV2_PRODUCE = 12;
    private static final short INVALID_TXN_STATE = 48;
    private static final short INVALID_PRODUCER_EPOCH = 47;
    private static final short NOT_ENOUGH_REPLICAS = 19;

    @TempDir
    Path dir;

    private final ExecutorService ioThreads = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<TxnPartitionRegistrar.Operation> registrations = new ArrayList<>();
    private LogManager logManager;
    private ReplicaManager replicas;
    private TxnTestKit kit;
    private ProducerIdAndEpoch producer;

    @BeforeEach
    void start() throws IOException {
        logManager = new LogManager(List.of(dir), LogConfig.defaults(), Clock.systemUTC(), scheduler);
        logManager.startup();
        replicas = new ReplicaManager(1, logManager, ioThreads, Clock.systemUTC());
        Uuid ordersId = new Uuid(1, 2);
        replicas.becomeLeader("orders", ordersId, 0, 0, LogConfig.defaults());
        replicas.becomeLeader("orders", ordersId, 1, 0, LogConfig.defaults());
        kit = new TxnTestKit();
        kit.leadAll(0);
        producer = kit.coordinator.initProducerId(TXN, 60_000, -1, (short) -1).join();
    }

    @AfterEach
    void stop() throws InterruptedException {
        ioThreads.shutdown();
        assertThat(ioThreads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        logManager.shutdown();
        scheduler.shutdownNow();
    }

    private TxnProduceVerifier verifier(boolean verifyTransactionVersion1) {
        TxnPartitionRegistrar local = new LocalTxnPartitionRegistrar(kit.coordinator);
        TxnPartitionRegistrar counting = (String id, long producerId, short epoch, Collection<TopicPartitionKey> partitions,
                TxnPartitionRegistrar.Operation operation) -> {
            registrations.add(operation);
            return local.register(id, producerId, epoch, partitions, operation);
        };
        return new TxnProduceVerifier(counting, replicas, verifyTransactionVersion1);
    }

    private static ByteBuffer batch(long producerId, short epoch, boolean transactional) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(256), RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE,
                TimestampType.CREATE_TIME, 0L, 1L, producerId, epoch, 0, transactional, RecordBatch.NO_PARTITION_LEADER_EPOCH);
        builder.append(1L, null, "v".getBytes(StandardCharsets.UTF_8));
        return builder.build().buffer();
    }

    private ByteBuffer transactional() {
        return batch(producer.producerId(), producer.epoch(), true);
    }

    private Map<TopicPartitionKey, Short> check(TxnProduceVerifier verifier, short version, Map<TopicPartitionKey, ByteBuffer> appends) {
        return verifier.check(TXN, version, appends).join().refused();
    }

    private short append(ByteBuffer batch, Map<TopicPartitionKey, TxnVerification> verifications) {
        return replicas.appendRecords(Map.of(P0, batch), true, (short) 1, 5_000, verifications).join().get(P0).errorCode();
    }

    @Test
    void aTransactionThatEndsWhileTheAppendIsVerifiedRefusesTheAppend() {
        kit.coordinator.addPartitions(TXN, producer.producerId(), producer.epoch(), List.of(P0)).join();
        CompletableFuture<Void> release = new CompletableFuture<>();
        TxnPartitionRegistrar local = new LocalTxnPartitionRegistrar(kit.coordinator);
        TxnPartitionRegistrar held = (id, producerId, epoch, partitions, operation) ->
                release.thenCompose(ignored -> local.register(id, producerId, epoch, partitions, operation));
        TxnProduceVerifier verifier = new TxnProduceVerifier(held, replicas, true);

        CompletableFuture<TxnProduceVerifier.Checked> checking = verifier.check(TXN, TV1_PRODUCE, Map.of(P0, transactional()));
        // The coordinator answered "in the transaction" before it ended; the marker lands first.
        replicas.writeTxnMarkers(producer.producerId(), producer.epoch(), 0, false, 1, List.of(P0)).join();
        release.complete(null);
        TxnProduceVerifier.Checked checked = checking.join();
        long endBefore = replicas.partition(P0).orElseThrow().log().logEndOffset();

        assertThat(checked.refused()).isEmpty();
        assertThat(append(transactional(), checked.verifications())).isEqualTo(INVALID_TXN_STATE);
        assertThat(replicas.partition(P0).orElseThrow().log().logEndOffset()).isEqualTo(endBefore);
    }

    @Test
    void anAppendCheckedAgainstAnOpenTransactionIsRefusedOnceItEnded() {
        TxnProduceVerifier verifier = verifier(true);
        kit.coordinator.addPartitions(TXN, producer.producerId(), producer.epoch(), List.of(P0)).join();
        TxnProduceVerifier.Checked first = verifier.check(TXN, TV1_PRODUCE, Map.of(P0, transactional())).join();
        assertThat(append(transactional(), first.verifications())).isZero();
        TxnProduceVerifier.Checked second = verifier.check(TXN, TV1_PRODUCE, Map.of(P0, transactional())).join();
        assertThat(second.verifications().get(P0).guard()).as("open: no coordinator round").isSameAs(TxnVerification.ONGOING);

        replicas.writeTxnMarkers(producer.producerId(), producer.epoch(), 0, false, 1, List.of(P0)).join();

        assertThat(append(transactional(), second.verifications())).isEqualTo(INVALID_TXN_STATE);
    }

    @Test
    void transactionVersion2AddsThePartitionsToTheTransaction() {
        assertThat(check(verifier(true), TV2_PRODUCE, Map.of(P0, transactional(), P1, transactional()))).isEmpty();

        TxnMetadata txn = kit.coordinator.describe(TXN).join().orElseThrow();
        assertThat(txn.state()).isEqualTo(TxnState.ONGOING);
        assertThat(txn.partitions()).containsExactlyInAnyOrder(P0, P1);
    }

    @Test
    void transactionVersion1IsRefusedUntilThePartitionWasAdded() {
        TxnProduceVerifier verifier = verifier(true);
        assertThat(check(verifier, TV1_PRODUCE, Map.of(P0, transactional()))).containsEntry(P0, INVALID_TXN_STATE);

        kit.coordinator.addPartitions(TXN, producer.producerId(), producer.epoch(), List.of(P0)).join();
        assertThat(check(verifier, TV1_PRODUCE, Map.of(P0, transactional()))).isEmpty();
        assertThat(kit.coordinator.describe(TXN).join().orElseThrow().partitions()).containsExactly(P0);
    }

    @Test
    void aLateProduceAfterAnAbortIsRefused() {
        TxnProduceVerifier verifier = verifier(true);
        kit.coordinator.addPartitions(TXN, producer.producerId(), producer.epoch(), List.of(P0)).join();
        kit.coordinator.endTxn(TXN, producer.producerId(), producer.epoch(), false, (short) 1).join();

        assertThat(check(verifier, TV1_PRODUCE, Map.of(P0, transactional()))).containsEntry(P0, INVALID_TXN_STATE);
    }

    @Test
    void aFencedEpochIsRefusedWithInvalidProducerEpoch() {
        ProducerIdAndEpoch newer = kit.coordinator.initProducerId(TXN, 60_000, -1, (short) -1).join();
        assertThat(newer.epoch()).isGreaterThan(producer.epoch());

        assertThat(check(verifier(true), TV2_PRODUCE, Map.of(P0, transactional()))).containsEntry(P0, INVALID_PRODUCER_EPOCH);
    }

    @Test
    void theCoordinatorIsAskedOncePerTransactionAndPartition() {
        TxnProduceVerifier verifier = verifier(true);
        assertThat(check(verifier, TV2_PRODUCE, Map.of(P0, transactional()))).isEmpty();
        replicas.appendRecords(Map.of(P0, transactional()), true).join();

        assertThat(check(verifier, TV2_PRODUCE, Map.of(P0, transactional()))).isEmpty();
        assertThat(registrations).hasSize(1);
    }

    @Test
    void nonTransactionalBatchesAndDisabledVerificationAreNotChecked() {
        assertThat(check(verifier(true), TV1_PRODUCE, Map.of(P0, batch(producer.producerId(), producer.epoch(), false)))).isEmpty();
        assertThat(check(verifier(false), TV1_PRODUCE, Map.of(P0, transactional()))).isEmpty();
        assertThat(verifier(true).check(null, TV2_PRODUCE, Map.of(P0, transactional())).join().refused()).isEmpty();
        assertThat(registrations).isEmpty();
    }

    @Test
    void aBusyCoordinatorAnswersARetriableError() {
        kit.coordinator.onResign(kit.coordinator.partitionFor(TXN));

        assertThat(check(verifier(true), TV2_PRODUCE, Map.of(P0, transactional()))).containsEntry(P0, NOT_ENOUGH_REPLICAS);
    }

    @Test
    void additionsForOneTransactionalIdWaitForEachOther() {
        kit.log.hold = true;
        LocalTxnPartitionRegistrar registrar = new LocalTxnPartitionRegistrar(kit.coordinator);
        CompletableFuture<Map<TopicPartitionKey, TxnError>> first = registrar.register(TXN, producer.producerId(), producer.epoch(),
                List.of(P0), TxnPartitionRegistrar.Operation.ADD);
        CompletableFuture<Map<TopicPartitionKey, TxnError>> second = registrar.register(TXN, producer.producerId(), producer.epoch(),
                List.of(P1), TxnPartitionRegistrar.Operation.ADD);
        assertThat(second).isNotDone();

        kit.log.hold = false;
        kit.log.releaseHeld();
        assertThat(first.join()).containsEntry(P0, TxnError.NONE);
        assertThat(second.join()).containsEntry(P1, TxnError.NONE);
    }
}

package io.weir.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.Uuid;
import io.weir.storage.AbortedTxn;
import io.weir.storage.LogConfig;
import io.weir.storage.LogManager;
import io.weir.storage.PartitionLog;
import io.weir.storage.TopicPartitionKey;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transactional produce, WriteTxnMarkers through the replica manager, and the last stable offset. */
class TransactionMarkersTest {
    private static final long NOW_MS = 1_700_000_000_000L;
    private static final TopicPartitionKey ORDERS_0 = new TopicPartitionKey("orders", 0);
    private static final TopicPartitionKey ORDERS_1 = new TopicPartitionKey("orders", 1);
    private static final long PID = 1000L;
    private static final short EPOCH = 4;
    private static final short BUMPED = 5;
    private static final int TV2 = 2;
    private static final short INVALID_PRODUCER_EPOCH = 47;
    private static final short INVALID_TXN_STATE = 48;
    private static final short TRANSACTION_COORDINATOR_FENCED = 52;

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW_MS), ZoneOffset.UTC);
    private final ExecutorService ioThreads = Executors.newFixedThreadPool(4);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private LogManager logManager;
    private ReplicaManager replicas;

    @BeforeEach
    void start() {
        logManager = new LogManager(List.of(dir), LogConfig.defaults(), clock, scheduler);
        logManager.startup();
        replicas = new ReplicaManager(1, logManager, ioThreads, clock);
        Uuid ordersId = Uuid.random();
        replicas.becomeLeader("orders", ordersId, 0, 3, LogConfig.defaults());
        replicas.becomeLeader("orders", ordersId, 1, 3, LogConfig.defaults());
    }

    @AfterEach
    void stop() throws InterruptedException {
        ioThreads.shutdown();
        assertThat(ioThreads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        logManager.shutdown();
        scheduler.shutdownNow();
    }

    @Test
    void transactionalBatchesAreAcceptedAndHoldTheLastStableOffset() {
        assertThat(append(ORDERS_0, TestBatches.batch(NOW_MS, "plain")).errorCode()).isZero();
        ProduceResult txn = append(ORDERS_0, TestBatches.transactionalBatch(PID, EPOCH, 0, NOW_MS, "a", "b"));

        assertThat(txn.errorCode()).isZero();
        assertThat(txn.baseOffset()).isEqualTo(1);
        assertThat(log(ORDERS_0).highWatermark()).isEqualTo(3);
        assertThat(log(ORDERS_0).lastStableOffset()).isEqualTo(1);
        assertThat(latest(IsolationLevel.READ_COMMITTED)).isEqualTo(1);
        assertThat(latest(IsolationLevel.READ_UNCOMMITTED)).isEqualTo(3);
    }

    @Test
    void commitMarkersOnEveryPartitionReleaseTheLastStableOffset() {
        append(ORDERS_0, TestBatches.transactionalBatch(PID, EPOCH, 0, NOW_MS, "a"));
        append(ORDERS_1, TestBatches.transactionalBatch(PID, EPOCH, 0, NOW_MS, "b", "c"));
        List<TopicPartitionKey> woken = new CopyOnWriteArrayList<>();
        replicas.addAppendListener(woken::add);

        Map<TopicPartitionKey, Short> errors =
                replicas.writeTxnMarkers(PID, BUMPED, 0, true, TV2, List.of(ORDERS_0, ORDERS_1)).join();

        assertThat(errors).containsExactly(Map.entry(ORDERS_0, (short) 0), Map.entry(ORDERS_1, (short) 0));
        assertThat(woken).containsExactlyInAnyOrder(ORDERS_0, ORDERS_1);
        assertThat(log(ORDERS_0).lastStableOffset()).isEqualTo(2);
        assertThat(log(ORDERS_1).lastStableOffset()).isEqualTo(3);
        assertThat(latest(IsolationLevel.READ_COMMITTED)).isEqualTo(2);
        assertThat(log(ORDERS_0).collectAbortedTransactions(0, 2)).isEmpty();
    }

    @Test
    void markerIsTheControlBatchKafkaClientsReads() {
        append(ORDERS_0, TestBatches.transactionalBatch(PID, EPOCH, 0, NOW_MS, "a"));
        replicas.writeTxnMarkers(PID, BUMPED, 9, false, TV2, List.of(ORDERS_0)).join();

        RecordBatch marker = TestBatches.batches(log(ORDERS_0)).get(1);
        assertThat(marker.isControlBatch()).isTrue();
        assertThat(marker.isTransactional()).isTrue();
        assertThat(marker.producerId()).isEqualTo(PID);
        assertThat(marker.producerEpoch()).isEqualTo(BUMPED);
        assertThat(marker.baseSequence()).isEqualTo(RecordBatch.NO_SEQUENCE);
        assertThat(marker.partitionLeaderEpoch()).isEqualTo(3);
        assertThat(marker.baseOffset()).isEqualTo(1);
        EndTransactionMarker parsed = EndTransactionMarker.deserialize(marker.iterator().next());
        assertThat(parsed.controlType()).isEqualTo(ControlRecordType.ABORT);
        assertThat(parsed.coordinatorEpoch()).isEqualTo(9);
        assertThat(log(ORDERS_0).collectAbortedTransactions(0, 2)).containsExactly(new AbortedTxn(PID, 0, 1, 2));
    }

    @Test
    void markerErrorsArePerPartition() {
        append(ORDERS_0, TestBatches.transactionalBatch(PID, EPOCH, 0, NOW_MS, "a"));
        TopicPartitionKey unknown = new TopicPartitionKey("nope", 0);

        Map<TopicPartitionKey, Short> stale = replicas.writeTxnMarkers(PID, EPOCH, 0, false, TV2, List.of(ORDERS_0, unknown))
                .join();
        assertThat(stale).containsEntry(ORDERS_0, INVALID_PRODUCER_EPOCH).containsEntry(unknown, (short) 3);

        assertThat(replicas.writeTxnMarkers(PID, BUMPED, 5, false, TV2, List.of(ORDERS_0)).join())
                .containsEntry(ORDERS_0, (short) 0);
        append(ORDERS_0, TestBatches.transactionalBatch(PID, BUMPED, 0, NOW_MS, "b"));
        assertThat(replicas.writeTxnMarkers(PID, (short) (BUMPED + 1), 4, true, TV2, List.of(ORDERS_0)).join())
                .as("an older coordinator epoch").containsEntry(ORDERS_0, TRANSACTION_COORDINATOR_FENCED);
    }

    @Test
    void retriedMarkerIsAcceptedUnderTransactionVersion2() {
        append(ORDERS_0, TestBatches.transactionalBatch(PID, EPOCH, 0, NOW_MS, "a"));
        replicas.writeTxnMarkers(PID, BUMPED, 0, true, TV2, List.of(ORDERS_0)).join();

        assertThat(replicas.writeTxnMarkers(PID, BUMPED, 0, true, TV2, List.of(ORDERS_0)).join())
                .containsEntry(ORDERS_0, (short) 0);
        assertThat(log(ORDERS_0).lastStableOffset()).isEqualTo(log(ORDERS_0).logEndOffset());
    }

    @Test
    void produceErrorsFollowTheProducerState() {
        append(ORDERS_0, TestBatches.transactionalBatch(PID, EPOCH, 0, NOW_MS, "a"));

        assertThat(append(ORDERS_0, TestBatches.idempotentBatch(PID, EPOCH, 1, NOW_MS, "b")).errorCode())
                .as("non-transactional batch inside an open transaction").isEqualTo(INVALID_TXN_STATE);
        replicas.writeTxnMarkers(PID, BUMPED, 0, true, TV2, List.of(ORDERS_0)).join();
        assertThat(append(ORDERS_0, TestBatches.transactionalBatch(PID, EPOCH, 1, NOW_MS, "c")).errorCode())
                .as("fenced by the marker's epoch bump").isEqualTo(INVALID_PRODUCER_EPOCH);
        assertThat(append(ORDERS_0, TestBatches.transactionalBatch(PID, BUMPED, 0, NOW_MS, "d")).errorCode()).isZero();
    }

    private ProduceResult append(TopicPartitionKey key, ByteBuffer records) {
        return replicas.appendRecords(Map.of(key, records), true).join().get(key);
    }

    private long latest(IsolationLevel isolation) {
        return replicas.listOffset(ORDERS_0, -1, isolation, Optional.empty()).join().offset();
    }

    private PartitionLog log(TopicPartitionKey key) {
        return replicas.partition(key).orElseThrow().log();
    }
}

package io.weir.broker.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.group.CoordinatorStatus;
import io.weir.storage.TopicPartitionKey;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The coordinator's state machine, replayed on a direct executor with a manual timer, an in-memory log and fake markers. */
class TransactionCoordinatorTest {
    private static final String TXN = "orders-writer";
    private static final TopicPartitionKey P0 = new TopicPartitionKey("orders", 0);
    private static final TopicPartitionKey P1 = new TopicPartitionKey("orders", 1);
    private static final TopicPartitionKey P2 = new TopicPartitionKey("orders", 2);
    private static final int COORDINATOR_EPOCH = 7;

    private TxnTestKit kit;
    private TransactionCoordinator coordinator;

    @BeforeEach
    void start() {
        kit = new TxnTestKit();
        kit.leadAll(COORDINATOR_EPOCH);
        coordinator = kit.coordinator;
    }

    private static TxnError failure(CompletableFuture<?> future) {
        try {
            future.join();
            return TxnError.NONE;
        } catch (CompletionException e) {
            return TxnException.errorOf(e);
        }
    }

    private static TxnError failure(Runnable call) {
        try {
            call.run();
            return TxnError.NONE;
        } catch (CompletionException e) {
            return TxnException.errorOf(e);
        }
    }

    private ProducerIdAndEpoch init() {
        return coordinator.initProducerId(TXN, 60_000, -1, (short) -1).join();
    }

    private TxnMetadata describe() {
        return coordinator.describe(TXN).join().orElseThrow();
    }

    @Test
    void everyTxnErrorIsKafkasErrorOfTheSameNameAndCode() {
        for (TxnError error : TxnError.values()) {
            assertThat(Errors.forCode(error.code()).name()).as("code %d", error.code()).isEqualTo(error.name());
        }
    }

    @Test
    void aTransactionalIdBelongsToThePartitionKafkaWouldChoose() {
        assertThat(coordinator.partitionFor(TXN)).isEqualTo(Math.abs(TXN.hashCode()) % TxnTestKit.PARTITIONS);
        assertThat(coordinator.status(coordinator.partitionFor(TXN))).isEqualTo(CoordinatorStatus.ACTIVE);
    }

    @Test
    void initProducerIdGivesANewIdThenBumpsItsEpoch() {
        ProducerIdAndEpoch first = init();
        assertThat(first).isEqualTo(new ProducerIdAndEpoch(1000, (short) 0));
        ProducerIdAndEpoch second = init();
        assertThat(second).isEqualTo(new ProducerIdAndEpoch(1000, (short) 1));
        assertThat(describe().state()).isEqualTo(TxnState.EMPTY);
        assertThat(failure(coordinator.initProducerId(TXN, 900_001, -1, (short) -1))).isEqualTo(TxnError.INVALID_TRANSACTION_TIMEOUT);
        assertThat(failure(coordinator.initProducerId(TXN, 0, -1, (short) -1))).isEqualTo(TxnError.INVALID_TRANSACTION_TIMEOUT);
    }

    @Test
    void kip360RetriesAndOldProducersAreTold() {
        ProducerIdAndEpoch first = init();
        ProducerIdAndEpoch bumped = coordinator.initProducerId(TXN, 60_000, first.producerId(), first.epoch()).join();
        assertThat(bumped.epoch()).isEqualTo((short) 1);
        ProducerIdAndEpoch retried = coordinator.initProducerId(TXN, 60_000, first.producerId(), first.epoch()).join();
        assertThat(retried).isEqualTo(bumped);
        assertThat(failure(coordinator.initProducerId(TXN, 60_000, 77, (short) 0))).isEqualTo(TxnError.PRODUCER_FENCED);
    }

    @Test
    void commitWritesPrepareThenMarkersToEveryPartitionThenComplete() {
        ProducerIdAndEpoch producer = init();
        coordinator.addPartitions(TXN, producer.producerId(), producer.epoch(), List.of(P0, P1)).join();
        coordinator.addPartitions(TXN, producer.producerId(), producer.epoch(), List.of(P1, P2)).join();
        assertThat(describe().state()).isEqualTo(TxnState.ONGOING);
        assertThat(describe().partitions()).containsExactlyInAnyOrder(P0, P1, P2);

        ProducerIdAndEpoch next = coordinator.endTxn(TXN, producer.producerId(), producer.epoch(), true, (short) 1).join();

        assertThat(next).isEqualTo(producer);
        assertThat(kit.markers.calls).containsExactly(new TxnTestKit.MarkerCall(1000, (short) 0, COORDINATOR_EPOCH, true, 1,
                List.of(P0, P1, P2)));
        assertThat(kit.log.states(TXN)).containsExactly(TxnState.EMPTY, TxnState.ONGOING, TxnState.ONGOING, TxnState.PREPARE_COMMIT,
                TxnState.COMPLETE_COMMIT);
        assertThat(describe().partitions()).isEmpty();
        assertThat(kit.completions).containsExactly("1000 commit 3");
        assertThat(coordinator.endTxn(TXN, producer.producerId(), producer.epoch(), true, (short) 1).join()).isEqualTo(producer);
        assertThat(failure(coordinator.endTxn(TXN, producer.producerId(), producer.epoch(), false, (short) 1)))
                .isEqualTo(TxnError.INVALID_TXN_STATE);
    }

    @Test
    void abortWritesAbortMarkersAndAnotherTransactionCanFollow() {
        ProducerIdAndEpoch producer = init();
        coordinator.addPartitions(TXN, producer.producerId(), producer.epoch(), List.of(P0)).join();
        coordinator.endTxn(TXN, producer.producerId(), producer.epoch(), false, (short) 1).join();
        assertThat(describe().state()).isEqualTo(TxnState.COMPLETE_ABORT);
        assertThat(kit.markers.calls).extracting(TxnTestKit.MarkerCall::commit).containsExactly(false);

        coordinator.addPartitions(TXN, producer.producerId(), producer.epoch(), List.of(P1)).join();
        assertThat(describe().state()).isEqualTo(TxnState.ONGOING);
        assertThat(describe().partitions()).containsExactly(P1);
    }

    @Test
    void endingWithoutATransactionOrWithAnotherProducerIsRefused() {
        ProducerIdAndEpoch producer = init();
        assertThat(failure(coordinator.endTxn(TXN, producer.producerId(), producer.epoch(), true, (short) 1)))
                .isEqualTo(TxnError.INVALID_TXN_STATE);
        assertThat(failure(coordinator.endTxn(TXN, 5, (short) 0, true, (short) 1))).isEqualTo(TxnError.INVALID_PRODUCER_ID_MAPPING);
        assertThat(failure(coordinator.addPartitions("unknown", 5, (short) 0, List.of(P0)))).isEqualTo(TxnError.INVALID_PRODUCER_ID_MAPPING);
    }

    @Test
    void aSecondProducerFencesTheFirstAbortingItsOpenTransaction() {
        ProducerIdAndEpoch first = init();
        coordinator.addPartitions(TXN, first.producerId(), first.epoch(), List.of(P0, P1)).join();

        assertThat(failure(coordinator.initProducerId(TXN, 60_000, -1, (short) -1))).isEqualTo(TxnError.CONCURRENT_TRANSACTIONS);
        assertThat(kit.markers.calls).containsExactly(new TxnTestKit.MarkerCall(1000, (short) 1, COORDINATOR_EPOCH, false, 1,
                List.of(P0, P1)));
        assertThat(describe().state()).isEqualTo(TxnState.COMPLETE_ABORT);

        ProducerIdAndEpoch second = init();
        assertThat(second).isEqualTo(new ProducerIdAndEpoch(1000, (short) 2));
        assertThat(failure(coordinator.addPartitions(TXN, first.producerId(), first.epoch(), List.of(P2))))
                .isEqualTo(TxnError.PRODUCER_FENCED);
        assertThat(failure(coordinator.endTxn(TXN, first.producerId(), first.epoch(), true, (short) 1)))
                .isEqualTo(TxnError.PRODUCER_FENCED);
    }

    @Test
    void whileMarkersAreWrittenTheIdAnswersConcurrentTransactions() {
        ProducerIdAndEpoch producer = init();
        coordinator.addPartitions(TXN, producer.producerId(), producer.epoch(), List.of(P0)).join();
        kit.markers.hold = true;
        coordinator.endTxn(TXN, producer.producerId(), producer.epoch(), true, (short) 1).join();
        assertThat(describe().state()).isEqualTo(TxnState.PREPARE_COMMIT);

        assertThat(failure(coordinator.addPartitions(TXN, producer.producerId(), producer.epoch(), List.of(P1))))
                .isEqualTo(TxnError.CONCURRENT_TRANSACTIONS);
        assertThat(failure(coordinator.endTxn(TXN, producer.producerId(), producer.epoch(), true, (short) 1)))
                .isEqualTo(TxnError.CONCURRENT_TRANSACTIONS);
        assertThat(failure(coordinator.initProducerId(TXN, 60_000, -1, (short) -1))).isEqualTo(TxnError.CONCURRENT_TRANSACTIONS);

        kit.markers.held.get(0).complete(java.util.Map.of(P0, (short) 0));
        assertThat(describe().state()).isEqualTo(TxnState.COMPLETE_COMMIT);
    }

    @Test
    void failedMarkersAreRetriedAndADeletedPartitionIsSkipped() {
        ProducerIdAndEpoch producer = init();
        coordinator.addPartitions(TXN, producer.producerId(), producer.epoch(), List.of(P0)).join();
        kit.markers.nextCode = Errors.NOT_LEADER_OR_FOLLOWER.code();
        coordinator.endTxn(TXN, producer.producerId(), producer.epoch(), true, (short) 1).join();
        assertThat(describe().state()).isEqualTo(TxnState.PREPARE_COMMIT);
        kit.markers.nextCode = Errors.UNKNOWN_TOPIC_OR_PARTITION.code();
        kit.timer.advance(100);
        assertThat(kit.markers.calls).hasSize(2);
        assertThat(describe().state()).isEqualTo(TxnState.COMPLETE_COMMIT);
    }

    @Test
    void transactionVersion2BumpsTheEpochOnEveryEnd() {
        ProducerIdAndEpoch producer = init();
        coordinator.addPartitions(TXN, producer.producerId(), producer.epoch(), List.of(P0)).join();
        ProducerIdAndEpoch next = coordinator.endTxn(TXN, producer.producerId(), producer.epoch(), true, (short) 2).join();
        assertThat(next).isEqualTo(new ProducerIdAndEpoch(1000, (short) 1));
        assertThat(kit.markers.calls.get(0).epoch()).isEqualTo((short) 1);
        assertThat(kit.markers.calls.get(0).transactionVersion()).isEqualTo(2);
        // A retry with the old epoch gets the same answer; the other end is refused (KIP-890's table).
        assertThat(coordinator.endTxn(TXN, producer.producerId(), producer.epoch(), true, (short) 2).join()).isEqualTo(next);
        assertThat(failure(coordinator.endTxn(TXN, producer.producerId(), producer.epoch(), false, (short) 2)))
                .isEqualTo(TxnError.INVALID_TXN_STATE);
        assertThat(failure(coordinator.addPartitions(TXN, producer.producerId(), producer.epoch(), List.of(P0))))
                .isEqualTo(TxnError.PRODUCER_FENCED);

        coordinator.addPartitions(TXN, next.producerId(), next.epoch(), List.of(P1)).join();
        ProducerIdAndEpoch third = coordinator.endTxn(TXN, next.producerId(), next.epoch(), false, (short) 2).join();
        assertThat(third.epoch()).isEqualTo((short) 2);
        // A commit at the epoch before an abort did not take effect: fenced, which clients recover from.
        assertThat(failure(coordinator.endTxn(TXN, next.producerId(), next.epoch(), true, (short) 2))).isEqualTo(TxnError.PRODUCER_FENCED);
        // Version 2 may abort with nothing open (the client bumps its epoch after an abortable error).
        assertThat(coordinator.endTxn(TXN, third.producerId(), third.epoch(), false, (short) 2).join().epoch()).isEqualTo((short) 3);
    }

    @Test
    void aTransactionOpenLongerThanItsTimeoutIsAbortedAndItsProducerFenced() {
        ProducerIdAndEpoch producer = coordinator.initProducerId(TXN, 5_000, -1, (short) -1).join();
        coordinator.addPartitions(TXN, producer.producerId(), producer.epoch(), List.of(P0, P1)).join();
        kit.timer.advance(5_000);
        assertThat(describe().state()).isEqualTo(TxnState.ONGOING);

        kit.timer.advance(10_000);

        assertThat(describe().state()).isEqualTo(TxnState.COMPLETE_ABORT);
        assertThat(describe().producerEpoch()).isEqualTo((short) 1);
        assertThat(kit.markers.calls).extracting(TxnTestKit.MarkerCall::commit).containsExactly(false);
        assertThat(failure(coordinator.endTxn(TXN, producer.producerId(), producer.epoch(), true, (short) 1)))
                .isEqualTo(TxnError.PRODUCER_FENCED);
    }

    @Test
    void idleTransactionalIdsExpire() {
        init();
        kit.timer.advance(3_600_000 + 60_000);
        assertThat(coordinator.describe(TXN).join()).isEmpty();
        assertThat(kit.log.states(TXN)).endsWith(TxnState.DEAD);
        assertThat(init()).isEqualTo(new ProducerIdAndEpoch(1001, (short) 0));
    }

    @Test
    void theStateSurvivesAReloadAndAPreparedCommitIsFinishedAfterIt() {
        ProducerIdAndEpoch producer = init();
        coordinator.addPartitions(TXN, producer.producerId(), producer.epoch(), List.of(P0, P2)).join();
        kit.markers.hold = true;
        coordinator.endTxn(TXN, producer.producerId(), producer.epoch(), true, (short) 1).join();
        coordinator.close();
        kit.markers.hold = false;

        kit.coordinator = kit.newCoordinator();
        kit.leadAll(COORDINATOR_EPOCH + 1);
        coordinator = kit.coordinator;

        TxnMetadata loaded = describe();
        assertThat(loaded.state()).isEqualTo(TxnState.COMPLETE_COMMIT);
        assertThat(kit.markers.calls).hasSize(2);
        assertThat(kit.markers.calls.get(1).coordinatorEpoch()).isEqualTo(COORDINATOR_EPOCH + 1);
        assertThat(kit.markers.calls.get(1).partitions()).containsExactly(P0, P2);
        assertThat(init()).isEqualTo(new ProducerIdAndEpoch(1000, (short) 1));
    }

    @Test
    void anOngoingTransactionIsKeptAcrossAReload() {
        ProducerIdAndEpoch producer = init();
        coordinator.addPartitions(TXN, producer.producerId(), producer.epoch(), List.of(P1)).join();
        kit.coordinator = kit.newCoordinator();
        kit.leadAll(COORDINATOR_EPOCH + 1);
        TxnMetadata loaded = kit.coordinator.describe(TXN).join().orElseThrow();
        assertThat(loaded.state()).isEqualTo(TxnState.ONGOING);
        assertThat(loaded.partitions()).isEqualTo(Set.of(P1));
        assertThat(loaded.producerId()).isEqualTo(producer.producerId());
    }

    @Test
    void verifyOnlyAnswersPerPartition() {
        ProducerIdAndEpoch producer = init();
        coordinator.addPartitions(TXN, producer.producerId(), producer.epoch(), List.of(P0)).join();
        assertThat(coordinator.verifyPartitions(TXN, producer.producerId(), producer.epoch(), List.of(P0, P1)).join())
                .containsEntry(P0, TxnError.NONE).containsEntry(P1, TxnError.INVALID_TXN_STATE);
        assertThat(coordinator.verifyPartitions(TXN, producer.producerId(), (short) 9, List.of(P0)).join())
                .containsEntry(P0, TxnError.PRODUCER_FENCED);
    }

    @Test
    void aFailedWriteAnswersItsErrorAndChangesNothing() {
        ProducerIdAndEpoch producer = init();
        kit.log.fail = true;
        assertThat(failure(coordinator.addPartitions(TXN, producer.producerId(), producer.epoch(), List.of(P0))))
                .isEqualTo(TxnError.NOT_COORDINATOR);
        kit.log.fail = false;
        assertThat(describe().state()).isEqualTo(TxnState.EMPTY);
    }

    @Test
    void notCoordinatorForPartitionsNotLed() {
        coordinator.onResign(coordinator.partitionFor(TXN));
        assertThat(failure(coordinator.initProducerId(TXN, 1000, -1, (short) -1))).isEqualTo(TxnError.NOT_COORDINATOR);
        assertThat(failure(() -> coordinator.list().join())).isEqualTo(TxnError.NONE);
    }

    @Test
    void recordsRoundTripThroughTheCodec() {
        TxnMetadata metadata = new TxnMetadata("t", 42, 41, (short) 3, (short) 2, 60_000, TxnState.PREPARE_ABORT, Set.of(P0, P2,
                new TopicPartitionKey("other", 5)), 123, 456, (short) 2);
        TxnRecord record = TxnRecord.of(metadata);
        TxnRecord decoded = TxnRecordCodec.decode(java.nio.ByteBuffer.wrap(TxnRecordCodec.key(record)),
                TxnRecordCodec.value(record).map(java.nio.ByteBuffer::wrap));
        assertThat(decoded).isEqualTo(record);
        TxnRecord tombstone = new TxnRecord("t", java.util.Optional.empty());
        assertThat(TxnRecordCodec.decode(java.nio.ByteBuffer.wrap(TxnRecordCodec.key(tombstone)), java.util.Optional.empty()))
                .isEqualTo(tombstone);
    }
}

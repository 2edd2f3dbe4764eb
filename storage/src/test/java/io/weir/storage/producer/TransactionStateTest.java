package io.weir.storage.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionStateTest {
    @TempDir
    Path dir;

    private ProducerStateManager manager() {
        return new ProducerStateManager(dir, "node 1 test-0");
    }

    private static ProducerBatch txn(long producerId, short epoch, int baseSequence, int records) {
        return ProducerBatch.data(producerId, epoch, baseSequence, records - 1, 100L, true);
    }

    private static ProducerBatch marker(long producerId, short epoch, TransactionResult result, int coordinatorEpoch) {
        return ProducerBatch.marker(producerId, epoch, new TransactionMarker(result, coordinatorEpoch), 200L);
    }

    private static List<CompletedTransaction> leaderAppend(
            ProducerStateManager manager, ProducerBatch batch, AppendOrigin origin, int tv, long offset) {
        ProducerAppendResult result = manager.prepare(List.of(batch), origin, tv);
        return ((ProducerAppendResult.Accepted) result).pending().commitContiguous(offset);
    }

    private static List<CompletedTransaction> clientAppend(
            ProducerStateManager manager, ProducerBatch batch, long offset) {
        return leaderAppend(manager, batch, AppendOrigin.CLIENT, 0, offset);
    }

    private static List<CompletedTransaction> markerAppend(
            ProducerStateManager manager, ProducerBatch marker, int transactionVersion, long offset) {
        return leaderAppend(manager, marker, AppendOrigin.COORDINATOR, transactionVersion, offset);
    }

    @Test
    void firstUnstableOffsetTracksTheOldestOpenTransaction() {
        ProducerStateManager manager = manager();
        assertThat(manager.firstUnstableOffset()).isEmpty();
        clientAppend(manager, ProducerBatch.data(9L, (short) 0, 0, 4, 100L, false), 0);
        assertThat(manager.firstUnstableOffset()).isEmpty();
        clientAppend(manager, txn(1L, (short) 0, 0, 5), 5);
        clientAppend(manager, txn(2L, (short) 0, 0, 5), 10);
        clientAppend(manager, txn(1L, (short) 0, 5, 5), 15);
        assertThat(manager.firstUnstableOffset()).isEqualTo(OptionalLong.of(5));
        assertThat(manager.hasOngoingTransaction(1L, (short) 0)).isTrue();
        assertThat(manager.hasOngoingTransaction(1L, (short) 1)).isFalse();

        List<CompletedTransaction> completed =
                markerAppend(manager, marker(1L, (short) 0, TransactionResult.COMMIT, 3), 1, 20);
        assertThat(completed).containsExactly(new CompletedTransaction(1L, 5, 20, false, 10));
        assertThat(manager.lastEntry(1L).orElseThrow().currentTxnFirstOffset()).isEmpty();
        assertThat(manager.hasOngoingTransaction(1L, (short) 0)).isFalse();
        // Completed, but its marker is not yet replicated: still unstable.
        assertThat(manager.firstUnstableOffset()).isEqualTo(OptionalLong.of(5));
        manager.onHighWatermarkUpdated(20);
        assertThat(manager.firstUnstableOffset()).isEqualTo(OptionalLong.of(5));
        manager.onHighWatermarkUpdated(21);
        assertThat(manager.firstUnstableOffset()).isEqualTo(OptionalLong.of(10));

        completed = markerAppend(manager, marker(2L, (short) 0, TransactionResult.ABORT, 3), 1, 21);
        assertThat(completed).containsExactly(new CompletedTransaction(2L, 10, 21, true, 22));
        manager.onHighWatermarkUpdated(22);
        assertThat(manager.firstUnstableOffset()).isEmpty();
    }

    @Test
    void aMarkerWithNoOpenTransactionCompletesNothingButUpdatesTheProducer() {
        ProducerStateManager manager = manager();
        List<CompletedTransaction> completed =
                markerAppend(manager, marker(1L, (short) 4, TransactionResult.ABORT, 7), 1, 0);
        assertThat(completed).isEmpty();
        ProducerStateEntry entry = manager.lastEntry(1L).orElseThrow();
        assertThat(entry.producerEpoch()).isEqualTo((short) 4);
        assertThat(entry.coordinatorEpoch()).isEqualTo(7);
        assertThat(entry.lastTimestamp()).isEqualTo(200L);
        assertThat(manager.firstUnstableOffset()).isEmpty();
    }

    @Test
    void aNonTransactionalBatchDuringAnOpenTransactionIsRejected() {
        ProducerStateManager manager = manager();
        clientAppend(manager, txn(1L, (short) 0, 0, 1), 0);
        assertThatThrownBy(() -> manager.prepare(List.of(ProducerBatch.data(1L, (short) 0, 1, 0, 0L, false))))
                .isInstanceOf(InvalidTxnStateException.class)
                .satisfies(e -> assertThat(((ProducerStateException) e).errorCode()).isEqualTo((short) 48));
    }

    @Test
    void aTransactionalBatchFromAFencedEpochIsRejected() {
        ProducerStateManager manager = manager();
        clientAppend(manager, txn(1L, (short) 3, 0, 1), 0);
        markerAppend(manager, marker(1L, (short) 4, TransactionResult.ABORT, 0), 2, 1);
        assertThatThrownBy(() -> manager.prepare(List.of(txn(1L, (short) 3, 1, 1))))
                .isInstanceOf(InvalidProducerEpochException.class);
        // The bumped epoch starts its own transaction at sequence 0 (KIP-890).
        assertThatThrownBy(() -> manager.prepare(List.of(txn(1L, (short) 4, 1, 1))))
                .isInstanceOf(OutOfOrderSequenceException.class);
        clientAppend(manager, txn(1L, (short) 4, 0, 1), 2);
        manager.onHighWatermarkUpdated(2);
        assertThat(manager.firstUnstableOffset()).isEqualTo(OptionalLong.of(2));
    }

    @Test
    void legacyMarkersMayCarryTheCurrentEpochButNotAnOlderOne() {
        ProducerStateManager manager = manager();
        clientAppend(manager, txn(1L, (short) 2, 0, 1), 0);
        assertThatThrownBy(() -> manager.prepare(
                        List.of(marker(1L, (short) 1, TransactionResult.COMMIT, 0)), AppendOrigin.COORDINATOR, 1))
                .isInstanceOf(InvalidProducerEpochException.class);
        assertThat(markerAppend(manager, marker(1L, (short) 2, TransactionResult.COMMIT, 0), 1, 1))
                .hasSize(1);
        assertThat(manager.lastEntry(1L).orElseThrow().batches())
                .as("same epoch: the batches stay for duplicate detection")
                .hasSize(1);
    }

    @Test
    void transactionVersionTwoMarkersMustBumpTheEpochExceptForARetryOfTheClosingMarker() {
        ProducerStateManager manager = manager();
        clientAppend(manager, txn(1L, (short) 2, 0, 1), 0);
        assertThatThrownBy(() -> manager.prepare(
                        List.of(marker(1L, (short) 2, TransactionResult.COMMIT, 0)), AppendOrigin.COORDINATOR, 2))
                .isInstanceOf(InvalidProducerEpochException.class);
        assertThat(markerAppend(manager, marker(1L, (short) 3, TransactionResult.COMMIT, 0), 2, 1))
                .hasSize(1);
        assertThat(manager.lastEntry(1L).orElseThrow().batches()).isEmpty();
        // The coordinator retries the marker whose response was lost: accepted, closes nothing.
        assertThat(markerAppend(manager, marker(1L, (short) 3, TransactionResult.COMMIT, 0), 2, 2))
                .isEmpty();
        assertThatThrownBy(() -> manager.prepare(
                        List.of(marker(1L, (short) 2, TransactionResult.COMMIT, 0)), AppendOrigin.COORDINATOR, 2))
                .isInstanceOf(InvalidProducerEpochException.class);
    }

    @Test
    void markersFromAnOlderCoordinatorAreFenced() {
        ProducerStateManager manager = manager();
        clientAppend(manager, txn(1L, (short) 0, 0, 1), 0);
        markerAppend(manager, marker(1L, (short) 0, TransactionResult.COMMIT, 5), 1, 1);
        clientAppend(manager, txn(1L, (short) 0, 1, 1), 2);
        assertThatThrownBy(() -> manager.prepare(
                        List.of(marker(1L, (short) 0, TransactionResult.ABORT, 4)), AppendOrigin.COORDINATOR, 1))
                .isInstanceOf(TransactionCoordinatorFencedException.class)
                .satisfies(e -> assertThat(((ProducerStateException) e).errorCode()).isEqualTo((short) 52));
        manager.onHighWatermarkUpdated(2);
        assertThat(manager.firstUnstableOffset()).isEqualTo(OptionalLong.of(2));
    }

    @Test
    void clientsCannotAppendMarkers() {
        ProducerStateManager manager = manager();
        assertThatThrownBy(() -> manager.prepare(List.of(marker(1L, (short) 0, TransactionResult.COMMIT, 0))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void coordinatorWritesAreNotSequenceChecked() {
        // Transactional offset commits carry the producer's id and epoch but no sequence.
        ProducerStateManager manager = manager();
        ProducerBatch offsets = ProducerBatch.data(1L, (short) 0, ProducerBatch.NO_SEQUENCE, 0, 100L, true);
        leaderAppend(manager, offsets, AppendOrigin.COORDINATOR, 1, 0);
        leaderAppend(manager, offsets, AppendOrigin.COORDINATOR, 1, 1);
        assertThat(manager.firstUnstableOffset()).isEqualTo(OptionalLong.of(0));
        assertThatThrownBy(() -> manager.prepare(
                        List.of(ProducerBatch.data(1L, (short) -1, ProducerBatch.NO_SEQUENCE, 0, 100L, true)),
                        AppendOrigin.COORDINATOR,
                        1))
                .isInstanceOf(InvalidProducerEpochException.class);
    }

    @Test
    void followersReplayTransactionsAndReportCompletions() {
        ProducerStateManager manager = manager();
        manager.updateFromAppendedBatch(txn(1L, (short) 0, 0, 3), 0);
        manager.updateFromAppendedBatch(txn(2L, (short) 0, 0, 3), 3);
        assertThat(manager.updateFromAppendedBatch(marker(2L, (short) 0, TransactionResult.ABORT, 0), 6))
                .contains(new CompletedTransaction(2L, 3, 6, true, 0));
        assertThat(manager.updateFromAppendedBatch(marker(1L, (short) 0, TransactionResult.COMMIT, 0), 7))
                .contains(new CompletedTransaction(1L, 0, 7, false, 8));
        manager.onHighWatermarkUpdated(8);
        assertThat(manager.firstUnstableOffset()).isEmpty();
    }

    @Test
    void errorCodesMatchKafkasErrorTable() {
        assertThat(OutOfOrderSequenceException.ERROR_CODE)
                .isEqualTo(org.apache.kafka.common.protocol.Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
        assertThat(InvalidProducerEpochException.ERROR_CODE)
                .isEqualTo(org.apache.kafka.common.protocol.Errors.INVALID_PRODUCER_EPOCH.code());
        assertThat(InvalidTxnStateException.ERROR_CODE)
                .isEqualTo(org.apache.kafka.common.protocol.Errors.INVALID_TXN_STATE.code());
        assertThat(TransactionCoordinatorFencedException.ERROR_CODE)
                .isEqualTo(org.apache.kafka.common.protocol.Errors.TRANSACTION_COORDINATOR_FENCED.code());
        List<ProducerStateException> all = List.of(
                new OutOfOrderSequenceException("x"),
                new InvalidProducerEpochException("x"),
                new InvalidTxnStateException("x"),
                new TransactionCoordinatorFencedException("x"));
        for (ProducerStateException e : all) {
            assertThat(org.apache.kafka.common.protocol.Errors.forCode(e.errorCode()).name()).isEqualTo(e.errorName());
        }
    }
}

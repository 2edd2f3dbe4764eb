package io.weir.storage.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdempotentProducerTest {
    private static final long PID = 42L;

    @TempDir
    Path dir;

    private ProducerStateManager manager() {
        return new ProducerStateManager(dir, "node 1 test-0");
    }

    private static ProducerBatch batch(short epoch, int baseSequence, int records) {
        return ProducerBatch.data(PID, epoch, baseSequence, records - 1, 1_000L + baseSequence, false);
    }

    /** Validates and commits one batch at {@code offset}; fails the test if it was not accepted. */
    private static void append(ProducerStateManager manager, ProducerBatch batch, long offset) {
        ProducerAppendResult result = manager.prepare(List.of(batch));
        assertThat(result).isInstanceOf(ProducerAppendResult.Accepted.class);
        ((ProducerAppendResult.Accepted) result).pending().commitContiguous(offset);
    }

    @Test
    void acceptsInOrderSequencesAndRemembersTheLastFiveBatches() {
        ProducerStateManager manager = manager();
        for (int i = 0; i < 7; i++) {
            append(manager, batch((short) 0, i * 10, 10), i * 10L);
        }
        ProducerStateEntry entry = manager.lastEntry(PID).orElseThrow();
        assertThat(entry.lastSequence()).isEqualTo(OptionalInt.of(69));
        assertThat(entry.batches()).extracting(BatchMetadata::firstSequence).containsExactly(20, 30, 40, 50, 60);
        assertThat(entry.batches().get(4)).isEqualTo(new BatchMetadata(60, 69, 60, 69, 1_060L));
        assertThat(entry.lastTimestamp()).isEqualTo(1_060L);
    }

    @Test
    void aRetryOfAnyOfTheLastFiveBatchesIsADuplicateWithTheOriginalOffsets() {
        ProducerStateManager manager = manager();
        for (int i = 0; i < 6; i++) {
            append(manager, batch((short) 0, i * 3, 3), 100L + i * 7);
        }
        long versionBefore = manager.stateVersion();
        for (int i = 1; i < 6; i++) {
            ProducerAppendResult result = manager.prepare(List.of(batch((short) 0, i * 3, 3)));
            assertThat(result)
                    .isEqualTo(new ProducerAppendResult.Duplicate(
                            new BatchMetadata(i * 3, i * 3 + 2, 100L + i * 7, 100L + i * 7 + 2, 1_000L + i * 3)));
        }
        assertThat(manager.stateVersion()).isEqualTo(versionBefore);
        assertThat(manager.lastEntry(PID).orElseThrow().lastSequence()).isEqualTo(OptionalInt.of(17));
    }

    @Test
    void aRetryOlderThanTheLastFiveBatchesIsOutOfOrder() {
        ProducerStateManager manager = manager();
        for (int i = 0; i < 6; i++) {
            append(manager, batch((short) 0, i, 1), i);
        }
        assertThatThrownBy(() -> manager.prepare(List.of(batch((short) 0, 0, 1))))
                .isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void aBatchOverlappingButNotEqualToARetainedOneIsOutOfOrder() {
        ProducerStateManager manager = manager();
        append(manager, batch((short) 0, 0, 5), 0);
        assertThatThrownBy(() -> manager.prepare(List.of(batch((short) 0, 0, 3))))
                .isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void gapsAndReordersAreRejected() {
        ProducerStateManager manager = manager();
        append(manager, batch((short) 0, 0, 5), 0);
        assertThatThrownBy(() -> manager.prepare(List.of(batch((short) 0, 6, 1))))
                .isInstanceOf(OutOfOrderSequenceException.class)
                .hasMessageContaining("first sequence 6")
                .hasMessageContaining("last sequence of epoch 0 is 4");
        append(manager, batch((short) 0, 5, 5), 5);
        assertThatThrownBy(() -> manager.prepare(List.of(batch((short) 0, 3, 1))))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(manager.lastEntry(PID).orElseThrow().lastSequence()).isEqualTo(OptionalInt.of(9));
    }

    @Test
    void anUnknownProducerIsAcceptedAtAnySequence() {
        // KIP-360: since Kafka 2.5 a producer with no retained state is not answered
        // UNKNOWN_PRODUCER_ID; its first batch is accepted whatever its sequence.
        ProducerStateManager manager = manager();
        append(manager, batch((short) 3, 1234, 2), 0);
        assertThat(manager.lastEntry(PID).orElseThrow().producerEpoch()).isEqualTo((short) 3);
        assertThatThrownBy(() -> manager.prepare(List.of(batch((short) 3, 1237, 1))))
                .isInstanceOf(OutOfOrderSequenceException.class);
        append(manager, batch((short) 3, 1236, 1), 2);
    }

    @Test
    void aNewEpochMustStartAtSequenceZeroAndForgetsTheOldBatches() {
        ProducerStateManager manager = manager();
        append(manager, batch((short) 0, 0, 5), 0);
        assertThatThrownBy(() -> manager.prepare(List.of(batch((short) 1, 5, 1))))
                .isInstanceOf(OutOfOrderSequenceException.class)
                .hasMessageContaining("instead of 0");
        append(manager, batch((short) 1, 0, 2), 5);
        ProducerStateEntry entry = manager.lastEntry(PID).orElseThrow();
        assertThat(entry.producerEpoch()).isEqualTo((short) 1);
        assertThat(entry.batches()).hasSize(1);
        // A retry of the old epoch's batch is no longer a duplicate: the epoch is fenced.
        assertThatThrownBy(() -> manager.prepare(List.of(batch((short) 0, 0, 5))))
                .isInstanceOf(InvalidProducerEpochException.class);
    }

    @Test
    void anOlderEpochIsRejected() {
        ProducerStateManager manager = manager();
        append(manager, batch((short) 5, 0, 1), 0);
        assertThatThrownBy(() -> manager.prepare(List.of(batch((short) 4, 1, 1))))
                .isInstanceOf(InvalidProducerEpochException.class)
                .hasMessageContaining("epoch 4, older than the current epoch 5")
                .satisfies(e -> assertThat(((ProducerStateException) e).errorCode()).isEqualTo((short) 47));
    }

    @Test
    void aBatchEndingAtIntegerMaxValueIsFollowedBySequenceZero() {
        ProducerStateManager manager = manager();
        append(manager, batch((short) 0, Integer.MAX_VALUE - 2, 3), 0);
        assertThat(manager.lastEntry(PID).orElseThrow().lastSequence()).isEqualTo(OptionalInt.of(Integer.MAX_VALUE));
        assertThatThrownBy(() -> manager.prepare(List.of(batch((short) 0, Integer.MAX_VALUE, 1))))
                .isInstanceOf(OutOfOrderSequenceException.class);
        append(manager, batch((short) 0, 0, 4), 3);
        assertThat(manager.lastEntry(PID).orElseThrow().lastSequence()).isEqualTo(OptionalInt.of(3));
    }

    @Test
    void aBatchSpanningTheWrapEndsPastZero() {
        ProducerStateManager manager = manager();
        append(manager, batch((short) 0, Integer.MAX_VALUE - 5, 4), 0);
        ProducerBatch spanning = batch((short) 0, Integer.MAX_VALUE - 1, 4);
        assertThat(spanning.lastSequence()).isEqualTo(1);
        append(manager, spanning, 4);
        assertThat(manager.prepare(List.of(spanning))).isInstanceOf(ProducerAppendResult.Duplicate.class);
        append(manager, batch((short) 0, 2, 1), 8);
    }

    @Test
    void batchesOfOneAppendAreValidatedInOrderAgainstEachOther() {
        ProducerStateManager manager = manager();
        append(manager, batch((short) 0, 0, 2), 0);
        List<ProducerBatch> good = List.of(
                batch((short) 0, 2, 3), ProducerBatch.withoutProducer(4, 0L), batch((short) 0, 5, 1));
        ProducerAppendResult result = manager.prepare(good);
        assertThat(manager.lastEntry(PID).orElseThrow().lastSequence())
                .as("prepare changes nothing")
                .isEqualTo(OptionalInt.of(1));
        ((ProducerAppendResult.Accepted) result).pending().commitContiguous(2);
        assertThat(manager.lastEntry(PID).orElseThrow().batches())
                .containsExactly(
                        new BatchMetadata(0, 1, 0, 1, 1_000L),
                        new BatchMetadata(2, 4, 2, 4, 1_002L),
                        new BatchMetadata(5, 5, 10, 10, 1_005L));
    }

    @Test
    void aBadBatchLaterInTheAppendRejectsTheWholeAppendAndCommitsNothing() {
        ProducerStateManager manager = manager();
        append(manager, batch((short) 0, 0, 2), 0);
        ProducerStateEntry before = manager.lastEntry(PID).orElseThrow();
        assertThatThrownBy(() -> manager.prepare(List.of(batch((short) 0, 2, 3), batch((short) 0, 2, 3))))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThatThrownBy(() -> manager.prepare(List.of(batch((short) 0, 2, 3), batch((short) 0, 9, 1))))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(manager.lastEntry(PID)).contains(before);
    }

    @Test
    void anUnknownProducersSecondBatchInTheSameAppendMustFollowTheFirst() {
        ProducerStateManager manager = manager();
        assertThatThrownBy(() -> manager.prepare(List.of(batch((short) 0, 50, 5), batch((short) 0, 60, 1))))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(manager.producerCount()).isZero();
    }

    @Test
    void aDroppedPendingAppendLeavesTheStateUntouched() {
        ProducerStateManager manager = manager();
        ProducerAppendResult result = manager.prepare(List.of(batch((short) 0, 0, 1)));
        assertThat(result).isInstanceOf(ProducerAppendResult.Accepted.class);
        assertThat(manager.producerCount()).isZero();
        append(manager, batch((short) 0, 0, 1), 0);
    }

    @Test
    void aPendingAppendPreparedOnStaleStateCannotBeCommitted() {
        ProducerStateManager manager = manager();
        PendingProducerAppend first =
                ((ProducerAppendResult.Accepted) manager.prepare(List.of(batch((short) 0, 0, 1)))).pending();
        PendingProducerAppend second =
                ((ProducerAppendResult.Accepted) manager.prepare(List.of(batch((short) 0, 0, 1)))).pending();
        first.commit(List.of(0L));
        assertThatThrownBy(() -> second.commit(List.of(1L))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> first.commit(List.of(0L))).isInstanceOf(IllegalStateException.class);
        assertThat(manager.lastEntry(PID).orElseThrow().batches()).hasSize(1);
    }

    @Test
    void commitNeedsOneBaseOffsetPerBatch() {
        ProducerStateManager manager = manager();
        PendingProducerAppend pending =
                ((ProducerAppendResult.Accepted) manager.prepare(List.of(batch((short) 0, 0, 1)))).pending();
        assertThatThrownBy(() -> pending.commit(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void batchesWithoutAProducerIdBypassTheProducerState() {
        ProducerStateManager manager = manager();
        ProducerAppendResult result = manager.prepare(List.of(ProducerBatch.withoutProducer(9, 5L)));
        assertThat(((ProducerAppendResult.Accepted) result).pending().commitContiguous(0)).isEmpty();
        assertThat(manager.updateFromAppendedBatch(ProducerBatch.withoutProducer(0, 5L), 10)).isEmpty();
        assertThat(manager.producerCount()).isZero();
    }

    @Test
    void followerUpdatesApplyWithoutValidation() {
        ProducerStateManager manager = manager();
        manager.updateFromAppendedBatch(batch((short) 2, 7, 1), 0);
        manager.updateFromAppendedBatch(batch((short) 1, 99, 1), 1);
        ProducerStateEntry entry = manager.lastEntry(PID).orElseThrow();
        assertThat(entry.producerEpoch()).isEqualTo((short) 1);
        assertThat(entry.batches()).containsExactly(new BatchMetadata(99, 99, 1, 1, 1_099L));
    }

    @Test
    void idleProducersExpireAndMayThenStartAtAnySequence() {
        ProducerStateManager manager = manager();
        manager.updateFromAppendedBatch(ProducerBatch.data(1L, (short) 0, 0, 0, 1_000L, false), 0);
        manager.updateFromAppendedBatch(ProducerBatch.data(2L, (short) 0, 0, 0, 5_000L, false), 1);
        manager.updateFromAppendedBatch(ProducerBatch.data(3L, (short) 0, 0, 0, 1_000L, true), 2);
        assertThat(manager.removeExpiredProducers(10_999L, 10_000L)).isZero();
        assertThat(manager.removeExpiredProducers(11_000L, 10_000L)).isEqualTo(1);
        assertThat(manager.activeProducers()).containsOnlyKeys(2L, 3L);
        assertThat(manager.removeExpiredProducers(1_000_000L, 10_000L))
                .as("a producer with an open transaction never expires")
                .isEqualTo(1);
        assertThat(manager.activeProducers()).containsOnlyKeys(3L);
        ProducerBatch late = ProducerBatch.data(1L, (short) 0, 500, 0, 2_000_000L, false);
        assertThat(manager.prepare(List.of(late))).isInstanceOf(ProducerAppendResult.Accepted.class);
    }
}

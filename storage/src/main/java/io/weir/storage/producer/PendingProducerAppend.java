package io.weir.storage.producer;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated leader append that has not touched the producer state yet. The log writes the batches
 * and then calls one of the commit methods, still under its writer lock and before any other change
 * to the same {@link ProducerStateManager}; if the write fails it simply drops this object.
 *
 * <p>Not thread-safe; used once.
 */
public final class PendingProducerAppend {
    private final ProducerStateManager owner;
    private final List<ProducerBatch> batches;
    private final long preparedAtVersion;
    private boolean committed;

    PendingProducerAppend(ProducerStateManager owner, List<ProducerBatch> batches, long preparedAtVersion) {
        this.owner = owner;
        this.batches = List.copyOf(batches);
        this.preparedAtVersion = preparedAtVersion;
    }

    /** The batches as given to {@link ProducerStateManager#prepare}, in append order. */
    public List<ProducerBatch> batches() {
        return batches;
    }

    /**
     * Applies the append with each batch's base offset (same order and size as {@link #batches()}).
     *
     * @return the transactions closed by markers in this append, in offset order
     * @throws IllegalStateException if already committed or the state changed since prepare
     */
    public List<CompletedTransaction> commit(List<Long> baseOffsets) {
        if (baseOffsets.size() != batches.size()) {
            throw new IllegalArgumentException(
                    baseOffsets.size() + " base offsets for " + batches.size() + " batches");
        }
        if (committed) {
            throw new IllegalStateException("pending producer append already committed");
        }
        if (owner.stateVersion() != preparedAtVersion) {
            throw new IllegalStateException("producer state changed between prepare and commit");
        }
        committed = true;
        List<CompletedTransaction> completed = new ArrayList<>(0);
        for (int i = 0; i < batches.size(); i++) {
            owner.updateFromAppendedBatch(batches.get(i), baseOffsets.get(i)).ifPresent(completed::add);
        }
        return completed;
    }

    /**
     * Applies the append when its batches were written back to back from {@code firstOffset}: each
     * batch starts right after the previous one's last offset delta.
     */
    public List<CompletedTransaction> commitContiguous(long firstOffset) {
        List<Long> baseOffsets = new ArrayList<>(batches.size());
        long next = firstOffset;
        for (ProducerBatch batch : batches) {
            baseOffsets.add(next);
            next += batch.lastOffsetDelta() + 1L;
        }
        return commit(baseOffsets);
    }
}

package io.weir.storage.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Immutable state of one producer on one partition.
 *
 * @param producerId the producer id
 * @param producerEpoch the latest epoch seen, or -1
 * @param coordinatorEpoch the coordinator epoch of the latest marker seen, or -1
 * @param lastTimestamp the timestamp of the latest batch or marker (drives expiry)
 * @param currentTxnFirstOffset the first offset of the producer's open transaction, if one is open
 * @param batches the last (at most {@value #MAX_RETAINED_BATCHES}) batches of the current epoch,
 *     oldest first
 */
public record ProducerStateEntry(
        long producerId,
        short producerEpoch,
        int coordinatorEpoch,
        long lastTimestamp,
        OptionalLong currentTxnFirstOffset,
        List<BatchMetadata> batches) {

    /** How many batches per producer are remembered for duplicate detection (Kafka's in-flight limit). */
    public static final int MAX_RETAINED_BATCHES = 5;

    public static final int NO_COORDINATOR_EPOCH = -1;

    public ProducerStateEntry {
        Objects.requireNonNull(currentTxnFirstOffset, "currentTxnFirstOffset");
        batches = List.copyOf(batches);
        if (batches.size() > MAX_RETAINED_BATCHES) {
            throw new IllegalArgumentException("more than " + MAX_RETAINED_BATCHES + " batches");
        }
    }

    /** A producer with no epoch, no batches and no open transaction. */
    public static ProducerStateEntry empty(long producerId) {
        return new ProducerStateEntry(
                producerId,
                ProducerBatch.NO_PRODUCER_EPOCH,
                NO_COORDINATOR_EPOCH,
                -1L,
                OptionalLong.empty(),
                List.of());
    }

    /** The last sequence written in the current epoch, if any batch of it is retained. */
    public OptionalInt lastSequence() {
        return batches.isEmpty() ? OptionalInt.empty() : OptionalInt.of(batches.get(batches.size() - 1).lastSequence());
    }

    public Optional<BatchMetadata> lastBatch() {
        return batches.isEmpty() ? Optional.empty() : Optional.of(batches.get(batches.size() - 1));
    }

    /** The retained batch a retry with this epoch and sequence range duplicates, if any. */
    public Optional<BatchMetadata> findDuplicate(short epoch, int firstSequence, int lastSequence) {
        if (epoch != producerEpoch) {
            return Optional.empty();
        }
        return batches.stream()
                .filter(b -> b.firstSequence() == firstSequence && b.lastSequence() == lastSequence)
                .findFirst();
    }

    /** This entry after a data batch: a new epoch forgets the old epoch's batches. */
    ProducerStateEntry withDataBatch(short epoch, BatchMetadata batch, boolean transactional) {
        List<BatchMetadata> next = new ArrayList<>(MAX_RETAINED_BATCHES);
        if (epoch == producerEpoch) {
            int from = Math.max(0, batches.size() - (MAX_RETAINED_BATCHES - 1));
            next.addAll(batches.subList(from, batches.size()));
        }
        next.add(batch);
        OptionalLong txn = currentTxnFirstOffset;
        if (transactional && txn.isEmpty()) {
            txn = OptionalLong.of(batch.firstOffset());
        }
        return new ProducerStateEntry(producerId, epoch, coordinatorEpoch, batch.timestamp(), txn, next);
    }

    /** This entry after a transaction marker: the open transaction (if any) is closed. */
    ProducerStateEntry withMarker(short epoch, int markerCoordinatorEpoch, long timestamp) {
        List<BatchMetadata> kept = epoch == producerEpoch ? batches : List.of();
        return new ProducerStateEntry(
                producerId, epoch, markerCoordinatorEpoch, timestamp, OptionalLong.empty(), kept);
    }
}

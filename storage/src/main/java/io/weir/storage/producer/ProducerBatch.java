package io.weir.storage.producer;

import java.util.Objects;
import java.util.Optional;

/**
 * The producer-related header fields of one record batch (format v2), independent of where the batch
 * will land: the offsets are supplied separately when the batch is appended.
 *
 * <p>A batch whose producer id is {@link #NO_PRODUCER_ID} is neither idempotent nor transactional and
 * is ignored by the producer state. A control batch carries a {@link TransactionMarker}; an empty
 * control batch (its record removed by compaction) has no effect and should not be passed at all.
 *
 * @param producerId the producer id, or -1
 * @param producerEpoch the producer epoch, or -1
 * @param baseSequence the sequence of the first record, or -1 (control batches, coordinator writes)
 * @param lastOffsetDelta the batch header's last offset delta (record count minus one for a batch
 *     that was never compacted)
 * @param maxTimestamp the batch's max timestamp (for a control batch: the marker record's timestamp)
 * @param isTransactional the batch header's transactional flag
 * @param marker the end-transaction marker if this is a control batch
 */
public record ProducerBatch(
        long producerId,
        short producerEpoch,
        int baseSequence,
        int lastOffsetDelta,
        long maxTimestamp,
        boolean isTransactional,
        Optional<TransactionMarker> marker) {

    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;
    public static final int NO_SEQUENCE = -1;

    public ProducerBatch {
        Objects.requireNonNull(marker, "marker");
        if (lastOffsetDelta < 0) {
            throw new IllegalArgumentException("negative lastOffsetDelta " + lastOffsetDelta);
        }
        if (baseSequence < NO_SEQUENCE) {
            throw new IllegalArgumentException("invalid baseSequence " + baseSequence);
        }
        if (marker.isPresent() && producerId < 0) {
            throw new IllegalArgumentException("a transaction marker needs a producer id");
        }
    }

    /** A data batch of an idempotent ({@code transactional == false}) or transactional producer. */
    public static ProducerBatch data(
            long producerId,
            short producerEpoch,
            int baseSequence,
            int lastOffsetDelta,
            long maxTimestamp,
            boolean transactional) {
        return new ProducerBatch(
                producerId,
                producerEpoch,
                baseSequence,
                lastOffsetDelta,
                maxTimestamp,
                transactional,
                Optional.empty());
    }

    /** A control batch holding one end-transaction marker. */
    public static ProducerBatch marker(long producerId, short producerEpoch, TransactionMarker marker, long timestamp) {
        return new ProducerBatch(producerId, producerEpoch, NO_SEQUENCE, 0, timestamp, true, Optional.of(marker));
    }

    /** A batch written without a producer id; it only occupies offsets. */
    public static ProducerBatch withoutProducer(int lastOffsetDelta, long maxTimestamp) {
        return new ProducerBatch(
                NO_PRODUCER_ID, NO_PRODUCER_EPOCH, NO_SEQUENCE, lastOffsetDelta, maxTimestamp, false, Optional.empty());
    }

    /** Whether the batch belongs to an idempotent or transactional producer. */
    public boolean hasProducerId() {
        return producerId >= 0;
    }

    public boolean isControl() {
        return marker.isPresent();
    }

    /** The sequence of the last record, wrapping past Integer.MAX_VALUE to 0; -1 without sequences. */
    public int lastSequence() {
        return baseSequence == NO_SEQUENCE ? NO_SEQUENCE : Sequences.increment(baseSequence, lastOffsetDelta);
    }
}

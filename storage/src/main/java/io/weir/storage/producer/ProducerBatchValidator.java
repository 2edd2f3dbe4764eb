package io.weir.storage.producer;

/**
 * The leader-side checks of one batch against its producer's state. Stateless; the caller supplies
 * the entry as updated by the earlier batches of the same append.
 */
final class ProducerBatchValidator {
    private ProducerBatchValidator() {}

    /** Checks a data batch: epoch, then (for clients) sequence, then transaction state. */
    static void validateData(ProducerStateEntry entry, ProducerBatch batch, AppendOrigin origin, String partition) {
        short currentEpoch = entry.producerEpoch();
        if (batch.producerEpoch() < currentEpoch) {
            throw new InvalidProducerEpochException(describe(batch, partition) + " has epoch " + batch.producerEpoch()
                    + ", older than the current epoch " + currentEpoch);
        }
        if (origin == AppendOrigin.CLIENT) {
            checkSequence(entry, batch, partition);
        }
        if (entry.currentTxnFirstOffset().isPresent() && !batch.isTransactional()) {
            throw new InvalidTxnStateException(describe(batch, partition)
                    + " is not transactional but the producer's transaction is open since offset "
                    + entry.currentTxnFirstOffset().getAsLong());
        }
    }

    /**
     * Checks a sequence: a producer with no known epoch (never seen, or expired: KIP-360) may start
     * anywhere; a new epoch must start at 0; within an epoch each batch must follow the last one.
     */
    private static void checkSequence(ProducerStateEntry entry, ProducerBatch batch, String partition) {
        short currentEpoch = entry.producerEpoch();
        if (currentEpoch == ProducerBatch.NO_PRODUCER_EPOCH) {
            return;
        }
        int first = batch.baseSequence();
        if (batch.producerEpoch() != currentEpoch) {
            if (first != 0) {
                throw new OutOfOrderSequenceException(describe(batch, partition) + " starts new epoch "
                        + batch.producerEpoch() + " at sequence " + first + " instead of 0 (current epoch "
                        + currentEpoch + ")");
            }
            return;
        }
        int last = entry.lastSequence().orElse(ProducerBatch.NO_SEQUENCE);
        if (!Sequences.inSequence(last, first)) {
            throw new OutOfOrderSequenceException(describe(batch, partition) + " has first sequence " + first
                    + " but the last sequence of epoch " + currentEpoch + " is " + last);
        }
    }

    /**
     * Checks a transaction marker. Before transaction version 2 the marker carries the transaction's
     * epoch, so it may not be older than the current one. From version 2 (KIP-890) the coordinator
     * bumps the epoch for each marker, so it must be newer, except that a retry of the marker that
     * already closed the transaction (same epoch, nothing open) is accepted and changes nothing.
     */
    static void validateMarker(
            ProducerStateEntry entry, ProducerBatch batch, int transactionVersion, String partition) {
        short currentEpoch = entry.producerEpoch();
        short epoch = batch.producerEpoch();
        boolean stale = transactionVersion >= 2
                ? epoch < currentEpoch || (epoch == currentEpoch && entry.currentTxnFirstOffset().isPresent())
                : epoch < currentEpoch;
        if (stale) {
            throw new InvalidProducerEpochException(describe(batch, partition) + " is a marker with epoch " + epoch
                    + " but the current epoch is " + currentEpoch
                    + " (transaction version " + transactionVersion + ")");
        }
        int coordinatorEpoch = batch.marker().orElseThrow().coordinatorEpoch();
        if (coordinatorEpoch < entry.coordinatorEpoch()) {
            throw new TransactionCoordinatorFencedException(describe(batch, partition)
                    + " is a marker from coordinator epoch " + coordinatorEpoch
                    + ", older than " + entry.coordinatorEpoch());
        }
    }

    private static String describe(ProducerBatch batch, String partition) {
        return "[" + partition + "] batch of producer " + batch.producerId();
    }
}

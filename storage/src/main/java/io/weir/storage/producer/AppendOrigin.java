package io.weir.storage.producer;

/**
 * Who asks the leader to append, which decides how much producer state validation applies.
 * Follower and recovery appends do not validate at all and use
 * {@link ProducerStateManager#updateFromAppendedBatch(ProducerBatch, long)} instead.
 */
public enum AppendOrigin {
    /**
     * A Produce request: epoch, sequence and transaction state are checked, and retried batches are
     * recognised as duplicates. Control batches are not allowed.
     */
    CLIENT,
    /**
     * The broker's own coordinators: transaction markers (WriteTxnMarkers) and transactional offset
     * commits. Epochs and coordinator epochs are checked; sequences are not (coordinator writes carry
     * no sequence numbers).
     */
    COORDINATOR
}

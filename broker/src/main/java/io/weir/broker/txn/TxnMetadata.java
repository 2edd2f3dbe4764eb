package io.weir.broker.txn;

import io.weir.storage.TopicPartitionKey;
import java.util.Objects;
import java.util.Set;

/**
 * The state of one transactional id, as persisted in {@code __transaction_state}. Immutable: every
 * change makes a new value, written to the log before it replaces the old one in memory.
 *
 * @param transactionalId the transactional id
 * @param producerId the producer id now in use
 * @param previousProducerId the producer id before the last rollover (epoch exhausted), or -1;
 *     lets a retried InitProducerId with the old id succeed (KIP-360)
 * @param producerEpoch the current producer epoch
 * @param lastProducerEpoch the epoch before the last bump, or -1; identifies retries
 * @param timeoutMs the transaction timeout the producer asked for
 * @param state the state
 * @param partitions the partitions of the open (or completing) transaction
 * @param txnStartTimestampMs when the open transaction added its first partition, or -1
 * @param lastUpdateTimestampMs when this value was made
 * @param clientTransactionVersion 2 when the client ends transactions with EndTxn v5+ (epoch bump
 *     on every transaction, KIP-890 part 2), else 1
 */
public record TxnMetadata(String transactionalId, long producerId, long previousProducerId, short producerEpoch,
        short lastProducerEpoch, int timeoutMs, TxnState state, Set<TopicPartitionKey> partitions, long txnStartTimestampMs,
        long lastUpdateTimestampMs, short clientTransactionVersion) {

    public TxnMetadata {
        Objects.requireNonNull(transactionalId, "transactionalId");
        Objects.requireNonNull(state, "state");
        partitions = Set.copyOf(partitions);
    }

    /** A new transactional id, Empty at epoch 0. */
    static TxnMetadata fresh(String transactionalId, long producerId, int timeoutMs, long nowMs) {
        return new TxnMetadata(transactionalId, producerId, -1, (short) 0, (short) -1, timeoutMs, TxnState.EMPTY, Set.of(), -1,
                nowMs, (short) 1);
    }

    TxnMetadata withState(TxnState newState, long nowMs) {
        return new TxnMetadata(transactionalId, producerId, previousProducerId, producerEpoch, lastProducerEpoch, timeoutMs, newState,
                partitions, txnStartTimestampMs, nowMs, clientTransactionVersion);
    }

    TxnMetadata withEpoch(long newProducerId, short newEpoch) {
        long previous = newProducerId == producerId ? previousProducerId : producerId;
        short last = newProducerId == producerId ? producerEpoch : -1;
        return new TxnMetadata(transactionalId, newProducerId, previous, newEpoch, last, timeoutMs, state, partitions,
                txnStartTimestampMs, lastUpdateTimestampMs, clientTransactionVersion);
    }

    TxnMetadata withPartitions(Set<TopicPartitionKey> newPartitions, long startMs) {
        return new TxnMetadata(transactionalId, producerId, previousProducerId, producerEpoch, lastProducerEpoch, timeoutMs, state,
                newPartitions, startMs, lastUpdateTimestampMs, clientTransactionVersion);
    }

    TxnMetadata withTimeout(int newTimeoutMs) {
        return new TxnMetadata(transactionalId, producerId, previousProducerId, producerEpoch, lastProducerEpoch, newTimeoutMs, state,
                partitions, txnStartTimestampMs, lastUpdateTimestampMs, clientTransactionVersion);
    }

    TxnMetadata withClientTransactionVersion(short version) {
        return new TxnMetadata(transactionalId, producerId, previousProducerId, producerEpoch, lastProducerEpoch, timeoutMs, state,
                partitions, txnStartTimestampMs, lastUpdateTimestampMs, version);
    }
}

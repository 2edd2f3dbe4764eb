package io.weir.broker.txn;

import io.weir.storage.TopicPartitionKey;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Writes a transaction's end marker (a control batch: COMMIT or ABORT, with the coordinator
 * epoch) into each of its data partitions, as the partitions' leader. On one node this is a local
 * append; the broker's replica manager provides it ({@code ReplicaManager.writeTxnMarkers}).
 * Thread-safety: implementations must accept calls from any thread.
 */
@FunctionalInterface
public interface TxnMarkerWriter {

    /**
     * Writes the markers and completes with one Kafka error code per partition (0 when written).
     * A partition that no longer exists answers UNKNOWN_TOPIC_OR_PARTITION (3) and is skipped by
     * the coordinator; other errors are retried.
     *
     * @param producerId the transaction's producer id
     * @param producerEpoch the epoch the markers carry (the bumped one for transaction version 2)
     * @param coordinatorEpoch the leader epoch of the coordinator's {@code __transaction_state} partition
     * @param commit COMMIT when true, ABORT otherwise
     * @param transactionVersion 1 or 2 (KIP-890)
     * @param partitions the partitions to mark
     */
    CompletableFuture<Map<TopicPartitionKey, Short>> write(long producerId, short producerEpoch, int coordinatorEpoch, boolean commit,
            int transactionVersion, Collection<TopicPartitionKey> partitions);
}

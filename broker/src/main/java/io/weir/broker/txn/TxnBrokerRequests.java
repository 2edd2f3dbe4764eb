package io.weir.broker.txn;

import io.weir.storage.TopicPartitionKey;
import java.util.List;
import java.util.Map;

/**
 * The inter-broker requests of transactions, sent to one remote broker and answered with one
 * Kafka error code per partition: WriteTxnMarkers from the coordinator to a partition leader, and
 * AddPartitionsToTxn (the broker form of KIP-890) from a partition leader to the coordinator. The
 * handler package implements it over the wire, so that this package stays free of Kafka's message
 * classes.
 *
 * <p>Thread-safety: implementations accept calls from any thread; calls block on the network, so
 * callers make them on their own executor. Failures to reach the broker throw.
 */
public interface TxnBrokerRequests {

    /** WriteTxnMarkers with one marker; the code of each of {@code partitions}. */
    Map<TopicPartitionKey, Short> writeMarkers(int nodeId, long producerId, short producerEpoch, int coordinatorEpoch, boolean commit,
            int transactionVersion, List<TopicPartitionKey> partitions);

    /**
     * AddPartitionsToTxn with one transaction; the code of each of {@code partitions} (a top-level
     * error is every partition's).
     */
    Map<TopicPartitionKey, Short> addPartitions(int nodeId, String transactionalId, long producerId, short producerEpoch,
            List<TopicPartitionKey> partitions, boolean verifyOnly);
}

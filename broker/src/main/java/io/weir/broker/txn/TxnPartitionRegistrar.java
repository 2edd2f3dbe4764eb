package io.weir.broker.txn;

import io.weir.storage.TopicPartitionKey;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * How a partition leader (or the group coordinator, for {@code __consumer_offsets}) puts a
 * partition into a producer's transaction, or checks that it is there, before it writes
 * transactional data (KIP-890). In Kafka the leader sends AddPartitionsToTxn (v4+, verify_only
 * for {@link Operation#VERIFY}) to the transaction coordinator; on one node Weir calls the
 * coordinator in-process ({@link LocalTxnPartitionRegistrar}), and a cluster replaces this by the
 * network call.
 *
 * <p>Thread-safety: implementations accept calls from any thread and never block; futures may
 * complete on any thread.
 */
public interface TxnPartitionRegistrar {

    /** What the caller asks of the coordinator. */
    enum Operation {
        /** Transaction version 1 (KIP-890 part 1): answer NONE only for a partition the producer already added. */
        VERIFY,
        /** Transaction version 2 (KIP-890 part 2): add the partitions, opening a transaction if none is open. */
        ADD
    }

    /**
     * Per partition, NONE or the error that refuses the write: INVALID_TXN_STATE (not in the open
     * transaction), PRODUCER_FENCED, INVALID_PRODUCER_ID_MAPPING, or a retriable coordinator error
     * (CONCURRENT_TRANSACTIONS, NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS,
     * COORDINATOR_NOT_AVAILABLE). Never completes exceptionally.
     */
    CompletableFuture<Map<TopicPartitionKey, TxnError>> register(String transactionalId, long producerId, short producerEpoch,
            Collection<TopicPartitionKey> partitions, Operation operation);
}

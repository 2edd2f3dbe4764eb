package io.weir.broker.txn;

import io.weir.storage.TopicPartitionKey;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link TxnPartitionRegistrar} of a node that is its own transaction coordinator: calls
 * {@link TransactionCoordinator} in-process. Additions for one transactional id run one after the
 * other, so that the produce requests a producer has in flight to several partitions wait for each
 * other's coordinator write instead of failing with CONCURRENT_TRANSACTIONS and retrying.
 *
 * <p>Thread-safe: the chain of additions per transactional id lives in a concurrent map and is
 * removed once its last addition completed.
 */
public final class LocalTxnPartitionRegistrar implements TxnPartitionRegistrar {
    private final TransactionCoordinator coordinator;
    private final ConcurrentHashMap<String, CompletableFuture<Map<TopicPartitionKey, TxnError>>> additions = new ConcurrentHashMap<>();

    public LocalTxnPartitionRegistrar(TransactionCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<Map<TopicPartitionKey, TxnError>> register(String transactionalId, long producerId, short producerEpoch,
            Collection<TopicPartitionKey> partitions, Operation operation) {
        List<TopicPartitionKey> copy = List.copyOf(partitions);
        if (operation == Operation.VERIFY) {
            return coordinator.verifyPartitions(transactionalId, producerId, producerEpoch, copy)
                    .exceptionally(failure -> all(copy, TxnException.errorOf(failure)));
        }
        CompletableFuture<Map<TopicPartitionKey, TxnError>> mine = new CompletableFuture<>();
        CompletableFuture<Map<TopicPartitionKey, TxnError>> previous = additions.put(transactionalId, mine);
        CompletableFuture<?> after = previous == null ? CompletableFuture.completedFuture(null) : previous;
        after.whenComplete((ignored, failure) -> coordinator.addPartitions(transactionalId, producerId, producerEpoch, copy)
                .handle((done, addFailure) -> all(copy, addFailure == null ? TxnError.NONE : TxnException.errorOf(addFailure)))
                .thenAccept(result -> {
                    additions.remove(transactionalId, mine);
                    mine.complete(result);
                }));
        return mine;
    }

    private static Map<TopicPartitionKey, TxnError> all(List<TopicPartitionKey> partitions, TxnError error) {
        Map<TopicPartitionKey, TxnError> result = new LinkedHashMap<>();
        partitions.forEach(p -> result.put(p, error));
        return result;
    }
}

package io.weir.broker.txn;

import io.weir.metadata.TopicNames;
import io.weir.metadata.image.MetadataImage;
import io.weir.storage.TopicPartitionKey;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TxnPartitionRegistrar} of a cluster node: finds the transaction coordinator of the
 * transactional id (the leader of its {@code __transaction_state} partition in the metadata image);
 * when that is this node, calls {@code local}; otherwise sends AddPartitionsToTxn (the broker form
 * of KIP-890, through {@link TxnBrokerRequests}) with one transaction, {@code verify_only} true for
 * {@link Operation#VERIFY} and false for {@link Operation#ADD}, to the coordinator's inter-broker
 * listener. No coordinator in the image answers COORDINATOR_NOT_AVAILABLE and a failed send
 * NOT_COORDINATOR: both are retriable, and the produce path turns them into NOT_ENOUGH_REPLICAS as
 * Kafka does, so the producer retries.
 *
 * <p>Thread-safety: any thread; remote sends run on {@code network}, never on the caller's thread.
 */
public final class ClusterTxnPartitionRegistrar implements TxnPartitionRegistrar {
    private static final Logger log = LoggerFactory.getLogger(ClusterTxnPartitionRegistrar.class);

    private final int nodeId;
    private final TxnPartitionRegistrar local;
    private final TransactionCoordinator coordinator;
    private final Supplier<MetadataImage> image;
    private final TxnBrokerRequests requests;
    private final Executor network;

    public ClusterTxnPartitionRegistrar(int nodeId, TxnPartitionRegistrar local, TransactionCoordinator coordinator,
            Supplier<MetadataImage> image, TxnBrokerRequests requests, Executor network) {
        this.nodeId = nodeId;
        this.local = local;
        this.coordinator = coordinator;
        this.image = image;
        this.requests = requests;
        this.network = network;
    }

    @Override
    public CompletableFuture<Map<TopicPartitionKey, TxnError>> register(String transactionalId, long producerId, short producerEpoch,
            Collection<TopicPartitionKey> partitions, Operation operation) {
        List<TopicPartitionKey> copy = List.copyOf(partitions);
        OptionalInt leader = coordinatorOf(transactionalId);
        if (leader.isEmpty()) {
            return CompletableFuture.completedFuture(all(copy, TxnError.COORDINATOR_NOT_AVAILABLE));
        }
        if (leader.getAsInt() == nodeId) {
            return local.register(transactionalId, producerId, producerEpoch, copy, operation);
        }
        int remote = leader.getAsInt();
        return CompletableFuture.supplyAsync(() -> send(remote, transactionalId, producerId, producerEpoch, copy, operation), network)
                .exceptionally(failure -> all(copy, TxnError.NOT_COORDINATOR));
    }

    private OptionalInt coordinatorOf(String transactionalId) {
        int partition = coordinator.partitionFor(transactionalId);
        return image.get().topics().getTopic(TopicNames.TRANSACTION_STATE).flatMap(topic -> topic.partition(partition))
                .filter(registration -> registration.leader() >= 0)
                .map(registration -> OptionalInt.of(registration.leader())).orElse(OptionalInt.empty());
    }

    private Map<TopicPartitionKey, TxnError> send(int remote, String transactionalId, long producerId, short producerEpoch,
            List<TopicPartitionKey> partitions, Operation operation) {
        try {
            Map<TopicPartitionKey, TxnError> errors = new LinkedHashMap<>();
            requests.addPartitions(remote, transactionalId, producerId, producerEpoch, partitions, operation == Operation.VERIFY)
                    .forEach((partition, code) -> errors.put(partition, errorOf(code)));
            return errors;
        } catch (RuntimeException e) {
            log.debug("[node {}] AddPartitionsToTxn of {} to node {} failed: {}", nodeId, transactionalId, remote, e.toString());
            return all(partitions, TxnError.NOT_COORDINATOR);
        }
    }

    /** The error with Kafka code {@code code}; a code this registrar's callers do not know is UNKNOWN_SERVER_ERROR. */
    static TxnError errorOf(short code) {
        for (TxnError error : TxnError.values()) {
            if (error.code() == code) {
                return error;
            }
        }
        return TxnError.UNKNOWN_SERVER_ERROR;
    }

    private static Map<TopicPartitionKey, TxnError> all(List<TopicPartitionKey> partitions, TxnError error) {
        Map<TopicPartitionKey, TxnError> errors = new LinkedHashMap<>();
        partitions.forEach(partition -> errors.put(partition, error));
        return errors;
    }
}

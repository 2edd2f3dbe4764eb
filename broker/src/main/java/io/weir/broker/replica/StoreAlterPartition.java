package io.weir.broker.replica;

import io.weir.metadata.MetadataException;
import io.weir.metadata.Uuid;
import io.weir.metadata.image.BrokerRegistration;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.metadata.image.TopicImage;
import io.weir.metadata.record.PartitionChangeRecord;
import io.weir.metadata.store.MetadataStore;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * An {@link AlterPartitionSender} that commits ISR changes straight to a {@link MetadataStore}
 * (a single node's, or one store shared by several brokers in a test), checking them the way
 * Kafka's controller checks AlterPartition: unknown topic (UNKNOWN_TOPIC_ID) or partition
 * (UNKNOWN_TOPIC_OR_PARTITION); a leader epoch other than the current one, or a sender that is not
 * the leader (FENCED_LEADER_EPOCH); a stale partition epoch (INVALID_UPDATE_VERSION); an ISR
 * without the leader, with duplicates or outside the replicas (INVALID_REQUEST); a new member that
 * is not registered or is fenced (INELIGIBLE_REPLICA). A valid change becomes one
 * {@link PartitionChangeRecord} with the new ISR.
 *
 * <p>Thread-safety: changes are checked and committed one at a time (synchronized), on
 * {@code executor}, never on the caller's thread.
 */
public final class StoreAlterPartition implements AlterPartitionSender {
    private final MetadataStore store;
    private final Executor executor;

    /**
     * @param store the metadata to change
     * @param executor runs the commits (they block on disk and run the store's listeners)
     */
    public StoreAlterPartition(MetadataStore store, Executor executor) {
        this.store = store;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<PartitionRegistration> alterPartition(Uuid topicId, int partition, int leaderId, int leaderEpoch,
            int partitionEpoch, List<Integer> newIsr) {
        return CompletableFuture.supplyAsync(() -> commit(topicId, partition, leaderId, leaderEpoch, partitionEpoch, newIsr), executor);
    }

    private synchronized PartitionRegistration commit(Uuid topicId, int partition, int leaderId, int leaderEpoch, int partitionEpoch,
            List<Integer> newIsr) {
        MetadataImage image = store.image();
        PartitionRegistration current = check(image, topicId, partition, leaderId, leaderEpoch, partitionEpoch, newIsr);
        if (current.isr().equals(newIsr)) {
            return current;
        }
        PartitionChangeRecord change = new PartitionChangeRecord(topicId, partition, OptionalInt.empty(), Optional.of(newIsr),
                Optional.empty());
        try {
            return store.commit(List.of(change)).topics().getTopic(topicId).flatMap(t -> t.partition(partition)).orElseThrow();
        } catch (MetadataException e) {
            throw new ReplicaException(PartitionError.INVALID_REQUEST, "ISR change of " + topicId + "-" + partition + " refused: "
                    + e.getMessage());
        }
    }

    /** The current registration if the change is acceptable; throws the AlterPartition error otherwise. */
    static PartitionRegistration check(MetadataImage image, Uuid topicId, int partition, int leaderId, int leaderEpoch,
            int partitionEpoch, List<Integer> newIsr) {
        TopicImage topic = image.topics().getTopic(topicId)
                .orElseThrow(() -> new ReplicaException(PartitionError.UNKNOWN_TOPIC_ID, "unknown topic id " + topicId));
        String name = topic.name() + "-" + partition;
        PartitionRegistration current = topic.partition(partition)
                .orElseThrow(() -> new ReplicaException(PartitionError.UNKNOWN_TOPIC_OR_PARTITION, "unknown partition " + name));
        if (leaderEpoch != current.leaderEpoch() || leaderId != current.leader()) {
            throw new ReplicaException(PartitionError.FENCED_LEADER_EPOCH, name + ": node " + leaderId + " at leader epoch "
                    + leaderEpoch + " is not the leader (node " + current.leader() + " at epoch " + current.leaderEpoch() + ")");
        }
        if (partitionEpoch != current.partitionEpoch()) {
            throw new ReplicaException(PartitionError.INVALID_UPDATE_VERSION, name + ": partition epoch " + partitionEpoch
                    + " is not the current " + current.partitionEpoch());
        }
        if (!newIsr.contains(leaderId) || new HashSet<>(newIsr).size() != newIsr.size() || !current.replicas().containsAll(newIsr)) {
            throw new ReplicaException(PartitionError.INVALID_REQUEST, name + ": ISR " + newIsr + " is not a set of replicas "
                    + current.replicas() + " holding the leader");
        }
        for (int replica : newIsr) {
            boolean eligible = current.isr().contains(replica)
                    || image.cluster().broker(replica).filter(b -> !b.fenced()).map(BrokerRegistration::nodeId).isPresent();
            if (!eligible) {
                throw new ReplicaException(PartitionError.INELIGIBLE_REPLICA, name + ": node " + replica
                        + " is fenced or not registered");
            }
        }
        return current;
    }
}

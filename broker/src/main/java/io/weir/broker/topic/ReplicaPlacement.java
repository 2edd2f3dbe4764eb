package io.weir.broker.topic;

import io.weir.metadata.Uuid;
import io.weir.metadata.image.BrokerRegistration;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.PartitionRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where partitions go and how explicit assignments are checked. Placement is round-robin over the
 * unfenced brokers by node id (on a single node: every replica on this node); every new partition
 * starts with all its replicas in sync, its first replica leading, at leader epoch 0. Stateless.
 */
final class ReplicaPlacement {

    private ReplicaPlacement() {}

    /** The unfenced brokers' node ids, ascending. */
    static List<Integer> usableBrokers(MetadataImage image) {
        return image.cluster().unfencedBrokers().stream().map(BrokerRegistration::nodeId).toList();
    }

    /**
     * Replicas for partitions {@code first .. first + count - 1}, {@code replicationFactor} each.
     *
     * @throws TopicOperationException INVALID_REPLICATION_FACTOR if there are too few brokers
     */
    static List<List<Integer>> place(MetadataImage image, int first, int count, int replicationFactor) {
        List<Integer> brokers = usableBrokers(image);
        if (replicationFactor > brokers.size()) {
            throw new TopicOperationException(TopicError.INVALID_REPLICATION_FACTOR, "Unable to replicate the partition "
                    + replicationFactor + " time(s): The target replication factor of " + replicationFactor
                    + " cannot be reached because only " + brokers.size() + " broker(s) are registered.");
        }
        List<List<Integer>> replicas = new ArrayList<>(count);
        for (int partition = first; partition < first + count; partition++) {
            List<Integer> one = new ArrayList<>(replicationFactor);
            for (int i = 0; i < replicationFactor; i++) {
                one.add(brokers.get((partition + i) % brokers.size()));
            }
            replicas.add(one);
        }
        return replicas;
    }

    /**
     * Checks one explicit assignment: non-empty, no duplicate, every broker registered.
     *
     * @throws TopicOperationException INVALID_REPLICA_ASSIGNMENT naming the problem
     */
    static void checkAssignment(MetadataImage image, int partition, List<Integer> brokerIds) {
        if (brokerIds.isEmpty()) {
            throw invalidAssignment("The manual partition assignment includes an empty replica list for partition "
                    + partition + ".");
        }
        Set<Integer> seen = new HashSet<>();
        for (int brokerId : brokerIds) {
            if (!seen.add(brokerId)) {
                throw invalidAssignment("The manual partition assignment includes the broker " + brokerId
                        + " more than once for partition " + partition + ".");
            }
            if (image.cluster().broker(brokerId).isEmpty()) {
                throw invalidAssignment("The manual partition assignment includes broker " + brokerId
                        + ", but no such broker is registered.");
            }
        }
    }

    /** The record of a new partition with these replicas, all in sync, the first leading. */
    static PartitionRecord newPartition(Uuid topicId, int partition, List<Integer> replicas) {
        return new PartitionRecord(topicId, partition, replicas, replicas, replicas.get(0), 0, 0);
    }

    static TopicOperationException invalidAssignment(String message) {
        return new TopicOperationException(TopicError.INVALID_REPLICA_ASSIGNMENT, message);
    }
}

package io.weir.broker.topic;

import io.weir.metadata.Uuid;
import io.weir.metadata.image.BrokerRegistration;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.PartitionRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where partitions go and how explicit assignments are checked. Every new partition starts with all
 * its replicas in sync, its first replica leading, at leader epoch 0. Stateless.
 *
 * <p>Placement (the idea of Kafka's rack-aware assignment, KIP-36): the unfenced brokers are
 * ordered so that racks alternate (racks by name, brokers by node id within a rack; a broker
 * without {@code broker.rack} counts as a rack of its own). Partition {@code i} of a request is led
 * by the broker at position {@code (start + i) mod n}, so the leaders of one request differ by at
 * most one per broker; {@code start} is the number of partitions the cluster already has, so
 * successive topics do not all begin on the same broker. Followers are taken after the leader
 * with a shift that changes every {@code n} partitions, skipping brokers whose rack already holds
 * a replica of the partition until every rack holds one; so a partition's replicas are on
 * distinct racks whenever there are at least as many racks as replicas.
 */
final class ReplicaPlacement {

    /** The rack of a broker without one: a name no configured rack can have. */
    private static final String NO_RACK_PREFIX = "\u0000node-";

    private ReplicaPlacement() {}

    /** The unfenced brokers' node ids, ascending. */
    static List<Integer> usableBrokers(MetadataImage image) {
        return image.cluster().unfencedBrokers().stream().map(BrokerRegistration::nodeId).sorted().toList();
    }

    /**
     * Replicas for {@code count} new partitions, {@code replicationFactor} each.
     *
     * @throws TopicOperationException INVALID_REPLICATION_FACTOR if there are too few brokers
     */
    static List<List<Integer>> place(MetadataImage image, int count, int replicationFactor) {
        List<BrokerRegistration> brokers = image.cluster().unfencedBrokers();
        if (replicationFactor > brokers.size()) {
            throw new TopicOperationException(TopicError.INVALID_REPLICATION_FACTOR, "Unable to replicate the partition "
                    + replicationFactor + " time(s): The target replication factor of " + replicationFactor
                    + " cannot be reached because only " + brokers.size() + " broker(s) are registered.");
        }
        Map<Integer, String> racks = new HashMap<>();
        brokers.forEach(b -> racks.put(b.nodeId(), b.rack().orElse(NO_RACK_PREFIX + b.nodeId())));
        return place(racks, totalPartitions(image), count, replicationFactor);
    }

    /**
     * The placement itself, over brokers given as node id to rack.
     *
     * @param racks every usable broker's rack
     * @param start where the first partition's leader is taken in the rack-alternating order
     * @param count how many partitions
     * @param replicationFactor replicas per partition, at most the number of brokers
     * @return the replicas of each partition, leader first
     */
    static List<List<Integer>> place(Map<Integer, String> racks, int start, int count, int replicationFactor) {
        List<Integer> order = rackAlternating(racks);
        int brokerCount = order.size();
        int rackCount = new HashSet<>(racks.values()).size();
        List<List<Integer>> replicas = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int leaderPosition = Math.floorMod(start + i, brokerCount);
            int shift = brokerCount <= 1 ? 0 : Math.floorMod(start + i, brokerCount * (brokerCount - 1)) / brokerCount;
            replicas.add(onePartition(order, racks, rackCount, leaderPosition, shift, replicationFactor));
        }
        return replicas;
    }

    private static List<Integer> onePartition(List<Integer> order, Map<Integer, String> racks, int rackCount,
            int leaderPosition, int shift, int replicationFactor) {
        int brokerCount = order.size();
        List<Integer> chosen = new ArrayList<>(replicationFactor);
        chosen.add(order.get(leaderPosition));
        Set<String> racksUsed = new HashSet<>();
        racksUsed.add(racks.get(order.get(leaderPosition)));
        int sinceLastAdd = 0;
        for (int j = 0; chosen.size() < replicationFactor; j++) {
            int candidate = order.get((leaderPosition + 1 + (shift + j) % (brokerCount - 1)) % brokerCount);
            boolean rackTaken = racksUsed.contains(racks.get(candidate)) && racksUsed.size() < rackCount;
            // After a full round without a fit, any broker not yet chosen will do.
            if (chosen.contains(candidate) || (rackTaken && sinceLastAdd < brokerCount - 1)) {
                sinceLastAdd++;
                continue;
            }
            chosen.add(candidate);
            sinceLastAdd = 0;
            racksUsed.add(racks.get(candidate));
            if (racksUsed.size() == rackCount) {
                racksUsed.clear();
            }
        }
        return chosen;
    }

    /** Brokers ordered so that racks alternate: racks by name, node ids ascending within each. */
    static List<Integer> rackAlternating(Map<Integer, String> racks) {
        TreeMap<String, List<Integer>> byRack = new TreeMap<>();
        racks.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> byRack.computeIfAbsent(e.getValue(), r -> new ArrayList<>()).add(e.getKey()));
        List<Integer> order = new ArrayList<>(racks.size());
        for (int round = 0; order.size() < racks.size(); round++) {
            for (List<Integer> rack : byRack.values()) {
                if (round < rack.size()) {
                    order.add(rack.get(round));
                }
            }
        }
        return order;
    }

    private static int totalPartitions(MetadataImage image) {
        return image.topics().topicsById().values().stream().mapToInt(topic -> topic.partitions().size()).sum();
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

package io.weir.metadata.image;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import io.weir.metadata.Uuid;
import io.weir.metadata.record.PartitionChangeRecord;
import io.weir.metadata.record.PartitionRecord;

/**
 * The registration of one partition in the image: where its replicas are, which are in sync, who
 * leads, and its epochs. Immutable.
 *
 * @param replicas the assigned replicas (node ids), preferred leader first
 * @param isr the in-sync replicas, a subset of {@code replicas}
 * @param leader the leader's node id, or {@link PartitionRecord#NO_LEADER}
 * @param leaderEpoch bumped every time the leader changes
 * @param partitionEpoch bumped on every change of this registration
 * @param addingReplicas replicas an ongoing reassignment adds (within {@code replicas}); empty when
 *     none is in progress
 * @param removingReplicas replicas an ongoing reassignment will remove (within {@code replicas});
 *     the reassignment's target is {@code replicas} without them
 */
public record PartitionRegistration(
        List<Integer> replicas, List<Integer> isr, int leader, int leaderEpoch, int partitionEpoch,
        List<Integer> addingReplicas, List<Integer> removingReplicas) {

    /** Copies the lists. */
    public PartitionRegistration {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        addingReplicas = List.copyOf(addingReplicas);
        removingReplicas = List.copyOf(removingReplicas);
    }

    /** A registration with no reassignment in progress. */
    public PartitionRegistration(List<Integer> replicas, List<Integer> isr, int leader, int leaderEpoch,
            int partitionEpoch) {
        this(replicas, isr, leader, leaderEpoch, partitionEpoch, List.of(), List.of());
    }

    /**
     * Whether a reassignment is in progress.
     *
     * @return true when replicas are being added or removed
     */
    public boolean isReassigning() {
        return !addingReplicas.isEmpty() || !removingReplicas.isEmpty();
    }

    /**
     * The replicas the partition ends on once its reassignment completes (its replicas when none is
     * in progress), in order.
     *
     * @return {@code replicas} without {@code removingReplicas}
     */
    public List<Integer> targetReplicas() {
        return replicas.stream().filter(r -> !removingReplicas.contains(r)).toList();
    }

    /**
     * The registration a {@link PartitionRecord} creates.
     *
     * @param record the record
     * @return its registration
     */
    public static PartitionRegistration from(PartitionRecord record) {
        return new PartitionRegistration(record.replicas(), record.isr(), record.leader(), record.leaderEpoch(),
                record.partitionEpoch(), record.addingReplicas(), record.removingReplicas());
    }

    /**
     * Whether the partition has a leader.
     *
     * @return false when the leader is {@link PartitionRecord#NO_LEADER}
     */
    public boolean hasLeader() {
        return leader != PartitionRecord.NO_LEADER;
    }

    /**
     * The leader, if there is one.
     *
     * @return the leader's node id, or empty
     */
    public OptionalInt leaderId() {
        return hasLeader() ? OptionalInt.of(leader) : OptionalInt.empty();
    }

    /**
     * The registration after a change: absent fields are kept, the partition epoch grows by one,
     * and the leader epoch grows by one when the leader changes.
     *
     * @param change the change
     * @return the changed registration (not yet checked: see {@link #problem()})
     */
    public PartitionRegistration merge(PartitionChangeRecord change) {
        int newLeader = change.leader().orElse(leader);
        int newLeaderEpoch = newLeader != leader ? leaderEpoch + 1 : leaderEpoch;
        return new PartitionRegistration(
                change.replicas().orElse(replicas),
                change.isr().orElse(isr),
                newLeader,
                newLeaderEpoch,
                partitionEpoch + 1,
                change.addingReplicas().orElse(addingReplicas),
                change.removingReplicas().orElse(removingReplicas));
    }

    /**
     * Checks the registration's own consistency: replicas non-empty, distinct and non-negative;
     * ISR distinct and within the replicas; the leader, if any, in the ISR.
     *
     * @return a one-line reason if inconsistent, empty if consistent
     */
    public Optional<String> problem() {
        if (replicas.isEmpty()) {
            return Optional.of("replicas are empty");
        }
        Set<Integer> replicaSet = new HashSet<>(replicas);
        if (replicaSet.size() != replicas.size()) {
            return Optional.of("replicas " + replicas + " contain duplicates");
        }
        if (replicas.stream().anyMatch(id -> id < 0)) {
            return Optional.of("replicas " + replicas + " contain a negative node id");
        }
        if (new HashSet<>(isr).size() != isr.size()) {
            return Optional.of("isr " + isr + " contains duplicates");
        }
        if (!replicaSet.containsAll(isr)) {
            return Optional.of("isr " + isr + " is not a subset of replicas " + replicas);
        }
        if (hasLeader() && !isr.contains(leader)) {
            return Optional.of("leader " + leader + " is not in isr " + isr);
        }
        if (!replicaSet.containsAll(addingReplicas) || !replicaSet.containsAll(removingReplicas)
                || addingReplicas.stream().anyMatch(removingReplicas::contains)) {
            return Optional.of("adding " + addingReplicas + " and removing " + removingReplicas
                    + " replicas must be disjoint subsets of replicas " + replicas);
        }
        return Optional.empty();
    }

    /**
     * The record that recreates this registration (for snapshots).
     *
     * @param topicId the topic's id
     * @param partition the partition index
     * @return the record
     */
    public PartitionRecord toRecord(Uuid topicId, int partition) {
        return new PartitionRecord(topicId, partition, replicas, isr, leader, leaderEpoch, partitionEpoch,
                addingReplicas, removingReplicas);
    }
}

package io.weir.metadata.record;

import java.util.List;
import java.util.Objects;
import io.weir.metadata.Uuid;

/**
 * A partition is created with its full registration.
 *
 * @param topicId the topic the partition belongs to
 * @param partition the partition index, non-negative
 * @param replicas the assigned replicas (node ids), preferred leader first
 * @param isr the in-sync replicas, a subset of {@code replicas}
 * @param leader the leader's node id, or {@link #NO_LEADER}
 * @param leaderEpoch the leader epoch, non-negative
 * @param partitionEpoch the partition epoch (bumped on every change), non-negative
 * @param addingReplicas replicas a reassignment is adding (a subset of {@code replicas}), empty
 *     when none is in progress
 * @param removingReplicas replicas a reassignment will remove (a subset of {@code replicas})
 */
public record PartitionRecord(
        Uuid topicId,
        int partition,
        List<Integer> replicas,
        List<Integer> isr,
        int leader,
        int leaderEpoch,
        int partitionEpoch,
        List<Integer> addingReplicas,
        List<Integer> removingReplicas)
        implements MetadataRecord {

    /** The leader value that means "no leader", as in Kafka's protocol. */
    public static final int NO_LEADER = -1;

    /** Checks the fields and copies the lists. */
    public PartitionRecord {
        Objects.requireNonNull(topicId, "topicId");
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        addingReplicas = List.copyOf(addingReplicas);
        removingReplicas = List.copyOf(removingReplicas);
        RecordChecks.nonNegative("partition", partition);
        RecordChecks.leader(leader);
        RecordChecks.nonNegative("leaderEpoch", leaderEpoch);
        RecordChecks.nonNegative("partitionEpoch", partitionEpoch);
    }

    /** A partition with no reassignment in progress. */
    public PartitionRecord(Uuid topicId, int partition, List<Integer> replicas, List<Integer> isr, int leader,
            int leaderEpoch, int partitionEpoch) {
        this(topicId, partition, replicas, isr, leader, leaderEpoch, partitionEpoch, List.of(), List.of());
    }

    @Override
    public MetadataRecordType type() {
        return MetadataRecordType.PARTITION;
    }
}

package io.weir.metadata.record;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import io.weir.metadata.Uuid;

/**
 * Some fields of an existing partition change; absent fields keep their value. Applying it bumps
 * the partition epoch by one, and the leader epoch by one when {@code leader} is present and
 * differs from the current leader (including a change to or from {@link PartitionRecord#NO_LEADER}).
 *
 * @param topicId the topic the partition belongs to
 * @param partition the partition index
 * @param leader the new leader's node id, or {@link PartitionRecord#NO_LEADER}; empty to keep it
 * @param isr the new in-sync replicas; empty to keep them
 * @param replicas the new assigned replicas; empty to keep them
 * @param addingReplicas the replicas a reassignment is adding; empty to keep them (an empty list
 *     ends the reassignment)
 * @param removingReplicas the replicas a reassignment will remove; empty to keep them
 */
public record PartitionChangeRecord(
        Uuid topicId,
        int partition,
        OptionalInt leader,
        Optional<List<Integer>> isr,
        Optional<List<Integer>> replicas,
        Optional<List<Integer>> addingReplicas,
        Optional<List<Integer>> removingReplicas)
        implements MetadataRecord {

    /** Checks the fields and copies the lists. */
    public PartitionChangeRecord {
        Objects.requireNonNull(topicId, "topicId");
        Objects.requireNonNull(leader, "leader");
        isr = isr.map(List::copyOf);
        replicas = replicas.map(List::copyOf);
        addingReplicas = addingReplicas.map(List::copyOf);
        removingReplicas = removingReplicas.map(List::copyOf);
        RecordChecks.nonNegative("partition", partition);
        leader.ifPresent(RecordChecks::leader);
    }

    /** A change that keeps any reassignment state. */
    public PartitionChangeRecord(Uuid topicId, int partition, OptionalInt leader, Optional<List<Integer>> isr,
            Optional<List<Integer>> replicas) {
        this(topicId, partition, leader, isr, replicas, Optional.empty(), Optional.empty());
    }

    @Override
    public MetadataRecordType type() {
        return MetadataRecordType.PARTITION_CHANGE;
    }
}

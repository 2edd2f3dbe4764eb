package io.weir.broker.topic;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One topic of a CreatePartitions request, as the client sent it. Immutable.
 *
 * @param name the topic name
 * @param totalCount the partition count wanted after the increase
 * @param assignments the replicas of each new partition, in partition order, or empty for
 *     automatic placement
 */
public record PartitionIncrease(String name, int totalCount, Optional<List<List<Integer>>> assignments) {

    /** Checks and copies. */
    public PartitionIncrease {
        Objects.requireNonNull(name, "name");
        assignments = assignments.map(list -> list.stream().map(List::copyOf).toList());
    }
}

package io.weir.metadata.image;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import io.weir.metadata.Uuid;

/**
 * One topic in the image. Partitions are numbered {@code 0..partitionCount()-1} without gaps.
 * Immutable.
 *
 * @param name the topic name
 * @param topicId the topic id
 * @param partitions the registrations by partition index
 */
public record TopicImage(String name, Uuid topicId, Map<Integer, PartitionRegistration> partitions) {

    /** Checks and copies. */
    public TopicImage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topicId, "topicId");
        partitions = Map.copyOf(partitions);
    }

    /**
     * Looks a partition up.
     *
     * @param partition the partition index
     * @return its registration, or empty if the topic has no such partition
     */
    public Optional<PartitionRegistration> partition(int partition) {
        return Optional.ofNullable(partitions.get(partition));
    }

    /**
     * The number of partitions.
     *
     * @return the count; indexes run from 0 to count - 1
     */
    public int partitionCount() {
        return partitions.size();
    }
}

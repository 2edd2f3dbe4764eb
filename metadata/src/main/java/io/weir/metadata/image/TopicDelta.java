package io.weir.metadata.image;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Changes to one topic accumulated by a {@link MetadataDelta}. Not thread-safe. */
final class TopicDelta {
    private final TopicImage base;
    private final boolean created;
    private final Map<Integer, PartitionRegistration> changedPartitions = new TreeMap<>();

    TopicDelta(TopicImage base, boolean created) {
        this.base = base;
        this.created = created;
    }

    TopicImage base() {
        return base;
    }

    boolean created() {
        return created;
    }

    boolean isEmpty() {
        return !created && changedPartitions.isEmpty();
    }

    Optional<PartitionRegistration> partition(int partition) {
        PartitionRegistration pending = changedPartitions.get(partition);
        return pending != null ? Optional.of(pending) : base.partition(partition);
    }

    /** Partitions are contiguous from 0, so the count is the next free index. */
    int partitionCount() {
        int count = base.partitionCount();
        while (changedPartitions.containsKey(count)) {
            count++;
        }
        return count;
    }

    void put(int partition, PartitionRegistration registration) {
        changedPartitions.put(partition, registration);
    }

    TopicChange change() {
        return new TopicChange(base.topicId(), base.name(), created, changedPartitions.keySet());
    }

    TopicImage apply() {
        if (changedPartitions.isEmpty()) {
            return base;
        }
        Map<Integer, PartitionRegistration> partitions = new HashMap<>(base.partitions());
        partitions.putAll(changedPartitions);
        return new TopicImage(base.name(), base.topicId(), partitions);
    }
}

package io.weir.metadata.image;

import java.util.Objects;
import java.util.Set;
import io.weir.metadata.Uuid;

/**
 * How one topic that exists after a delta changed in it.
 *
 * @param topicId the topic's id
 * @param name the topic's name
 * @param created whether the delta created the topic
 * @param changedPartitions the partitions created or changed by the delta
 */
public record TopicChange(Uuid topicId, String name, boolean created, Set<Integer> changedPartitions) {

    /** Checks and copies. */
    public TopicChange {
        Objects.requireNonNull(topicId, "topicId");
        Objects.requireNonNull(name, "name");
        changedPartitions = Set.copyOf(changedPartitions);
    }
}

package io.weir.broker.topic;

import io.weir.metadata.Uuid;
import java.util.List;
import java.util.Objects;

/**
 * A topic that was created (or, with validate-only, would be). Immutable.
 *
 * @param name the topic name
 * @param topicId its id; {@link Uuid#ZERO} after validate-only, since nothing was created
 * @param numPartitions its partition count
 * @param replicationFactor its replicas per partition
 * @param configs its full configuration, as the {@link TopicConfigDescriber} reports it
 */
public record CreatedTopic(
        String name, Uuid topicId, int numPartitions, int replicationFactor, List<TopicConfigEntry> configs) {

    /** Checks and copies. */
    public CreatedTopic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topicId, "topicId");
        configs = List.copyOf(configs);
    }
}

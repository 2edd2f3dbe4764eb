package io.weir.broker.fetch;

import io.weir.metadata.Uuid;
import java.util.Objects;

/**
 * How a Fetch request names a partition: by topic name up to v12 ({@code topicId} is
 * {@link Uuid#ZERO}), by topic id from v13 ({@code topic} is empty). Sessions key partitions by
 * it, so a session never mixes the two. Immutable.
 */
public record PartitionId(Uuid topicId, String topic, int partition) {
    public PartitionId {
        Objects.requireNonNull(topicId, "topicId");
        Objects.requireNonNull(topic, "topic");
    }

    public static PartitionId byName(String topic, int partition) {
        return new PartitionId(Uuid.ZERO, topic, partition);
    }

    public static PartitionId byId(Uuid topicId, int partition) {
        return new PartitionId(topicId, "", partition);
    }

    public boolean usesTopicId() {
        return !topicId.equals(Uuid.ZERO);
    }

    @Override
    public String toString() {
        return (usesTopicId() ? topicId.toString() : topic) + "-" + partition;
    }
}

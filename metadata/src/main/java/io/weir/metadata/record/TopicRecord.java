package io.weir.metadata.record;

import java.util.Objects;
import io.weir.metadata.Uuid;

/**
 * A topic is created. Its partitions follow as {@link PartitionRecord}s in the same batch, and its
 * configuration overrides as {@link ConfigRecord}s.
 *
 * @param name the topic name (Kafka's naming rules apply)
 * @param topicId the topic's id, never a reserved one
 */
public record TopicRecord(String name, Uuid topicId) implements MetadataRecord {

    /** Checks the fields. */
    public TopicRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topicId, "topicId");
    }

    @Override
    public MetadataRecordType type() {
        return MetadataRecordType.TOPIC;
    }
}

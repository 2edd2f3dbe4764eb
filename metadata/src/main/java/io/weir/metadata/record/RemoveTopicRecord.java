package io.weir.metadata.record;

import java.util.Objects;
import io.weir.metadata.Uuid;

/**
 * A topic is deleted, with all its partitions and its configuration overrides.
 *
 * @param topicId the id of the topic to delete
 */
public record RemoveTopicRecord(Uuid topicId) implements MetadataRecord {

    /** Checks the field. */
    public RemoveTopicRecord {
        Objects.requireNonNull(topicId, "topicId");
    }

    @Override
    public MetadataRecordType type() {
        return MetadataRecordType.REMOVE_TOPIC;
    }
}

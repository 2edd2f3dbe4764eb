package io.weir.broker.topic;

import io.weir.metadata.Uuid;
import java.util.Objects;

/**
 * A topic that was deleted. Immutable.
 *
 * @param name its name
 * @param topicId its id
 */
public record DeletedTopic(String name, Uuid topicId) {

    /** Checks the fields. */
    public DeletedTopic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topicId, "topicId");
    }
}

package io.weir.broker.topic;

import io.weir.metadata.Uuid;
import java.util.Objects;

/** How a request names a topic: by name, or (newer versions) by id. Immutable. */
public sealed interface TopicRef {

    /** The topic of this name. */
    record ByName(String name) implements TopicRef {
        public ByName {
            Objects.requireNonNull(name, "name");
        }
    }

    /** The topic of this id. */
    record ById(Uuid topicId) implements TopicRef {
        public ById {
            Objects.requireNonNull(topicId, "topicId");
        }
    }

    static TopicRef name(String name) {
        return new ByName(name);
    }

    static TopicRef id(Uuid topicId) {
        return new ById(topicId);
    }
}

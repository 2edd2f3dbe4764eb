package io.weir.broker.topic;

import java.util.Objects;

/** What a Metadata request's auto-creation of one missing topic did. Immutable. */
public sealed interface AutoCreation {

    /**
     * The topic is being created (now or by an earlier request); the client should ask again.
     * Kafka 4.4 answers UNKNOWN_TOPIC_OR_PARTITION in this case.
     */
    record InProgress() implements AutoCreation {}

    /** The topic is not created; the client sees {@code error}. */
    record Refused(TopicError error, String message) implements AutoCreation {
        public Refused {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(message, "message");
        }
    }
}

package io.weir.broker.topic;

import java.util.Objects;

/**
 * The result for one topic of an admin request: a value, or an error with a message. Immutable.
 *
 * @param <T> the value on success
 */
public sealed interface TopicOutcome<T> {

    /** The operation succeeded (or, with validate-only, would succeed). */
    record Success<T>(T value) implements TopicOutcome<T> {
        public Success {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The operation failed for this topic only. */
    record Failure<T>(TopicError error, String message) implements TopicOutcome<T> {
        public Failure {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(message, "message");
        }
    }

    static <T> TopicOutcome<T> success(T value) {
        return new Success<>(value);
    }

    static <T> TopicOutcome<T> failure(TopicError error, String message) {
        return new Failure<>(error, message);
    }

    static <T> TopicOutcome<T> failure(TopicOperationException e) {
        return new Failure<>(e.error(), e.getMessage());
    }
}

package io.weir.broker.topic;

import java.util.Objects;

/**
 * One topic of a request cannot be handled; carries the {@link TopicError} the client sees and a
 * one-line message for it. Thrown inside {@link TopicManager} and by a
 * {@link TopicConfigValidator}, and turned into a per-topic {@link TopicOutcome.Failure}.
 */
public final class TopicOperationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final TopicError error;

    /**
     * @param error what the client sees
     * @param message a one-line description for the client
     */
    public TopicOperationException(TopicError error, String message) {
        super(message);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** The error the client sees. */
    public TopicError error() {
        return error;
    }
}

package io.weir.metadata;

/**
 * A change could not reach the active controller: there is none (an election is running, or too
 * few voters are up), or it did not answer in time. Nothing, or the whole change, may have been
 * committed. Retriable: maps to Kafka's {@code NOT_CONTROLLER} (41), which clients retry.
 */
public final class ControllerUnavailableException extends MetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message a one-line description
     */
    public ControllerUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message a one-line description
     * @param cause the underlying failure
     */
    public ControllerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

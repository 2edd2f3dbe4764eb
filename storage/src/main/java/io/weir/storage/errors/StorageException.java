package io.weir.storage.errors;

/**
 * Base of the storage engine's domain exceptions: each subclass maps to exactly one Kafka error
 * code. Thread-safety: immutable.
 */
public abstract class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StorageException(String message) {
        super(message);
    }

    StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The Kafka protocol error code this failure is reported as. */
    public abstract short errorCode();
}

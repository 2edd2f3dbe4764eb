package io.weir.storage.errors;

/**
 * An I/O failure on the log directory holding the partition.
 *
 * <p>Maps to Kafka error {@code KAFKA_STORAGE_ERROR} (code 56).
 */
public final class KafkaStorageException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** Kafka error code {@code KAFKA_STORAGE_ERROR}. */
    public static final short ERROR_CODE = 56;

    public KafkaStorageException(String message) {
        super(message);
    }

    public KafkaStorageException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public short errorCode() {
        return ERROR_CODE;
    }
}

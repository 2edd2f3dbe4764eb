package io.weir.storage.errors;

/**
 * A record batch is larger than the topic's {@code max.message.bytes} ({@link io.weir.storage.LogConfig#maxMessageBytes()}).
 *
 * <p>Maps to Kafka error {@code MESSAGE_TOO_LARGE} (code 10).
 */
public final class RecordTooLargeException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** Kafka error code {@code MESSAGE_TOO_LARGE}. */
    public static final short ERROR_CODE = 10;

    public RecordTooLargeException(String message) {
        super(message);
    }

    public RecordTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public short errorCode() {
        return ERROR_CODE;
    }
}

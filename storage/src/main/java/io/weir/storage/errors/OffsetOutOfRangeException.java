package io.weir.storage.errors;

/**
 * A requested offset lies below the log start offset or above the log end offset, or a log start offset move goes beyond the high watermark.
 *
 * <p>Maps to Kafka error {@code OFFSET_OUT_OF_RANGE} (code 1).
 */
public final class OffsetOutOfRangeException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** Kafka error code {@code OFFSET_OUT_OF_RANGE}. */
    public static final short ERROR_CODE = 1;

    public OffsetOutOfRangeException(String message) {
        super(message);
    }

    public OffsetOutOfRangeException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public short errorCode() {
        return ERROR_CODE;
    }
}

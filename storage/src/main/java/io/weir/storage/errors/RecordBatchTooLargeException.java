package io.weir.storage.errors;

/**
 * The batches of one append together exceed the segment size ({@code segment.bytes}), so they can never fit in one segment.
 *
 * <p>Maps to Kafka error {@code RECORD_LIST_TOO_LARGE} (code 18).
 */
public final class RecordBatchTooLargeException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** Kafka error code {@code RECORD_LIST_TOO_LARGE}. */
    public static final short ERROR_CODE = 18;

    public RecordBatchTooLargeException(String message) {
        super(message);
    }

    public RecordBatchTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public short errorCode() {
        return ERROR_CODE;
    }
}

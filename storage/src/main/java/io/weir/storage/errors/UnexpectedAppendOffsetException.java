package io.weir.storage.errors;

/**
 * A follower append whose offsets are below the log end offset or not increasing: the replication layer fed the log batches it must not have. Internal: reported as UNKNOWN_SERVER_ERROR, the replica fetcher should truncate and refetch.
 *
 * <p>Maps to Kafka error {@code UNKNOWN_SERVER_ERROR} (code -1).
 */
public final class UnexpectedAppendOffsetException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** Kafka error code {@code UNKNOWN_SERVER_ERROR}. */
    public static final short ERROR_CODE = -1;

    public UnexpectedAppendOffsetException(String message) {
        super(message);
    }

    public UnexpectedAppendOffsetException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public short errorCode() {
        return ERROR_CODE;
    }
}

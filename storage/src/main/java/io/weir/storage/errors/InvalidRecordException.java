package io.weir.storage.errors;

/**
 * A structurally sound batch that Kafka refuses from a producer: a magic other than 2 (Kafka answers INVALID_RECORD for magic 0/1 in produce v3+), a record count that is not positive or disagrees with lastOffsetDelta, a control batch, or a producer id without a base sequence.
 *
 * <p>Maps to Kafka error {@code INVALID_RECORD} (code 87).
 */
public final class InvalidRecordException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** Kafka error code {@code INVALID_RECORD}. */
    public static final short ERROR_CODE = 87;

    public InvalidRecordException(String message) {
        super(message);
    }

    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public short errorCode() {
        return ERROR_CODE;
    }
}

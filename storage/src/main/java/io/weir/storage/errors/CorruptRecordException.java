package io.weir.storage.errors;

/**
 * A record batch failed a structural check: bad CRC-32C, a size field smaller than the v2 header or larger than the bytes present, or an unknown magic byte (not 0, 1 or 2).
 *
 * <p>Maps to Kafka error {@code CORRUPT_MESSAGE} (code 2).
 */
public final class CorruptRecordException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** Kafka error code {@code CORRUPT_MESSAGE}. */
    public static final short ERROR_CODE = 2;

    public CorruptRecordException(String message) {
        super(message);
    }

    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public short errorCode() {
        return ERROR_CODE;
    }
}

package io.weir.metadata;

/**
 * Bytes that should hold metadata records cannot be decoded (unknown record type or version,
 * truncated field, bad checksum where no truncation is allowed). Never caused by a client; if it
 * reaches a request edge it maps to Kafka's {@code UNKNOWN_SERVER_ERROR} (-1).
 */
public final class CorruptMetadataException extends MetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message a one-line description
     */
    public CorruptMetadataException(String message) {
        super(message);
    }

    /**
     * @param message a one-line description
     * @param cause the underlying failure
     */
    public CorruptMetadataException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.weir.metadata;

/**
 * Base of the exceptions this module throws for bad metadata: illegal names, records that
 * contradict the image, undecodable bytes. Each subclass maps to one Kafka error code at the
 * request edge (stated on the subclass).
 */
public abstract class MetadataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message a one-line description
     */
    protected MetadataException(String message) {
        super(message);
    }

    /**
     * @param message a one-line description
     * @param cause the underlying failure
     */
    protected MetadataException(String message, Throwable cause) {
        super(message, cause);
    }
}

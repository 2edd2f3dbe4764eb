package io.weir.metadata;

/**
 * A metadata record contradicts the image it is applied to (a partition of an unknown topic, a
 * leader outside the ISR, ...). When a request handler sees it, the handler's own checks missed a
 * case, so it maps to Kafka's {@code INVALID_REQUEST} (42) unless a subclass says otherwise.
 */
public class MetadataValidationException extends MetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message a one-line description naming the record and what it contradicts
     */
    public MetadataValidationException(String message) {
        super(message);
    }
}

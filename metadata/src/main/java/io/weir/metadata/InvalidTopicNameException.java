package io.weir.metadata;

/** A topic name breaks Kafka's naming rules. Maps to Kafka's {@code INVALID_TOPIC_EXCEPTION} (17). */
public final class InvalidTopicNameException extends MetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message a one-line description naming the topic and the rule it breaks
     */
    public InvalidTopicNameException(String message) {
        super(message);
    }
}

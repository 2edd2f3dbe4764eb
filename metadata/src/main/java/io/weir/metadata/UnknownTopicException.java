package io.weir.metadata;

/**
 * A record refers to a topic id or name that the image does not hold. Maps to Kafka's
 * {@code UNKNOWN_TOPIC_ID} (100) when the request named the topic by id, else
 * {@code UNKNOWN_TOPIC_OR_PARTITION} (3); two concurrent DeleteTopics for one topic end here.
 */
public final class UnknownTopicException extends MetadataValidationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message a one-line description naming the topic
     */
    public UnknownTopicException(String message) {
        super(message);
    }
}

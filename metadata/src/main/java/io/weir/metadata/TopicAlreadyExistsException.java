package io.weir.metadata;

/**
 * A topic record names a topic (or uses a topic id) that already exists. Maps to Kafka's
 * {@code TOPIC_ALREADY_EXISTS} (36): two concurrent CreateTopics for one name end here.
 */
public final class TopicAlreadyExistsException extends MetadataValidationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message a one-line description naming the topic
     */
    public TopicAlreadyExistsException(String message) {
        super(message);
    }
}

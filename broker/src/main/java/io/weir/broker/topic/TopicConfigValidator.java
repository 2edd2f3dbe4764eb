package io.weir.broker.topic;

import java.util.Map;

/**
 * Checks the configuration overrides given to a new topic (CreateTopics' configs). The
 * configuration registry implements it; Weir's topic management only calls it.
 *
 * <p>Implementations must be thread-safe and quick (they run on the topic manager's thread).
 */
@FunctionalInterface
public interface TopicConfigValidator {

    /**
     * Checks one topic's overrides.
     *
     * @param topicName the topic being created
     * @param configs the overrides by key, values non-null
     * @throws TopicOperationException with {@link TopicError#INVALID_CONFIG} for an unknown key or
     *     an illegal value, naming it
     */
    void validate(String topicName, Map<String, String> configs);
}

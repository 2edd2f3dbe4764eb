package io.weir.broker.topic;

import java.util.List;
import java.util.Map;

/**
 * Describes the full configuration of a topic (overrides and the values it inherits), as
 * CreateTopics v5+ returns it. The configuration registry implements it.
 *
 * <p>Implementations must be thread-safe and must not block.
 */
@FunctionalInterface
public interface TopicConfigDescriber {

    /**
     * The topic's configuration entries.
     *
     * @param topicName the topic
     * @param overrides the topic's overrides by key
     * @return every entry the topic has, overrides marked {@code DYNAMIC_TOPIC_CONFIG}
     */
    List<TopicConfigEntry> describe(String topicName, Map<String, String> overrides);

    /** A describer that lists only the overrides, each as a topic config. */
    static TopicConfigDescriber overridesOnly() {
        return (topicName, overrides) -> overrides.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> TopicConfigEntry.override(e.getKey(), e.getValue()))
                .toList();
    }
}

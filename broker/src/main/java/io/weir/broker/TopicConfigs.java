package io.weir.broker;

import io.weir.broker.topic.TopicConfigDescriber;
import io.weir.broker.topic.TopicConfigEntry;
import io.weir.broker.topic.TopicError;
import io.weir.broker.topic.TopicOperationException;
import io.weir.metadata.config.BrokerConfig;
import io.weir.metadata.config.ConfigEntry;
import io.weir.metadata.config.ConfigException;
import io.weir.metadata.config.TopicConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Topic configuration as the topic handlers need it, from the configuration registry: validation of
 * overrides (CreateTopics) and the effective values with their sources (CreateTopics v5+).
 */
final class TopicConfigs implements TopicConfigDescriber {
    private final BrokerConfig config;

    TopicConfigs(BrokerConfig config) {
        this.config = config;
    }

    /** Checks every override against the registry; the first bad one fails with INVALID_CONFIG. */
    static void validate(String topic, Map<String, String> overrides) {
        try {
            TopicConfig.validateOverrides(overrides);
        } catch (ConfigException e) {
            throw new TopicOperationException(TopicError.INVALID_CONFIG, e.getMessage());
        }
    }

    @Override
    public List<TopicConfigEntry> describe(String topic, Map<String, String> overrides) {
        return config.topicConfig(overrides).entries().stream().map(TopicConfigs::entry).toList();
    }

    private static TopicConfigEntry entry(ConfigEntry entry) {
        return new TopicConfigEntry(entry.name(), Optional.ofNullable(entry.value()), false, entry.source(),
                entry.sensitive());
    }
}

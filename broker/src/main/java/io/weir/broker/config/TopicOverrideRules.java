package io.weir.broker.config;

import io.weir.metadata.config.BrokerConfig;
import io.weir.metadata.config.ConfigEntry;
import io.weir.metadata.config.ConfigException;
import io.weir.metadata.config.ConfigRegistry;
import io.weir.metadata.config.TopicConfig;
import io.weir.metadata.config.TopicConfigs;
import io.weir.metadata.image.ConfigResource;
import io.weir.metadata.image.MetadataImage;
import java.util.List;
import java.util.Map;

/**
 * Topic overrides: the topic registry's keys, on a topic that exists, valid for the registry and
 * for the partition logs ({@link TopicLogConfigs}); an unset key takes the node's synonym.
 */
final class TopicOverrideRules implements OverrideRules {
    private final BrokerConfig node;

    TopicOverrideRules(BrokerConfig node) {
        this.node = node;
    }

    @Override
    public String kind() {
        return "topic";
    }

    @Override
    public ConfigRegistry registry() {
        return TopicConfigs.REGISTRY;
    }

    @Override
    public ConfigException unknownKey(String key) {
        return TopicConfigs.REGISTRY.unknownKey(key);
    }

    @Override
    public void checkResource(ConfigResource resource, MetadataImage image) {
        if (resource.name().isEmpty()) {
            throw new ConfigFailure(ConfigError.INVALID_REQUEST, "Default topic resources are not allowed");
        }
        if (image.topics().getTopic(resource.name()).isEmpty()) {
            throw new ConfigFailure(ConfigError.UNKNOWN_TOPIC_OR_PARTITION, "Topic " + resource.name() + " does not exist");
        }
    }

    @Override
    public List<ConfigEntry> entries(Map<String, String> overrides) {
        return node.topicConfig(overrides).entries();
    }

    @Override
    public void validate(ConfigResource resource, Map<String, String> next) {
        try {
            TopicConfig.validateOverrides(next);
            TopicLogConfigs.logConfigFor(node, next);
        } catch (ConfigException e) {
            throw new ConfigFailure(ConfigError.INVALID_CONFIG, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigFailure(ConfigError.INVALID_CONFIG,
                    "Topic " + resource.name() + " cannot use these settings: " + e.getMessage());
        }
    }
}

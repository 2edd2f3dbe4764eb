package io.weir.broker.config;

import io.weir.metadata.config.BrokerConfig;
import io.weir.metadata.config.ConfigEntry;
import io.weir.metadata.config.ConfigException;
import io.weir.metadata.config.ConfigRegistry;
import io.weir.metadata.config.GroupConfigs;
import io.weir.metadata.image.ConfigResource;
import io.weir.metadata.image.MetadataImage;
import java.util.List;
import java.util.Map;

/**
 * Group overrides (Kafka's group configs, KIP-848): the keys of {@link GroupConfigs}, within this
 * node's {@code group.consumer.*} bounds. The group need not exist, as in Kafka: an operator may
 * configure a group before its first member joins, and the overrides outlive the group.
 */
final class GroupOverrideRules implements OverrideRules {
    private final BrokerConfig node;

    GroupOverrideRules(BrokerConfig node) {
        this.node = node;
    }

    @Override
    public String kind() {
        return "group";
    }

    @Override
    public ConfigRegistry registry() {
        return GroupConfigs.REGISTRY;
    }

    @Override
    public ConfigException unknownKey(String key) {
        return GroupConfigs.unknownKey(key);
    }

    @Override
    public void checkResource(ConfigResource resource, MetadataImage image) {
        if (resource.name().isEmpty()) {
            throw new ConfigFailure(ConfigError.INVALID_REQUEST, "Group name must not be empty");
        }
    }

    @Override
    public List<ConfigEntry> entries(Map<String, String> overrides) {
        return GroupConfigs.entries(node.values(), overrides);
    }

    @Override
    public void validate(ConfigResource resource, Map<String, String> next) {
        try {
            GroupConfigs.validate(node.values(), next);
        } catch (ConfigException e) {
            throw new ConfigFailure(ConfigError.INVALID_CONFIG, e.getMessage());
        }
    }
}

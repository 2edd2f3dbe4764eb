package io.weir.broker.config;

import io.weir.metadata.config.ConfigEntry;
import io.weir.metadata.config.ConfigException;
import io.weir.metadata.config.ConfigRegistry;
import io.weir.metadata.image.ConfigResource;
import io.weir.metadata.image.MetadataImage;
import java.util.List;
import java.util.Map;

/**
 * What differs between the resource types whose overrides live in the metadata image: the keys
 * they take, whether the resource must exist, how a new override set is checked, and how stored
 * overrides resolve into effective values. Implementations are stateless and thread-safe.
 */
sealed interface OverrideRules permits TopicOverrideRules, GroupOverrideRules {

    /** "topic" or "group", for messages and log lines. */
    String kind();

    /** The keys this resource type takes. */
    ConfigRegistry registry();

    /** The exception for a key this resource type does not take, saying why where it can. */
    ConfigException unknownKey(String key);

    /**
     * Fails unless the resource may hold overrides now.
     *
     * @throws ConfigFailure UNKNOWN_TOPIC_OR_PARTITION for a topic that does not exist, or
     *     INVALID_REQUEST for a name the resource type cannot have
     */
    void checkResource(ConfigResource resource, MetadataImage image);

    /**
     * Every key's effective entry, in registry order, for these stored overrides.
     *
     * @throws ConfigException if a stored override is not a valid key or value
     */
    List<ConfigEntry> entries(Map<String, String> overrides);

    /**
     * Checks a resource's whole new override set.
     *
     * @throws ConfigFailure INVALID_CONFIG naming the key and the problem
     */
    void validate(ConfigResource resource, Map<String, String> next);
}

package io.weir.metadata.image;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration overrides per resource (only values set explicitly; defaults and broker-level
 * values come from the configuration registry). A resource without overrides is absent. Immutable.
 *
 * @param resources overrides by resource; every inner map is non-empty
 */
public record ConfigurationsImage(Map<ConfigResource, Map<String, String>> resources) {

    /** No overrides. */
    public static final ConfigurationsImage EMPTY = new ConfigurationsImage(Map.of());

    /** Copies the maps, dropping resources without overrides. */
    public ConfigurationsImage {
        Map<ConfigResource, Map<String, String>> copy = new HashMap<>();
        resources.forEach((resource, configs) -> {
            if (!configs.isEmpty()) {
                copy.put(resource, Map.copyOf(configs));
            }
        });
        resources = Map.copyOf(copy);
    }

    /**
     * The overrides of one resource.
     *
     * @param resource the resource
     * @return its overrides by key; empty if it has none
     */
    public Map<String, String> configs(ConfigResource resource) {
        return resources.getOrDefault(resource, Map.of());
    }

    /**
     * One override.
     *
     * @param resource the resource
     * @param name the key
     * @return the overriding value, or empty if the key is not overridden
     */
    public Optional<String> config(ConfigResource resource, String name) {
        return Optional.ofNullable(configs(resource).get(name));
    }
}

package io.weir.metadata.image;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Configuration override changes accumulated by a {@link MetadataDelta}: per resource, whether
 * its overrides were all removed first (topic deletion), then the keys set or deleted after.
 * Not thread-safe.
 */
final class ConfigurationsDelta {
    private final ConfigurationsImage base;
    private final Map<ConfigResource, ResourceChange> changes = new LinkedHashMap<>();

    ConfigurationsDelta(ConfigurationsImage base) {
        this.base = base;
    }

    void set(ConfigResource resource, String name, Optional<String> value) {
        changes.computeIfAbsent(resource, r -> new ResourceChange(false)).values.put(name, value);
    }

    /** Removes every override of a resource (its topic was deleted). */
    void clear(ConfigResource resource) {
        if (!base.configs(resource).isEmpty() || changes.containsKey(resource)) {
            changes.put(resource, new ResourceChange(true));
        }
    }

    Set<ConfigResource> changedResources() {
        return Set.copyOf(changes.keySet());
    }

    ConfigurationsImage apply() {
        if (changes.isEmpty()) {
            return base;
        }
        Map<ConfigResource, Map<String, String>> resources = new HashMap<>(base.resources());
        changes.forEach((resource, change) -> {
            Map<String, String> configs = change.cleared ? new HashMap<>() : new HashMap<>(base.configs(resource));
            change.values.forEach((name, value) -> {
                if (value.isPresent()) {
                    configs.put(name, value.get());
                } else {
                    configs.remove(name);
                }
            });
            resources.put(resource, configs);
        });
        return new ConfigurationsImage(resources);
    }

    private static final class ResourceChange {
        private final boolean cleared;
        private final Map<String, Optional<String>> values = new LinkedHashMap<>();

        ResourceChange(boolean cleared) {
            this.cleared = cleared;
        }
    }
}

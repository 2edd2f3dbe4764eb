package io.weir.metadata.record;

import java.util.Objects;
import java.util.Optional;

/**
 * A configuration override is set or deleted on a topic, a broker or a group. The image keeps overrides
 * only; defaults come from the configuration registry.
 *
 * @param resourceType what is configured
 * @param resourceName the topic name; for a broker its node id in decimal, or the empty string
 *     for the cluster-wide broker default; for a group its id
 * @param name the configuration key, e.g. {@code retention.ms}
 * @param value the new value, or empty to delete the override
 */
public record ConfigRecord(ResourceType resourceType, String resourceName, String name, Optional<String> value)
        implements MetadataRecord {

    /** Checks the fields. */
    public ConfigRecord {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(resourceName, "resourceName");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("config name must not be empty");
        }
    }

    @Override
    public MetadataRecordType type() {
        return MetadataRecordType.CONFIG;
    }
}

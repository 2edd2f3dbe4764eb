package io.weir.broker.config;

import io.weir.metadata.image.ConfigResource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The configuration of one resource, or why it could not be described.
 *
 * @param resource the resource asked about
 * @param error empty on success
 * @param configs the described keys in registry order; empty on failure
 */
public record ResourceDescription(ConfigResource resource, Optional<ResourceError> error, List<DescribedConfig> configs) {
    /** Checks the fields and copies the list. */
    public ResourceDescription {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(error, "error");
        configs = List.copyOf(configs);
    }

    static ResourceDescription failed(ConfigResource resource, ResourceError error) {
        return new ResourceDescription(resource, Optional.of(error), List.of());
    }
}

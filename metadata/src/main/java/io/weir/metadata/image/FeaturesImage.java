package io.weir.metadata.image;

import java.util.Map;
import java.util.Optional;

/**
 * Finalized feature levels (e.g. {@code metadata.version}); a feature at level 0 is absent.
 * Immutable.
 *
 * @param levels finalized levels by feature name
 */
public record FeaturesImage(Map<String, Short> levels) {

    /** No finalized features. */
    public static final FeaturesImage EMPTY = new FeaturesImage(Map.of());

    /** Copies the map. */
    public FeaturesImage {
        levels = Map.copyOf(levels);
    }

    /**
     * The finalized level of one feature.
     *
     * @param name the feature name
     * @return its level, or empty if it is not finalized
     */
    public Optional<Short> level(String name) {
        return Optional.ofNullable(levels.get(name));
    }
}

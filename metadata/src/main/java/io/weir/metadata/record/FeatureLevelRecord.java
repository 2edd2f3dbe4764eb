package io.weir.metadata.record;

import java.util.Objects;

/**
 * A feature (e.g. {@code metadata.version}, {@code transaction.version}) is finalized at a level;
 * level 0 removes the feature, as in Kafka.
 *
 * @param name the feature name, non-empty
 * @param level the finalized level, non-negative
 */
public record FeatureLevelRecord(String name, short level) implements MetadataRecord {

    /** Checks the fields. */
    public FeatureLevelRecord {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("feature name must not be empty");
        }
        RecordChecks.nonNegative("level", level);
    }

    @Override
    public MetadataRecordType type() {
        return MetadataRecordType.FEATURE_LEVEL;
    }
}

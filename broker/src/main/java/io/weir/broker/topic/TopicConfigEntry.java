package io.weir.broker.topic;

import io.weir.metadata.config.ConfigSource;
import java.util.Objects;
import java.util.Optional;

/**
 * One configuration entry of a topic, as DescribeConfigs and CreateTopics v5+ report it. Immutable.
 *
 * @param name the key, e.g. {@code retention.ms}
 * @param value the value; empty when it is sensitive or has none
 * @param readOnly whether it cannot be changed
 * @param source where the value comes from
 * @param sensitive whether the value is hidden
 */
public record TopicConfigEntry(String name, Optional<String> value, boolean readOnly, ConfigSource source, boolean sensitive) {

    /** Checks the fields. */
    public TopicConfigEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
    }

    /** A plain override set on the topic. */
    public static TopicConfigEntry override(String name, String value) {
        return new TopicConfigEntry(name, Optional.of(value), false, ConfigSource.DYNAMIC_TOPIC_CONFIG, false);
    }
}

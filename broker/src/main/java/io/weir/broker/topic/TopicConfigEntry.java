package io.weir.broker.topic;

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
public record TopicConfigEntry(String name, Optional<String> value, boolean readOnly, Source source, boolean sensitive) {

    /** Checks the fields. */
    public TopicConfigEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
    }

    /** A plain override set on the topic. */
    public static TopicConfigEntry override(String name, String value) {
        return new TopicConfigEntry(name, Optional.of(value), false, Source.TOPIC_CONFIG, false);
    }

    /** Where a configuration value comes from, with Kafka's numeric ids ({@code ConfigSource}). */
    public enum Source {
        /** Unknown source. */
        UNKNOWN(0),
        /** An override set on the topic. */
        TOPIC_CONFIG(1),
        /** A dynamic override for this broker. */
        DYNAMIC_BROKER_CONFIG(2),
        /** A dynamic cluster-wide broker default. */
        DYNAMIC_DEFAULT_BROKER_CONFIG(3),
        /** The broker's configuration file. */
        STATIC_BROKER_CONFIG(4),
        /** The built-in default. */
        DEFAULT_CONFIG(5);

        private final byte id;

        Source(int id) {
            this.id = (byte) id;
        }

        /** Kafka's numeric id. */
        public byte id() {
            return id;
        }
    }
}

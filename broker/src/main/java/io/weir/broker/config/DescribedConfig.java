package io.weir.broker.config;

import io.weir.metadata.config.ConfigEntry;
import io.weir.metadata.config.ConfigSource;
import io.weir.metadata.config.ConfigType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One key of a described resource, shaped like a DescribeConfigs entry.
 *
 * @param name the key
 * @param value its effective value as text; empty for a secret (Kafka sends null for those)
 * @param readOnly whether AlterConfigs may change it (false for topic keys; true for every broker
 *     key, as Weir changes no broker key at run time)
 * @param source where the value came from
 * @param sensitive whether the value is a secret
 * @param synonyms every place holding a value for the key, highest precedence first; empty unless
 *     synonyms were asked for
 * @param type the key's type
 * @param documentation the key's doc; empty unless documentation was asked for
 */
public record DescribedConfig(
        String name,
        Optional<String> value,
        boolean readOnly,
        ConfigSource source,
        boolean sensitive,
        List<ConfigEntry.SynonymValue> synonyms,
        ConfigType type,
        Optional<String> documentation) {
    /** Checks the fields and copies the synonyms. */
    public DescribedConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(documentation, "documentation");
        synonyms = List.copyOf(synonyms);
    }
}

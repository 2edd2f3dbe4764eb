package io.weir.metadata.config;

import java.util.List;

/**
 * One key's effective value with its provenance, shaped for DescribeConfigs.
 *
 * @param name the key
 * @param value the value as text ({@link Password#HIDDEN} for secrets)
 * @param source where the value came from
 * @param sensitive whether the value is a secret
 * @param synonyms every place that holds a value for this key, highest precedence first: the
 *     topic override, each node-level synonym that was set, then the default
 */
public record ConfigEntry(
        String name, String value, ConfigSource source, boolean sensitive, List<SynonymValue> synonyms) {
    /** Copies the synonym list. */
    public ConfigEntry {
        synonyms = List.copyOf(synonyms);
    }

    /**
     * A value held under one name for an entry.
     *
     * @param name the key holding it (the entry's own name or a node-level synonym)
     * @param value the value as text, converted to the entry's unit
     * @param source where it came from
     */
    public record SynonymValue(String name, String value, ConfigSource source) {}
}

package io.weir.metadata.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An ordered set of {@link ConfigDefinition}s: the single source from which values are parsed and
 * the reference documentation is generated. Immutable and thread-safe.
 */
public final class ConfigRegistry {
    private final Map<String, ConfigDefinition> definitions;
    private final Map<String, String> hints;

    private ConfigRegistry(Map<String, ConfigDefinition> definitions, Map<String, String> hints) {
        this.definitions = definitions;
        this.hints = hints;
    }

    /**
     * A registry of the given definitions, in that order.
     *
     * @param hints for keys that are not in this registry but are often written by mistake (a
     *     topic key in a node's file), the key to suggest instead
     * @throws IllegalArgumentException if two definitions share a name
     */
    public static ConfigRegistry of(List<ConfigDefinition> definitions, Map<String, String> hints) {
        Map<String, ConfigDefinition> byName = new LinkedHashMap<>();
        for (ConfigDefinition definition : definitions) {
            if (byName.put(definition.name(), definition) != null) {
                throw new IllegalArgumentException("config key " + definition.name() + " is defined twice");
            }
        }
        return new ConfigRegistry(java.util.Collections.unmodifiableMap(byName), Map.copyOf(hints));
    }

    /** Every definition, in registry order. */
    public List<ConfigDefinition> definitions() {
        return List.copyOf(definitions.values());
    }

    /** The definition of a key, if it is known. */
    public Optional<ConfigDefinition> find(String name) {
        return Optional.ofNullable(definitions.get(name));
    }

    /**
     * The definition of a key that must be known.
     *
     * @throws ConfigException if the key is unknown (with a suggestion when one is close)
     */
    public ConfigDefinition definition(String name) {
        return find(name).orElseThrow(() -> unknownKey(name));
    }

    /**
     * Parses and validates raw values; keys not given keep their defaults.
     *
     * @throws ConfigException for the first unknown key or invalid value, in key order
     */
    public ConfigValues parse(Map<String, String> raw) {
        Map<String, Object> explicit = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(raw).entrySet()) {
            String name = entry.getKey().trim();
            explicit.put(name, definition(name).parse(entry.getValue()));
        }
        return new ConfigValues(this, explicit);
    }

    /** The exception for an unknown key, suggesting the closest known key if one is close. */
    public ConfigException unknownKey(String name) {
        Optional<String> suggestion = Optional.ofNullable(hints.get(name))
                .or(() -> Suggestions.closest(name, definitions.keySet()));
        return new ConfigException("Unknown configuration key '" + name + "'"
                + suggestion.map(s -> " (did you mean '" + s + "'?)").orElse(""));
    }
}

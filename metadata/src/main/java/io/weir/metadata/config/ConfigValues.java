package io.weir.metadata.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parsed, validated values for the keys of one {@link ConfigRegistry}, remembering which keys were
 * given explicitly. Immutable and thread-safe.
 *
 * <p>A key's value is, in order: its explicit value; the explicit value of its first synonym that
 * was given (converted to the key's unit); its default; the default of its first synonym that has
 * one. So {@code log.retention.ms} wins over {@code log.retention.minutes}, which wins over {@code
 * log.retention.hours}, and with none given the hours default (168) applies.
 */
public final class ConfigValues {
    private final ConfigRegistry registry;
    private final Map<String, Object> explicit;

    ConfigValues(ConfigRegistry registry, Map<String, Object> explicit) {
        this.registry = registry;
        this.explicit = Map.copyOf(explicit);
    }

    /** The registry these values belong to. */
    public ConfigRegistry registry() {
        return registry;
    }

    /** The keys given explicitly, with their parsed values. */
    public Map<String, Object> explicitValues() {
        return explicit;
    }

    /** Whether the key itself was given. */
    public boolean isExplicit(String name) {
        return explicit.containsKey(name);
    }

    /** Whether the key or one of its synonyms was given. */
    public boolean isSet(String name) {
        ConfigDefinition definition = registry.definition(name);
        return isExplicit(name) || definition.synonyms().stream().anyMatch(s -> isExplicit(s.name()));
    }

    /** The value of a key, following synonyms and defaults; empty if it has none. */
    public Optional<Object> value(String name) {
        ConfigDefinition definition = registry.definition(name);
        if (isExplicit(name)) {
            return Optional.of(explicit.get(name));
        }
        for (Synonym synonym : definition.synonyms()) {
            if (isExplicit(synonym.name())) {
                return Optional.of(synonym.convert(explicit.get(synonym.name())));
            }
        }
        if (definition.defaultValue().isPresent()) {
            return definition.defaultValue();
        }
        return definition.synonyms().stream()
                .flatMap(s -> registry.definition(s.name()).defaultValue().map(s::convert).stream())
                .findFirst();
    }

    /** The value of a key that always has one (a default or a synonym with a default). */
    public Object require(String name) {
        return value(name).orElseThrow(() -> new IllegalStateException("config key " + name + " has no value"));
    }

    public boolean getBoolean(String name) {
        return (Boolean) require(name);
    }

    public short getShort(String name) {
        return ((Number) require(name)).shortValue();
    }

    public int getInt(String name) {
        return ((Number) require(name)).intValue();
    }

    public long getLong(String name) {
        return ((Number) require(name)).longValue();
    }

    public double getDouble(String name) {
        return ((Number) require(name)).doubleValue();
    }

    public String getString(String name) {
        return (String) require(name);
    }

    /** A string key with no default: empty if it was not given. */
    public Optional<String> getOptionalString(String name) {
        return value(name).map(String.class::cast);
    }

    /** A list key; an unset list key without default is an empty list. */
    public List<String> getList(String name) {
        return value(name).map(ConfigValues::toStringList).orElse(List.of());
    }

    private static List<String> toStringList(Object value) {
        return ((List<?>) value).stream().map(String.class::cast).toList();
    }
}

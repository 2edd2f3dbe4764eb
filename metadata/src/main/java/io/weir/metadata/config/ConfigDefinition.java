package io.weir.metadata.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The definition of one configuration key: everything the parser, the typed configuration and the
 * reference documentation need to know about it.
 *
 * @param name the key, Kafka's name wherever the meaning is the same
 * @param type how its text is parsed
 * @param defaultValue the parsed default; empty means the key is unset unless given
 * @param validator what values are acceptable
 * @param importance how likely a user is to need it
 * @param doc one or more sentences; the first is used in short listings
 * @param synonyms node-level keys that supply the value when this key is not set, first set wins
 */
public record ConfigDefinition(
        String name,
        ConfigType type,
        Optional<Object> defaultValue,
        Validator validator,
        Importance importance,
        String doc,
        List<Synonym> synonyms) {

    /** Copies the synonym list. */
    public ConfigDefinition {
        synonyms = List.copyOf(synonyms);
    }

    /** Starts a definition; {@code doc} must be set before {@link Builder#build()}. */
    public static Builder define(String name, ConfigType type) {
        return new Builder(name, type);
    }

    /** The first sentence of the doc, for one-line listings. */
    public String summary() {
        int end = doc.indexOf(". ");
        return end < 0 ? doc : doc.substring(0, end + 1);
    }

    /** The default as text ("" for an empty list or string); "(none)" if the key has no default. */
    public String defaultText() {
        return defaultValue.map(type::format).orElse("(none)");
    }

    /**
     * Parses and validates a text value for this key.
     *
     * @throws ConfigException naming the key, the value and the problem
     */
    public Object parse(String text) {
        String trimmed = text.trim();
        String shown = type == ConfigType.PASSWORD ? Password.HIDDEN : trimmed;
        Object value;
        try {
            value = type.parse(trimmed);
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid(name, shown, e.getMessage());
        }
        validator.problem(value).ifPresent(problem -> {
            throw ConfigException.invalid(name, shown, problem);
        });
        return value;
    }

    /** Builds a {@link ConfigDefinition} step by step. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final ConfigType type;
        private Optional<Object> defaultValue = Optional.empty();
        private Validator validator = Validators.any();
        private Importance importance = Importance.MEDIUM;
        private String doc = "";
        private List<Synonym> synonyms = List.of();
        private boolean notYetUsed;

        private Builder(String name, ConfigType type) {
            this.name = Objects.requireNonNull(name);
            this.type = Objects.requireNonNull(type);
        }

        /** The default, given as the text a properties file would hold. */
        public Builder defaultValue(String text) {
            this.defaultValue = Optional.of(type.parse(text));
            return this;
        }

        public Builder validator(Validator validator) {
            this.validator = validator;
            return this;
        }

        public Builder importance(Importance importance) {
            this.importance = importance;
            return this;
        }

        public Builder doc(String doc) {
            this.doc = doc;
            return this;
        }

        public Builder synonyms(Synonym... synonyms) {
            this.synonyms = List.of(synonyms);
            return this;
        }

        /** Marks a key Weir accepts so that Kafka configurations start, but does not act on yet. */
        public Builder notYetUsed() {
            this.notYetUsed = true;
            return this;
        }

        /**
         * Builds the definition, checking that the default passes the validator.
         *
         * @throws IllegalStateException if the doc is missing or the default is invalid
         */
        public ConfigDefinition build() {
            if (doc.isBlank()) {
                throw new IllegalStateException("config key " + name + " has no doc");
            }
            defaultValue.flatMap(validator::problem).ifPresent(problem -> {
                throw new IllegalStateException("default of " + name + " is invalid: " + problem);
            });
            String fullDoc = notYetUsed ? doc + " Accepted for compatibility; not yet used." : doc;
            return new ConfigDefinition(name, type, defaultValue, validator, importance, fullDoc, synonyms);
        }
    }
}

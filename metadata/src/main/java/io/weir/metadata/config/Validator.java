package io.weir.metadata.config;

import java.util.Optional;
import java.util.function.Function;

/**
 * Checks a parsed configuration value. Instances come from {@link Validators}; they are immutable
 * and thread-safe.
 */
public interface Validator {
    /** What is wrong with the value ("must be at least 14"), or empty if it is valid. */
    Optional<String> problem(Object value);

    /** The valid values in a few words for the reference docs ("[14,...]"), or "" for any. */
    String describe();

    /** A validator from a description and a check. */
    static Validator of(String description, Function<Object, Optional<String>> check) {
        return new Validator() {
            @Override
            public Optional<String> problem(Object value) {
                return check.apply(value);
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }
}

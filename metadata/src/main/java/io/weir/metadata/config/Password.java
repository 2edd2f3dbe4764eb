package io.weir.metadata.config;

/**
 * A secret configuration value. Its {@link #toString()} never reveals the value, so it can not leak
 * into logs, listings or error messages by accident.
 *
 * @param value the secret itself
 */
public record Password(String value) {
    /** What is shown wherever the value would otherwise appear. */
    public static final String HIDDEN = "[hidden]";

    @Override
    public String toString() {
        return HIDDEN;
    }
}

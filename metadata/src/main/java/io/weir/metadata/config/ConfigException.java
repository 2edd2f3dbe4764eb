package io.weir.metadata.config;

/**
 * A configuration value or key was rejected. The message is always one line naming the key, the
 * value and what is wrong, fit to show a user as is, for example {@code Invalid value -5 for
 * log.segment.bytes: must be at least 14}.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a one-line, user-facing message. */
    public ConfigException(String message) {
        super(message);
    }

    static ConfigException invalid(String name, String shownValue, String problem) {
        String shown = shownValue.isEmpty() ? "''" : shownValue;
        return new ConfigException("Invalid value " + shown + " for " + name + ": " + problem);
    }
}

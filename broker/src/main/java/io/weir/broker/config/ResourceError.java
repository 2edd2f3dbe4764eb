package io.weir.broker.config;

import java.util.Objects;

/**
 * Why a configuration request failed for one resource.
 *
 * @param error the error the client sees
 * @param message one line naming the key and the problem, fit to show a user
 */
public record ResourceError(ConfigError error, String message) {
    /** Checks the fields. */
    public ResourceError {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(message, "message");
    }
}

package io.weir.broker.config;

/** Thrown inside this package to fail one resource; callers receive it as a {@link ResourceError}. */
final class ConfigFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ConfigError error;

    ConfigFailure(ConfigError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    ResourceError toResourceError() {
        return new ResourceError(error, getMessage());
    }
}

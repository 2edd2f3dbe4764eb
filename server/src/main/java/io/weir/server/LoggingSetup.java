package io.weir.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Sets the level of Weir's own loggers ({@code io.weir}) at start-up: INFO by default (see {@link
 * WeirLogbackConfigurator}), DEBUG with {@code --verbose}, or what the environment variable {@code
 * WEIR_LOG_LEVEL} names (trace, debug, info, warn, error). Called once from the main thread.
 */
final class LoggingSetup {
    static final String ENV_VARIABLE = "WEIR_LOG_LEVEL";
    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error");

    private LoggingSetup() {}

    /** Applies the level chosen by {@link #levelFor}; a bad variable value is reported, not fatal. */
    static void configure(boolean verbose, Optional<String> environmentLevel) {
        Level level = levelFor(verbose, environmentLevel);
        if (LoggerFactory.getLogger("io.weir") instanceof Logger weir) {
            weir.setLevel(level);
        }
        environmentLevel.filter(text -> !LEVELS.contains(text.trim().toLowerCase(Locale.ROOT)))
                .ifPresent(text -> LoggerFactory.getLogger(LoggingSetup.class)
                        .warn("[weir] ignoring {}={}: expected one of trace, debug, info, warn, error",
                                ENV_VARIABLE, text));
    }

    /** DEBUG if verbose; else the environment's level if it names one; else INFO. */
    static Level levelFor(boolean verbose, Optional<String> environmentLevel) {
        if (verbose) {
            return Level.DEBUG;
        }
        return environmentLevel
                .map(text -> text.trim().toLowerCase(Locale.ROOT))
                .filter(LEVELS::contains)
                .map(text -> Level.toLevel(text, Level.INFO))
                .orElse(Level.INFO);
    }
}

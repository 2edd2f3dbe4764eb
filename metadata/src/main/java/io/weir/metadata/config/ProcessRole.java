package io.weir.metadata.config;

import java.util.Locale;

/** A role a node plays ({@code process.roles}): a broker, a controller, or both in one process. */
public enum ProcessRole {
    BROKER,
    CONTROLLER;

    /** The name as written in {@code process.roles}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

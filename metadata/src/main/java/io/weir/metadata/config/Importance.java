package io.weir.metadata.config;

/** How much a user is likely to need a key; orders and groups the reference documentation. */
public enum Importance {
    HIGH,
    MEDIUM,
    LOW
}

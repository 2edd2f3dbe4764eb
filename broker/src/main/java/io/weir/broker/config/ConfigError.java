package io.weir.broker.config;

/**
 * The errors a configuration request can fail a resource with, each carrying the Kafka error code
 * the client sees.
 */
public enum ConfigError {
    /** The topic does not exist. */
    UNKNOWN_TOPIC_OR_PARTITION(3),
    /** An unknown key, a value of the wrong type or out of range, or an operation the key's type does not allow. */
    INVALID_CONFIG(40),
    /** A request Weir does not accept: an unsupported resource, duplicate keys, a missing value. */
    INVALID_REQUEST(42),
    /** The change could not be stored. */
    UNKNOWN_SERVER_ERROR(-1);

    private final short errorCode;

    ConfigError(int errorCode) {
        this.errorCode = (short) errorCode;
    }

    /** Kafka's numeric error code. */
    public short errorCode() {
        return errorCode;
    }
}

package io.weir.metadata.config;

import java.util.Optional;

/** The security protocols a listener may use, as named in Kafka's configuration. */
public enum SecurityProtocol {
    PLAINTEXT,
    SSL,
    SASL_PLAINTEXT,
    SASL_SSL;

    /** The protocol of that exact name, if there is one. */
    public static Optional<SecurityProtocol> byName(String name) {
        for (SecurityProtocol protocol : values()) {
            if (protocol.name().equals(name)) {
                return Optional.of(protocol);
            }
        }
        return Optional.empty();
    }
}

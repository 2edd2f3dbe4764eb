package io.weir.metadata.record;

import java.util.Optional;

/** The security protocol of a listener, with Kafka's numeric ids (used in the binary form). */
public enum SecurityProtocol {
    /** Unauthenticated, unencrypted. */
    PLAINTEXT(0),
    /** TLS. */
    SSL(1),
    /** SASL authentication, no encryption. */
    SASL_PLAINTEXT(2),
    /** SASL authentication over TLS. */
    SASL_SSL(3);

    private final short id;

    SecurityProtocol(int id) {
        this.id = (short) id;
    }

    /**
     * Kafka's numeric id for the protocol.
     *
     * @return the id
     */
    public short id() {
        return id;
    }

    /**
     * Finds a protocol by Kafka's numeric id.
     *
     * @param id the id
     * @return the protocol, or empty for an unknown id
     */
    public static Optional<SecurityProtocol> fromId(short id) {
        for (SecurityProtocol protocol : values()) {
            if (protocol.id == id) {
                return Optional.of(protocol);
            }
        }
        return Optional.empty();
    }

    /** The protocol of that exact name (as in {@code listener.security.protocol.map}), if there is one. */
    public static Optional<SecurityProtocol> byName(String name) {
        for (SecurityProtocol protocol : values()) {
            if (protocol.name().equals(name)) {
                return Optional.of(protocol);
            }
        }
        return Optional.empty();
    }
}

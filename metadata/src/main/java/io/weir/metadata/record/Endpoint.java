package io.weir.metadata.record;

import java.util.Objects;

/**
 * One listener a broker advertises to clients and other brokers.
 *
 * @param name the listener name, e.g. {@code PLAINTEXT} or {@code INTERNAL}
 * @param host the advertised host name or address
 * @param port the advertised port, 0 to 65535
 * @param securityProtocol the protocol spoken on the listener
 */
public record Endpoint(String name, String host, int port, SecurityProtocol securityProtocol) {

    /** Checks the fields. */
    public Endpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(securityProtocol, "securityProtocol");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("listener name must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
    }
}

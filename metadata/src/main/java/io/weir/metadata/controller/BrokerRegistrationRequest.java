package io.weir.metadata.controller;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import io.weir.metadata.Uuid;
import io.weir.metadata.record.Endpoint;

/**
 * A broker process asks to be registered.
 *
 * @param nodeId the broker's node id
 * @param incarnationId random per process start: tells a retry from a restart
 * @param listeners the advertised listeners, as bound
 * @param rack the broker's rack, if set
 */
public record BrokerRegistrationRequest(int nodeId, Uuid incarnationId, List<Endpoint> listeners,
        Optional<String> rack) {

    /** Checks and copies. */
    public BrokerRegistrationRequest {
        Objects.requireNonNull(incarnationId, "incarnationId");
        Objects.requireNonNull(rack, "rack");
        listeners = List.copyOf(listeners);
        if (nodeId < 0) {
            throw new IllegalArgumentException("nodeId must be non-negative, got " + nodeId);
        }
    }
}

package io.weir.broker.topic;

import io.weir.metadata.Uuid;
import io.weir.metadata.record.Endpoint;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who this broker is, as the server configuration says: {@code node.id}, the cluster id, the
 * {@code advertised.listeners} and {@code broker.rack}. Immutable and thread-safe.
 *
 * @param nodeId this broker's node id, non-negative
 * @param clusterId the cluster id in Kafka's form (22-character URL-safe base64 of 16 bytes)
 * @param advertisedListeners the listeners clients are told about, at least one, names unique
 * @param rack the broker's rack, if set (non-empty)
 */
public record BrokerIdentity(int nodeId, String clusterId, List<Endpoint> advertisedListeners, Optional<String> rack) {

    /** Checks the fields and copies the list. */
    public BrokerIdentity {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(rack, "rack");
        advertisedListeners = List.copyOf(advertisedListeners);
        if (nodeId < 0) {
            throw new IllegalArgumentException("nodeId must be non-negative, got " + nodeId);
        }
        if (Uuid.parse(clusterId).isEmpty()) {
            throw new IllegalArgumentException("clusterId '" + clusterId + "' is not a 22-character base64 id");
        }
        if (advertisedListeners.isEmpty()) {
            throw new IllegalArgumentException("a broker needs at least one advertised listener");
        }
        Set<String> names = new HashSet<>();
        for (Endpoint endpoint : advertisedListeners) {
            if (!names.add(endpoint.name())) {
                throw new IllegalArgumentException("listener " + endpoint.name() + " is advertised twice");
            }
        }
        if (rack.filter(String::isEmpty).isPresent()) {
            throw new IllegalArgumentException("rack must not be empty");
        }
    }

    /** The context prefix for log lines about this broker, e.g. {@code "[node 1] "}. */
    public String logPrefix() {
        return "[node " + nodeId + "] ";
    }
}

package io.weir.metadata.image;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registered brokers. Immutable.
 *
 * @param brokers registrations by node id
 */
public record ClusterImage(Map<Integer, BrokerRegistration> brokers) {

    /** No brokers. */
    public static final ClusterImage EMPTY = new ClusterImage(Map.of());

    /** Copies the map. */
    public ClusterImage {
        brokers = Map.copyOf(brokers);
    }

    /**
     * Looks a broker up.
     *
     * @param nodeId the node id
     * @return its registration, or empty if it never registered
     */
    public Optional<BrokerRegistration> broker(int nodeId) {
        return Optional.ofNullable(brokers.get(nodeId));
    }

    /**
     * The brokers that are not fenced, by node id.
     *
     * @return their registrations, sorted by node id
     */
    public List<BrokerRegistration> unfencedBrokers() {
        return brokers.values().stream()
                .filter(broker -> !broker.fenced())
                .sorted((a, b) -> Integer.compare(a.nodeId(), b.nodeId()))
                .toList();
    }
}

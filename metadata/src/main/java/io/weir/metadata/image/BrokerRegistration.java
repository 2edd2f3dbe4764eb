package io.weir.metadata.image;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import io.weir.metadata.Uuid;
import io.weir.metadata.record.Endpoint;
import io.weir.metadata.record.RegisterBrokerRecord;

/**
 * A registered broker. Immutable.
 *
 * @param nodeId the broker's node id
 * @param incarnationId the id the broker process picked at start
 * @param brokerEpoch the epoch of this registration
 * @param listeners the advertised listeners
 * @param rack the broker's rack, if set
 * @param fenced whether the broker is fenced (not eligible to lead)
 */
public record BrokerRegistration(
        int nodeId,
        Uuid incarnationId,
        long brokerEpoch,
        List<Endpoint> listeners,
        Optional<String> rack,
        boolean fenced) {

    /** Checks and copies. */
    public BrokerRegistration {
        Objects.requireNonNull(incarnationId, "incarnationId");
        Objects.requireNonNull(rack, "rack");
        listeners = List.copyOf(listeners);
    }

    /**
     * The registration a {@link RegisterBrokerRecord} creates.
     *
     * @param record the record
     * @return the registration
     */
    public static BrokerRegistration from(RegisterBrokerRecord record) {
        return new BrokerRegistration(
                record.nodeId(),
                record.incarnationId(),
                record.brokerEpoch(),
                record.listeners(),
                record.rack(),
                record.fenced());
    }

    /**
     * Looks a listener up by name.
     *
     * @param listenerName e.g. {@code PLAINTEXT}
     * @return the endpoint, or empty if the broker has no such listener
     */
    public Optional<Endpoint> listener(String listenerName) {
        return listeners.stream().filter(endpoint -> endpoint.name().equals(listenerName)).findFirst();
    }

    /**
     * This registration with another fenced state.
     *
     * @param newFenced the fenced state
     * @return the changed registration
     */
    public BrokerRegistration withFenced(boolean newFenced) {
        return new BrokerRegistration(nodeId, incarnationId, brokerEpoch, listeners, rack, newFenced);
    }

    /**
     * The record that recreates this registration (for snapshots).
     *
     * @return the record
     */
    public RegisterBrokerRecord toRecord() {
        return new RegisterBrokerRecord(nodeId, incarnationId, brokerEpoch, listeners, rack, fenced);
    }
}

package io.weir.metadata.image;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import io.weir.metadata.MetadataValidationException;
import io.weir.metadata.record.Endpoint;
import io.weir.metadata.record.RegisterBrokerRecord;

/** Broker registration changes accumulated by a {@link MetadataDelta}. Not thread-safe. */
final class ClusterDelta {
    private final ClusterImage base;
    private final Map<Integer, BrokerRegistration> changed = new LinkedHashMap<>();

    ClusterDelta(ClusterImage base) {
        this.base = base;
    }

    Optional<BrokerRegistration> broker(int nodeId) {
        BrokerRegistration pending = changed.get(nodeId);
        return pending != null ? Optional.of(pending) : base.broker(nodeId);
    }

    void replayRegister(RegisterBrokerRecord record) {
        if (record.listeners().isEmpty()) {
            throw new MetadataValidationException("Broker " + record.nodeId() + " registers without listeners");
        }
        Set<String> names = new HashSet<>();
        for (Endpoint endpoint : record.listeners()) {
            if (!names.add(endpoint.name())) {
                throw new MetadataValidationException(
                        "Broker " + record.nodeId() + " registers listener " + endpoint.name() + " twice");
            }
        }
        if (record.rack().filter(String::isEmpty).isPresent()) {
            throw new MetadataValidationException("Broker " + record.nodeId() + " registers an empty rack");
        }
        Optional<BrokerRegistration> previous = broker(record.nodeId());
        if (previous.isPresent() && previous.get().brokerEpoch() >= record.brokerEpoch()) {
            throw new MetadataValidationException("Broker " + record.nodeId() + " registers with epoch "
                    + record.brokerEpoch() + ", not above its current epoch " + previous.get().brokerEpoch());
        }
        changed.put(record.nodeId(), BrokerRegistration.from(record));
    }

    void replayFenced(int nodeId, long brokerEpoch, boolean fenced) {
        BrokerRegistration current = broker(nodeId)
                .orElseThrow(() -> new MetadataValidationException(
                        (fenced ? "Fencing" : "Unfencing") + " unregistered broker " + nodeId));
        if (current.brokerEpoch() != brokerEpoch) {
            throw new MetadataValidationException((fenced ? "Fencing" : "Unfencing") + " broker " + nodeId
                    + " at epoch " + brokerEpoch + ", but its registration has epoch " + current.brokerEpoch());
        }
        changed.put(nodeId, current.withFenced(fenced));
    }

    Set<Integer> changedBrokerIds() {
        return Set.copyOf(changed.keySet());
    }

    ClusterImage apply() {
        if (changed.isEmpty()) {
            return base;
        }
        Map<Integer, BrokerRegistration> brokers = new HashMap<>(base.brokers());
        brokers.putAll(changed);
        return new ClusterImage(brokers);
    }
}

package io.weir.metadata.record;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import io.weir.metadata.Uuid;

/**
 * A broker registers (or registers again after a restart, replacing its previous registration).
 *
 * @param nodeId the broker's {@code node.id}, non-negative
 * @param incarnationId a random id the broker picks at each start, so that a registration from an
 *     old process can be told apart from the current one
 * @param brokerEpoch the broker epoch the controller grants this registration; it must grow with
 *     every registration of the same node, and fence/unfence records name it
 * @param listeners the advertised listeners, at least one, names unique
 * @param rack the broker's {@code broker.rack}, if set
 * @param fenced whether the broker starts fenced (not eligible to lead partitions)
 */
public record RegisterBrokerRecord(
        int nodeId,
        Uuid incarnationId,
        long brokerEpoch,
        List<Endpoint> listeners,
        Optional<String> rack,
        boolean fenced)
        implements MetadataRecord {

    /** Checks the fields and copies the list. */
    public RegisterBrokerRecord {
        Objects.requireNonNull(incarnationId, "incarnationId");
        Objects.requireNonNull(rack, "rack");
        listeners = List.copyOf(listeners);
        RecordChecks.nonNegative("nodeId", nodeId);
        RecordChecks.nonNegative("brokerEpoch", brokerEpoch);
    }

    @Override
    public MetadataRecordType type() {
        return MetadataRecordType.REGISTER_BROKER;
    }
}

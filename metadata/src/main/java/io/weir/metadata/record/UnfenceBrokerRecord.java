package io.weir.metadata.record;

/**
 * A registered broker is unfenced: it has caught up with the metadata and may lead partitions.
 *
 * @param nodeId the broker's node id
 * @param brokerEpoch the epoch of the registration being unfenced; a stale epoch is rejected
 */
public record UnfenceBrokerRecord(int nodeId, long brokerEpoch) implements MetadataRecord {

    /** Checks the fields. */
    public UnfenceBrokerRecord {
        RecordChecks.nonNegative("nodeId", nodeId);
        RecordChecks.nonNegative("brokerEpoch", brokerEpoch);
    }

    @Override
    public MetadataRecordType type() {
        return MetadataRecordType.UNFENCE_BROKER;
    }
}

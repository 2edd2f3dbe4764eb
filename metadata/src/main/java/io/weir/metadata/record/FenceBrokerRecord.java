package io.weir.metadata.record;

/**
 * A registered broker is fenced: it may no longer lead partitions (its heartbeats stopped, or it
 * is shutting down).
 *
 * @param nodeId the broker's node id
 * @param brokerEpoch the epoch of the registration being fenced; a stale epoch is rejected
 */
public record FenceBrokerRecord(int nodeId, long brokerEpoch) implements MetadataRecord {

    /** Checks the fields. */
    public FenceBrokerRecord {
        RecordChecks.nonNegative("nodeId", nodeId);
        RecordChecks.nonNegative("brokerEpoch", brokerEpoch);
    }

    @Override
    public MetadataRecordType type() {
        return MetadataRecordType.FENCE_BROKER;
    }
}

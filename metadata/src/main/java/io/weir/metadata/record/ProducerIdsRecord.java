package io.weir.metadata.record;

/**
 * A block of producer ids is handed to a broker: ids below {@code nextProducerId} are taken, and
 * the next block starts there. Values only grow.
 *
 * @param nodeId the broker that received the block
 * @param nextProducerId the first id not yet handed out, non-negative
 */
public record ProducerIdsRecord(int nodeId, long nextProducerId) implements MetadataRecord {

    /** Checks the fields. */
    public ProducerIdsRecord {
        RecordChecks.nonNegative("nodeId", nodeId);
        RecordChecks.nonNegative("nextProducerId", nextProducerId);
    }

    @Override
    public MetadataRecordType type() {
        return MetadataRecordType.PRODUCER_IDS;
    }
}

package io.weir.metadata.record;

import java.util.Optional;

/**
 * The stable numeric id and the current serialization version of each {@link MetadataRecord}
 * type. Ids are never reused; a new field means a new version, and decoders keep reading every
 * older version.
 */
public enum MetadataRecordType {
    /** {@link RegisterBrokerRecord}. */
    REGISTER_BROKER(1, 0),
    /** {@link FenceBrokerRecord}. */
    FENCE_BROKER(2, 0),
    /** {@link UnfenceBrokerRecord}. */
    UNFENCE_BROKER(3, 0),
    /** {@link TopicRecord}. */
    TOPIC(4, 0),
    /** {@link PartitionRecord}. */
    PARTITION(5, 1),
    /** {@link PartitionChangeRecord}. */
    PARTITION_CHANGE(6, 1),
    /** {@link RemoveTopicRecord}. */
    REMOVE_TOPIC(7, 0),
    /** {@link ConfigRecord}. */
    CONFIG(8, 0),
    /** {@link ProducerIdsRecord}. */
    PRODUCER_IDS(9, 0),
    /** {@link FeatureLevelRecord}. */
    FEATURE_LEVEL(10, 0);

    private final short id;
    private final byte version;

    MetadataRecordType(int id, int version) {
        this.id = (short) id;
        this.version = (byte) version;
    }

    /**
     * The stable numeric id written before every record.
     *
     * @return the id
     */
    public short id() {
        return id;
    }

    /**
     * The version this code writes; it reads this version and every older one.
     *
     * @return the current version
     */
    public byte currentVersion() {
        return version;
    }

    /**
     * Finds a type by its numeric id.
     *
     * @param id the id read from bytes
     * @return the type, or empty for an unknown id
     */
    public static Optional<MetadataRecordType> fromId(short id) {
        for (MetadataRecordType type : values()) {
            if (type.id == id) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}

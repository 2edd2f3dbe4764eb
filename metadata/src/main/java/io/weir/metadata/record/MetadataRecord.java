package io.weir.metadata.record;

/**
 * One change to the cluster model. Applying records in order to an image (through a
 * {@code MetadataDelta}) yields the next image; the same records travel in the local metadata
 * log now and in the controller's replicated log later.
 *
 * <p>Every record type has a stable numeric id and a version ({@link MetadataRecordType}); the
 * binary form is defined by {@link MetadataRecordCodec}. Records check only their own shape
 * (non-null fields, non-negative ids); whether a record fits the image is checked when it is
 * applied. All implementations are immutable values.
 */
public sealed interface MetadataRecord
        permits RegisterBrokerRecord,
                FenceBrokerRecord,
                UnfenceBrokerRecord,
                TopicRecord,
                PartitionRecord,
                PartitionChangeRecord,
                RemoveTopicRecord,
                ConfigRecord,
                ProducerIdsRecord,
                FeatureLevelRecord {

    /**
     * The record's type, which fixes its numeric id and current version.
     *
     * @return the type
     */
    MetadataRecordType type();
}

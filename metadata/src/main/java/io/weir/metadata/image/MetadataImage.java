package io.weir.metadata.image;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import io.weir.metadata.record.ConfigRecord;
import io.weir.metadata.record.FeatureLevelRecord;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.record.ProducerIdsRecord;
import io.weir.metadata.record.ResourceType;
import io.weir.metadata.record.TopicRecord;

/**
 * The whole cluster model at one point of the metadata log: the result of applying every record
 * up to and including {@code offset}. Immutable and safe to share between threads; a new image is
 * made from an old one by a {@link MetadataDelta}.
 *
 * @param offset the offset of the last record applied, -1 for the empty image
 * @param features finalized feature levels
 * @param cluster registered brokers
 * @param topics topics and their partitions
 * @param configs configuration overrides
 * @param producerIds producer id allocation
 */
public record MetadataImage(
        long offset,
        FeaturesImage features,
        ClusterImage cluster,
        TopicsImage topics,
        ConfigurationsImage configs,
        ProducerIdsImage producerIds) {

    /** The image before any record. */
    public static final MetadataImage EMPTY = new MetadataImage(
            -1L, FeaturesImage.EMPTY, ClusterImage.EMPTY, TopicsImage.EMPTY, ConfigurationsImage.EMPTY,
            ProducerIdsImage.EMPTY);

    /** Checks the fields. */
    public MetadataImage {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(configs, "configs");
        Objects.requireNonNull(producerIds, "producerIds");
        if (offset < -1) {
            throw new IllegalArgumentException("offset must be at least -1, got " + offset);
        }
    }

    /**
     * Whether no record was ever applied.
     *
     * @return true for an image equal to {@link #EMPTY}
     */
    public boolean isEmpty() {
        return equals(EMPTY);
    }

    /**
     * Records that rebuild this image when applied to {@link #EMPTY} (the content of a snapshot):
     * features, brokers, producer ids, then each topic followed by its configs and partitions,
     * then broker configs, then group configs. The order is deterministic.
     *
     * @return the records
     */
    public List<MetadataRecord> toRecords() {
        List<MetadataRecord> records = new ArrayList<>();
        features.levels().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> records.add(new FeatureLevelRecord(e.getKey(), e.getValue())));
        cluster.brokers().values().stream()
                .sorted(Comparator.comparingInt(BrokerRegistration::nodeId))
                .forEach(broker -> records.add(broker.toRecord()));
        producerIds.lastNodeId().ifPresent(
                nodeId -> records.add(new ProducerIdsRecord(nodeId, producerIds.nextProducerId())));
        topics.topicsByName().values().stream()
                .sorted(Comparator.comparing(TopicImage::name))
                .forEach(topic -> addTopicRecords(topic, records));
        for (ResourceType type : List.of(ResourceType.BROKER, ResourceType.GROUP)) {
            configs.resources().keySet().stream()
                    .filter(resource -> resource.type() == type)
                    .sorted(Comparator.comparing(ConfigResource::name))
                    .forEach(resource -> addConfigRecords(resource, records));
        }
        return records;
    }

    private void addTopicRecords(TopicImage topic, List<MetadataRecord> records) {
        records.add(new TopicRecord(topic.name(), topic.topicId()));
        addConfigRecords(ConfigResource.topic(topic.name()), records);
        for (int partition = 0; partition < topic.partitionCount(); partition++) {
            records.add(topic.partitions().get(partition).toRecord(topic.topicId(), partition));
        }
    }

    private void addConfigRecords(ConfigResource resource, List<MetadataRecord> records) {
        configs.configs(resource).entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> records.add(
                        new ConfigRecord(resource.type(), resource.name(), e.getKey(), Optional.of(e.getValue()))));
    }
}

package io.weir.metadata.image;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import io.weir.metadata.MetadataValidationException;
import io.weir.metadata.UnknownTopicException;
import io.weir.metadata.Uuid;
import io.weir.metadata.record.ConfigRecord;
import io.weir.metadata.record.FeatureLevelRecord;
import io.weir.metadata.record.FenceBrokerRecord;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.record.PartitionChangeRecord;
import io.weir.metadata.record.PartitionRecord;
import io.weir.metadata.record.ProducerIdsRecord;
import io.weir.metadata.record.RegisterBrokerRecord;
import io.weir.metadata.record.RemoveTopicRecord;
import io.weir.metadata.record.TopicRecord;
import io.weir.metadata.record.UnfenceBrokerRecord;

/**
 * The changes a sequence of records makes to a base image, and the way to the next image.
 *
 * <p>{@link #replay(MetadataRecord)} validates each record against the base image plus the
 * records replayed before it, and throws {@link MetadataValidationException} (or
 * {@link io.weir.metadata.InvalidTopicNameException}) for a record that contradicts them; a
 * rejected record leaves the delta as it was. Replaying costs O(1) per record plus the record's
 * size; {@link #apply(long)} builds the new image once, copying only the parts of the image that
 * changed. After {@link #apply(long)} the change accessors ({@link #topicChanges()},
 * {@link #deletedTopics()}, ...) tell listeners what changed.
 *
 * <p>Validation rules: topic names follow Kafka's rules and are unique, topic ids are unique,
 * not reserved and never reused; partitions are created in order 0, 1, 2 ... of an existing
 * topic; a registration has distinct non-negative replicas, an ISR within them and a leader in
 * the ISR (or none); a broker re-registers only with a higher epoch, and fence/unfence name its
 * current epoch; topic configs need an existing topic, broker configs a decimal node id or the
 * empty cluster-default name, group configs a non-empty group id (the group need not exist: its
 * configs outlive it, as in Kafka); producer id blocks only move forward.
 *
 * <p>Not thread-safe: one thread builds a delta; the image it produces may then be shared.
 */
public final class MetadataDelta {
    private final MetadataImage base;
    private final ClusterDelta cluster;
    private final TopicsDelta topics;
    private final ConfigurationsDelta configs;
    private final Map<String, Short> featureChanges = new LinkedHashMap<>();
    private Optional<ProducerIdsImage> producerIds = Optional.empty();
    private int recordCount;

    /**
     * Starts an empty delta.
     *
     * @param base the image the records apply to
     */
    public MetadataDelta(MetadataImage base) {
        this.base = Objects.requireNonNull(base, "base");
        this.cluster = new ClusterDelta(base.cluster());
        this.topics = new TopicsDelta(base.topics());
        this.configs = new ConfigurationsDelta(base.configs());
    }

    /**
     * A delta on {@code old} that removes every topic {@code next} does not have (by id): what a
     * node that replaces its image with a snapshot tells its listeners first, so that the logs of
     * topics deleted meanwhile (or deleted and created again under the same name) are dropped.
     *
     * @param old the image being replaced
     * @param next the image replacing it
     * @return the delta, with no records when no topic goes
     */
    public static MetadataDelta topicsRemovedBetween(MetadataImage old, MetadataImage next) {
        Set<Uuid> kept = next.topics().topicsById().keySet();
        MetadataDelta removal = new MetadataDelta(old);
        for (Uuid topicId : old.topics().topicsById().keySet()) {
            if (!kept.contains(topicId)) {
                removal.replay(new RemoveTopicRecord(topicId));
            }
        }
        return removal;
    }

    /**
     * The image this delta applies to.
     *
     * @return the base image
     */
    public MetadataImage baseImage() {
        return base;
    }

    /**
     * Validates a record and adds its change.
     *
     * @param record the next record
     * @throws MetadataValidationException if the record contradicts the image so far
     * @throws io.weir.metadata.InvalidTopicNameException if a topic record has an illegal name
     */
    public void replay(MetadataRecord record) {
        switch (record.type()) {
            case REGISTER_BROKER -> cluster.replayRegister((RegisterBrokerRecord) record);
            case FENCE_BROKER -> {
                FenceBrokerRecord fence = (FenceBrokerRecord) record;
                cluster.replayFenced(fence.nodeId(), fence.brokerEpoch(), true);
            }
            case UNFENCE_BROKER -> {
                UnfenceBrokerRecord unfence = (UnfenceBrokerRecord) record;
                cluster.replayFenced(unfence.nodeId(), unfence.brokerEpoch(), false);
            }
            case TOPIC -> topics.replayTopic((TopicRecord) record);
            case PARTITION -> topics.replayPartition((PartitionRecord) record);
            case PARTITION_CHANGE -> topics.replayPartitionChange((PartitionChangeRecord) record);
            case REMOVE_TOPIC -> {
                String name = topics.replayRemoveTopic(((RemoveTopicRecord) record).topicId());
                configs.clear(ConfigResource.topic(name));
            }
            case CONFIG -> replayConfig((ConfigRecord) record);
            case PRODUCER_IDS -> replayProducerIds((ProducerIdsRecord) record);
            case FEATURE_LEVEL -> replayFeatureLevel((FeatureLevelRecord) record);
            default -> throw new IllegalStateException("No replay for " + record.type());
        }
        recordCount++;
    }

    /**
     * Validates and adds records in order; stops at the first rejected one.
     *
     * @param records the records
     * @throws MetadataValidationException if a record contradicts the image so far; the records
     *     before it stay replayed
     */
    public void replayAll(List<? extends MetadataRecord> records) {
        for (MetadataRecord record : records) {
            replay(record);
        }
    }

    /**
     * Builds the image with every replayed change.
     *
     * @param offset the offset of the last replayed record (becomes the image's offset); not below
     *     the base image's offset
     * @return the new image
     */
    public MetadataImage apply(long offset) {
        if (offset < base.offset()) {
            throw new IllegalArgumentException("Offset " + offset + " is below the base offset " + base.offset());
        }
        return new MetadataImage(
                offset,
                applyFeatures(),
                cluster.apply(),
                topics.apply(),
                configs.apply(),
                producerIds.orElse(base.producerIds()));
    }

    /**
     * The number of records replayed.
     *
     * @return the count
     */
    public int recordCount() {
        return recordCount;
    }

    /**
     * Brokers registered, re-registered, fenced or unfenced by this delta.
     *
     * @return their node ids
     */
    public Set<Integer> changedBrokerIds() {
        return cluster.changedBrokerIds();
    }

    /**
     * Topics of the base image that this delta removed (a topic created and removed within the
     * delta is in neither this map nor {@link #topicChanges()}).
     *
     * @return the removed topics as they were in the base image, by id
     */
    public Map<Uuid, TopicImage> deletedTopics() {
        return topics.deletedTopics();
    }

    /**
     * Topics that exist after this delta and that it created or whose partitions it created or
     * changed.
     *
     * @return one entry per such topic
     */
    public List<TopicChange> topicChanges() {
        return topics.topicChanges();
    }

    /**
     * Resources whose configuration overrides this delta set, deleted or cleared.
     *
     * @return the resources
     */
    public Set<ConfigResource> changedConfigResources() {
        return configs.changedResources();
    }

    /**
     * Features whose finalized level this delta set.
     *
     * @return the feature names
     */
    public Set<String> changedFeatures() {
        return Set.copyOf(featureChanges.keySet());
    }

    /**
     * Whether this delta handed out a producer id block.
     *
     * @return true if a producer ids record was replayed
     */
    public boolean producerIdsChanged() {
        return producerIds.isPresent();
    }

    private void replayConfig(ConfigRecord record) {
        switch (record.resourceType()) {
            case TOPIC -> {
                if (topics.topicId(record.resourceName()).isEmpty()) {
                    throw new UnknownTopicException(
                            "Config " + record.name() + " for unknown topic '" + record.resourceName() + "'");
                }
            }
            case BROKER -> {
                if (!record.resourceName().isEmpty() && !isNodeId(record.resourceName())) {
                    throw new MetadataValidationException("Config " + record.name()
                            + " for broker resource '" + record.resourceName() + "', which is not a node id");
                }
            }
            case GROUP -> {
                if (record.resourceName().isEmpty()) {
                    throw new MetadataValidationException("Config " + record.name() + " for a group without id");
                }
            }
            default -> throw new IllegalStateException("No config rules for " + record.resourceType());
        }
        configs.set(new ConfigResource(record.resourceType(), record.resourceName()), record.name(), record.value());
    }

    private void replayProducerIds(ProducerIdsRecord record) {
        long current = producerIds.orElse(base.producerIds()).nextProducerId();
        if (record.nextProducerId() <= current) {
            throw new MetadataValidationException("Producer id block for broker " + record.nodeId()
                    + " moves the next producer id from " + current + " back to " + record.nextProducerId());
        }
        producerIds = Optional.of(new ProducerIdsImage(record.nextProducerId(), OptionalInt.of(record.nodeId())));
    }

    private void replayFeatureLevel(FeatureLevelRecord record) {
        featureChanges.put(record.name(), record.level());
    }

    private FeaturesImage applyFeatures() {
        if (featureChanges.isEmpty()) {
            return base.features();
        }
        Map<String, Short> levels = new HashMap<>(base.features().levels());
        featureChanges.forEach((name, level) -> {
            if (level == 0) {
                levels.remove(name);
            } else {
                levels.put(name, level);
            }
        });
        return new FeaturesImage(levels);
    }

    private static boolean isNodeId(String name) {
        if (name.isEmpty() || name.length() > 10) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return Long.parseLong(name) <= Integer.MAX_VALUE && (name.length() == 1 || name.charAt(0) != '0');
    }
}

package io.weir.metadata.image;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.weir.metadata.MetadataValidationException;
import io.weir.metadata.TopicAlreadyExistsException;
import io.weir.metadata.TopicNames;
import io.weir.metadata.UnknownTopicException;
import io.weir.metadata.Uuid;
import io.weir.metadata.record.PartitionChangeRecord;
import io.weir.metadata.record.PartitionRecord;
import io.weir.metadata.record.TopicRecord;

/**
 * Topic changes accumulated by a {@link MetadataDelta}: each method validates one record against
 * the base image plus the changes so far, and changes nothing if the record is rejected. Costs
 * O(1) per record (plus the record's own size); the maps are copied once, in {@link #apply()}.
 * Not thread-safe.
 */
final class TopicsDelta {
    private final TopicsImage base;
    /** Topics created or modified by this delta that still exist, by id. */
    private final Map<Uuid, TopicDelta> changed = new LinkedHashMap<>();
    /** Topics of the base image removed by this delta, by id. */
    private final Map<Uuid, TopicImage> deleted = new LinkedHashMap<>();
    /** Names of the topics this delta created, to their ids. */
    private final Map<String, Uuid> createdNames = new HashMap<>();

    TopicsDelta(TopicsImage base) {
        this.base = base;
    }

    Optional<String> topicName(Uuid topicId) {
        TopicDelta pending = changed.get(topicId);
        if (pending != null) {
            return Optional.of(pending.base().name());
        }
        return deleted.containsKey(topicId) ? Optional.empty() : base.getTopic(topicId).map(TopicImage::name);
    }

    Optional<Uuid> topicId(String name) {
        Uuid created = createdNames.get(name);
        if (created != null) {
            return Optional.of(created);
        }
        return base.getTopic(name).map(TopicImage::topicId).filter(id -> !deleted.containsKey(id));
    }

    void replayTopic(TopicRecord record) {
        TopicNames.validate(record.name());
        if (record.topicId().isReserved()) {
            throw new MetadataValidationException(
                    "Topic " + record.name() + " uses the reserved topic id " + record.topicId());
        }
        if (topicId(record.name()).isPresent()) {
            throw new TopicAlreadyExistsException("Topic '" + record.name() + "' already exists");
        }
        if (changed.containsKey(record.topicId()) || deleted.containsKey(record.topicId())
                || base.getTopic(record.topicId()).isPresent()) {
            throw new TopicAlreadyExistsException(
                    "Topic id " + record.topicId() + " of topic '" + record.name() + "' is already in use");
        }
        changed.put(record.topicId(), new TopicDelta(new TopicImage(record.name(), record.topicId(), Map.of()), true));
        createdNames.put(record.name(), record.topicId());
    }

    void replayPartition(PartitionRecord record) {
        TopicDelta topic = existingTopic(record.topicId());
        int expected = topic.partitionCount();
        if (record.partition() != expected) {
            throw new MetadataValidationException("Partition " + topic.base().name() + "-" + record.partition()
                    + " is out of order: the next partition of the topic is " + expected);
        }
        PartitionRegistration registration = PartitionRegistration.from(record);
        checkRegistration(topic, record.partition(), registration);
        changed.putIfAbsent(record.topicId(), topic);
        topic.put(record.partition(), registration);
    }

    void replayPartitionChange(PartitionChangeRecord record) {
        TopicDelta topic = existingTopic(record.topicId());
        PartitionRegistration current = topic.partition(record.partition())
                .orElseThrow(() -> new MetadataValidationException(
                        "Change of unknown partition " + topic.base().name() + "-" + record.partition()));
        PartitionRegistration next = current.merge(record);
        checkRegistration(topic, record.partition(), next);
        changed.putIfAbsent(record.topicId(), topic);
        topic.put(record.partition(), next);
    }

    /** Removes a topic and returns its name (so that its configs can be removed too). */
    String replayRemoveTopic(Uuid topicId) {
        TopicDelta pending = changed.remove(topicId);
        if (pending != null) {
            if (pending.created()) {
                createdNames.remove(pending.base().name());
            } else {
                deleted.put(topicId, pending.base());
            }
            return pending.base().name();
        }
        TopicImage existing = base.getTopic(topicId)
                .filter(topic -> !deleted.containsKey(topicId))
                .orElseThrow(() -> new UnknownTopicException("Cannot remove unknown topic id " + topicId));
        deleted.put(topicId, existing);
        return existing.name();
    }

    Map<Uuid, TopicImage> deletedTopics() {
        return Map.copyOf(deleted);
    }

    List<TopicChange> topicChanges() {
        List<TopicChange> changes = new ArrayList<>();
        for (TopicDelta topic : changed.values()) {
            if (!topic.isEmpty()) {
                changes.add(topic.change());
            }
        }
        return List.copyOf(changes);
    }

    TopicsImage apply() {
        Map<Uuid, TopicImage> upserted = new HashMap<>();
        changed.forEach((id, topic) -> upserted.put(id, topic.apply()));
        return base.with(upserted, deleted.values());
    }

    /** A view of an existing topic, without recording it as changed yet. */
    private TopicDelta existingTopic(Uuid topicId) {
        TopicDelta pending = changed.get(topicId);
        if (pending != null) {
            return pending;
        }
        return base.getTopic(topicId)
                .filter(topic -> !deleted.containsKey(topicId))
                .map(topic -> new TopicDelta(topic, false))
                .orElseThrow(() -> new UnknownTopicException("Unknown topic id " + topicId));
    }

    private static void checkRegistration(TopicDelta topic, int partition, PartitionRegistration registration) {
        registration.problem().ifPresent(problem -> {
            throw new MetadataValidationException(
                    "Partition " + topic.base().name() + "-" + partition + " is invalid: " + problem);
        });
    }
}

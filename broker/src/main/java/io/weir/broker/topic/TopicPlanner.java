package io.weir.broker.topic;

import io.weir.metadata.TopicNames;
import io.weir.metadata.Uuid;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.TopicImage;
import io.weir.metadata.record.ConfigRecord;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.record.RemoveTopicRecord;
import io.weir.metadata.record.ResourceType;
import io.weir.metadata.record.TopicRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks one topic operation against an image and turns it into the metadata records of one
 * batch, following Kafka's rules and messages. Throws {@link TopicOperationException} for what the
 * client did wrong. Pure: reads the image, writes nothing; thread-safe if the validator is.
 */
final class TopicPlanner {

    /**
     * The most partitions one topic may have. Kafka has no limit; this guards against a request
     * that would create an absurd number of partition folders and metadata records.
     */
    static final int MAX_PARTITIONS_PER_TOPIC = 100_000;

    private final TopicDefaults defaults;
    private final TopicConfigValidator validator;

    TopicPlanner(TopicDefaults defaults, TopicConfigValidator validator) {
        this.defaults = defaults;
        this.validator = validator;
    }

    /** A checked topic creation: its records and its shape. */
    record CreatePlan(List<MetadataRecord> records, int numPartitions, int replicationFactor, Map<String, String> configs) {}

    CreatePlan planCreate(MetadataImage image, NewTopic topic, Uuid topicId) {
        checkNewName(image, topic.name());
        Map<String, String> configs = checkConfigs(topic);
        List<List<Integer>> replicas = topic.assignments().isEmpty()
                ? ReplicaPlacement.place(image, partitionCount(topic), replicationFactor(topic))
                : explicitReplicas(image, topic);
        List<MetadataRecord> records = new ArrayList<>(1 + configs.size() + replicas.size());
        records.add(new TopicRecord(topic.name(), topicId));
        configs.forEach((name, value) ->
                records.add(new ConfigRecord(ResourceType.TOPIC, topic.name(), name, Optional.of(value))));
        for (int partition = 0; partition < replicas.size(); partition++) {
            records.add(ReplicaPlacement.newPartition(topicId, partition, replicas.get(partition)));
        }
        return new CreatePlan(records, replicas.size(), replicas.get(0).size(), configs);
    }

    /** The records adding partitions to an existing topic; returns the new partition count with them. */
    List<MetadataRecord> planIncrease(MetadataImage image, PartitionIncrease increase) {
        TopicImage topic = image.topics().getTopic(increase.name()).orElseThrow(() -> unknownTopic(increase.name()));
        int current = topic.partitionCount();
        int wanted = increase.totalCount();
        if (wanted < current) {
            throw invalidPartitions("The topic " + topic.name() + " currently has " + current + " partition(s); "
                    + wanted + " would not be an increase.");
        }
        if (wanted == current) {
            throw invalidPartitions("Topic already has " + current + " partition(s).");
        }
        checkPartitionLimit(wanted);
        int replicationFactor = topic.partition(0).map(p -> p.replicas().size()).orElse(defaults.defaultReplicationFactor());
        List<List<Integer>> replicas = increase.assignments().isPresent()
                ? explicitIncrease(image, current, wanted, replicationFactor, increase.assignments().get())
                : ReplicaPlacement.place(image, wanted - current, replicationFactor);
        List<MetadataRecord> records = new ArrayList<>(replicas.size());
        for (int i = 0; i < replicas.size(); i++) {
            records.add(ReplicaPlacement.newPartition(topic.topicId(), current + i, replicas.get(i)));
        }
        return records;
    }

    /** The topic a deletion names; throws if there is none. */
    TopicImage planDelete(MetadataImage image, TopicRef ref) {
        if (!defaults.deleteTopicEnable()) {
            throw new TopicOperationException(TopicError.TOPIC_DELETION_DISABLED, "Topic deletion is disabled.");
        }
        if (ref instanceof TopicRef.ById byId) {
            return image.topics().getTopic(byId.topicId()).orElseThrow(() -> new TopicOperationException(
                    TopicError.UNKNOWN_TOPIC_ID, "This server does not host this topic ID."));
        }
        String name = ((TopicRef.ByName) ref).name();
        return image.topics().getTopic(name).orElseThrow(() -> unknownTopic(name));
    }

    static List<MetadataRecord> deleteRecords(TopicImage topic) {
        return List.of(new RemoveTopicRecord(topic.topicId()));
    }

    /** Checks that {@code name} is legal and free. */
    static void checkNewName(MetadataImage image, String name) {
        TopicNames.problem(name).ifPresent(problem -> {
            throw new TopicOperationException(TopicError.INVALID_TOPIC_NAME, problem);
        });
        if (image.topics().getTopic(name).isPresent()) {
            throw new TopicOperationException(TopicError.TOPIC_ALREADY_EXISTS, "Topic '" + name + "' already exists.");
        }
        image.topics().collidingTopic(name).ifPresent(existing -> {
            throw new TopicOperationException(
                    TopicError.INVALID_TOPIC_NAME, "Topic '" + name + "' collides with existing topic: " + existing);
        });
    }

    private int partitionCount(NewTopic topic) {
        int count = topic.numPartitions() == NewTopic.DEFAULT ? defaults.numPartitions() : topic.numPartitions();
        if (count <= 0) {
            throw invalidPartitions("Number of partitions was set to an invalid non-positive value.");
        }
        checkPartitionLimit(count);
        return count;
    }

    private int replicationFactor(NewTopic topic) {
        int factor = topic.replicationFactor() == NewTopic.DEFAULT
                ? defaults.defaultReplicationFactor()
                : topic.replicationFactor();
        if (factor <= 0) {
            throw new TopicOperationException(TopicError.INVALID_REPLICATION_FACTOR,
                    "Replication factor must be larger than 0, or -1 to use the default value.");
        }
        return factor;
    }

    private static List<List<Integer>> explicitReplicas(MetadataImage image, NewTopic topic) {
        if (topic.numPartitions() != NewTopic.DEFAULT || topic.replicationFactor() != NewTopic.DEFAULT) {
            throw new TopicOperationException(TopicError.INVALID_REQUEST, "A manual partition assignment was specified, "
                    + "but numPartitions or replicationFactor was not set to -1.");
        }
        checkPartitionLimit(topic.assignments().size());
        List<NewTopic.Assignment> sorted = topic.assignments().stream()
                .sorted(Comparator.comparingInt(NewTopic.Assignment::partition))
                .toList();
        List<List<Integer>> replicas = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            NewTopic.Assignment assignment = sorted.get(i);
            if (assignment.partition() != i) {
                throw ReplicaPlacement.invalidAssignment("Partitions should be numbered 0 to "
                        + (sorted.size() - 1) + " without gaps or repeats, but the assignment lists partition "
                        + assignment.partition() + " where " + i + " was expected.");
            }
            ReplicaPlacement.checkAssignment(image, i, assignment.brokerIds());
            checkSameFactor(replicas, assignment.brokerIds(), i);
            replicas.add(assignment.brokerIds());
        }
        return replicas;
    }

    private static List<List<Integer>> explicitIncrease(
            MetadataImage image, int current, int wanted, int replicationFactor, List<List<Integer>> assignments) {
        if (assignments.size() != wanted - current) {
            throw ReplicaPlacement.invalidAssignment("Attempted to add " + (wanted - current)
                    + " additional partition(s), but only " + assignments.size() + " assignment(s) were specified.");
        }
        for (int i = 0; i < assignments.size(); i++) {
            List<Integer> brokerIds = assignments.get(i);
            ReplicaPlacement.checkAssignment(image, current + i, brokerIds);
            if (brokerIds.size() != replicationFactor) {
                throw ReplicaPlacement.invalidAssignment("The manual partition assignment includes a partition with "
                        + brokerIds.size() + " replica(s), but this is not consistent with previous partitions, which have "
                        + replicationFactor + " replica(s).");
            }
        }
        return assignments;
    }

    private static void checkSameFactor(List<List<Integer>> previous, List<Integer> brokerIds, int partition) {
        if (!previous.isEmpty() && previous.get(0).size() != brokerIds.size()) {
            throw ReplicaPlacement.invalidAssignment("All partitions in the manual partition assignment must have the same "
                    + "number of replicas, but partition " + partition + " has " + brokerIds.size() + " and partition 0 has "
                    + previous.get(0).size() + ".");
        }
    }

    private Map<String, String> checkConfigs(NewTopic topic) {
        Map<String, String> configs = new LinkedHashMap<>();
        for (NewTopic.Config config : topic.configs()) {
            String value = config.value().orElseThrow(() -> new TopicOperationException(
                    TopicError.INVALID_CONFIG, "Null value not supported for topic configs: " + config.name()));
            if (config.name().isEmpty() || configs.put(config.name(), value) != null) {
                throw new TopicOperationException(TopicError.INVALID_CONFIG,
                        "Topic config '" + config.name() + "' is empty or given more than once.");
            }
        }
        validator.validate(topic.name(), Map.copyOf(configs));
        return configs;
    }

    private static void checkPartitionLimit(int count) {
        if (count > MAX_PARTITIONS_PER_TOPIC) {
            throw invalidPartitions("Number of partitions " + count + " is above Weir's limit of "
                    + MAX_PARTITIONS_PER_TOPIC + " per topic.");
        }
    }

    private static TopicOperationException invalidPartitions(String message) {
        return new TopicOperationException(TopicError.INVALID_PARTITIONS, message);
    }

    static TopicOperationException unknownTopic(String name) {
        return new TopicOperationException(
                TopicError.UNKNOWN_TOPIC, "This server does not host this topic-partition: " + name);
    }
}

package io.weir.broker.topic;

/**
 * The broker settings that shape topic management, under Kafka's names. Immutable.
 *
 * @param numPartitions {@code num.partitions}: partitions of a topic created without a count
 *     (CreateTopics with -1, or auto-creation); at least 1
 * @param defaultReplicationFactor {@code default.replication.factor}: replicas per partition when
 *     none is given; at least 1
 * @param autoCreateTopicsEnable {@code auto.create.topics.enable}: whether Metadata requests may
 *     create the topics they name
 * @param deleteTopicEnable {@code delete.topic.enable}: whether DeleteTopics may delete
 */
public record TopicDefaults(
        int numPartitions, int defaultReplicationFactor, boolean autoCreateTopicsEnable, boolean deleteTopicEnable) {

    /** Kafka's defaults: one partition, one replica, auto-creation and deletion enabled. */
    public static final TopicDefaults KAFKA_DEFAULTS = new TopicDefaults(1, 1, true, true);

    /** Checks the fields. */
    public TopicDefaults {
        if (numPartitions < 1) {
            throw new IllegalArgumentException("num.partitions must be at least 1, got " + numPartitions);
        }
        if (defaultReplicationFactor < 1) {
            throw new IllegalArgumentException(
                    "default.replication.factor must be at least 1, got " + defaultReplicationFactor);
        }
    }
}

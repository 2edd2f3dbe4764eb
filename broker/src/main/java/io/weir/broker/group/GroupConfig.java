package io.weir.broker.group;

/**
 * The group coordinator's settings, with Kafka's property names and defaults.
 *
 * @param offsetsTopicNumPartitions {@code offsets.topic.num.partitions} (50)
 * @param offsetsTopicReplicationFactor {@code offsets.topic.replication.factor}
 * @param offsetsTopicSegmentBytes {@code offsets.topic.segment.bytes} (100 MiB)
 * @param offsetsRetentionMs {@code offsets.retention.minutes} (7 days) in ms
 * @param offsetsRetentionCheckIntervalMs {@code offsets.retention.check.interval.ms} (10 minutes)
 * @param groupInitialRebalanceDelayMs {@code group.initial.rebalance.delay.ms} (3 s)
 * @param groupMinSessionTimeoutMs {@code group.min.session.timeout.ms} (6 s)
 * @param groupMaxSessionTimeoutMs {@code group.max.session.timeout.ms} (30 minutes)
 * @param groupMaxSize {@code group.max.size} (unbounded)
 * @param offsetMetadataMaxBytes {@code offset.metadata.max.bytes} (4096)
 * @param consumer the settings of consumer-protocol groups (KIP-848)
 */
public record GroupConfig(int offsetsTopicNumPartitions, short offsetsTopicReplicationFactor, int offsetsTopicSegmentBytes,
        long offsetsRetentionMs, long offsetsRetentionCheckIntervalMs, int groupInitialRebalanceDelayMs,
        int groupMinSessionTimeoutMs, int groupMaxSessionTimeoutMs, int groupMaxSize, int offsetMetadataMaxBytes,
        ConsumerGroupConfig consumer) {

    public static final int DEFAULT_SEGMENT_BYTES = 100 * 1024 * 1024;
    public static final long DEFAULT_RETENTION_CHECK_INTERVAL_MS = 600_000L;
    public static final int DEFAULT_MIN_SESSION_TIMEOUT_MS = 6_000;
    public static final int DEFAULT_MAX_SESSION_TIMEOUT_MS = 1_800_000;
    public static final int DEFAULT_OFFSET_METADATA_MAX_BYTES = 4096;

    public GroupConfig {
        if (offsetsTopicNumPartitions < 1) {
            throw new IllegalArgumentException("offsets.topic.num.partitions must be at least 1");
        }
    }

    /** The classic settings, with Kafka's defaults for consumer-protocol groups. */
    public GroupConfig(int offsetsTopicNumPartitions, short offsetsTopicReplicationFactor, int offsetsTopicSegmentBytes,
            long offsetsRetentionMs, long offsetsRetentionCheckIntervalMs, int groupInitialRebalanceDelayMs,
            int groupMinSessionTimeoutMs, int groupMaxSessionTimeoutMs, int groupMaxSize, int offsetMetadataMaxBytes) {
        this(offsetsTopicNumPartitions, offsetsTopicReplicationFactor, offsetsTopicSegmentBytes, offsetsRetentionMs,
                offsetsRetentionCheckIntervalMs, groupInitialRebalanceDelayMs, groupMinSessionTimeoutMs, groupMaxSessionTimeoutMs,
                groupMaxSize, offsetMetadataMaxBytes, ConsumerGroupConfig.defaults());
    }

    /** These settings with {@code consumer} for consumer-protocol groups. */
    public GroupConfig withConsumer(ConsumerGroupConfig consumer) {
        return new GroupConfig(offsetsTopicNumPartitions, offsetsTopicReplicationFactor, offsetsTopicSegmentBytes, offsetsRetentionMs,
                offsetsRetentionCheckIntervalMs, groupInitialRebalanceDelayMs, groupMinSessionTimeoutMs, groupMaxSessionTimeoutMs,
                groupMaxSize, offsetMetadataMaxBytes, consumer);
    }

    /** Kafka's defaults with the given partition count, retention and initial delay. */
    public static GroupConfig defaults(int numPartitions, short replicationFactor, long retentionMs, int initialRebalanceDelayMs) {
        return new GroupConfig(numPartitions, replicationFactor, DEFAULT_SEGMENT_BYTES, retentionMs,
                DEFAULT_RETENTION_CHECK_INTERVAL_MS, initialRebalanceDelayMs, DEFAULT_MIN_SESSION_TIMEOUT_MS,
                DEFAULT_MAX_SESSION_TIMEOUT_MS, Integer.MAX_VALUE, DEFAULT_OFFSET_METADATA_MAX_BYTES);
    }
}

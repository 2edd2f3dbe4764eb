package io.weir.broker.group;

import io.weir.metadata.config.BrokerConfig;
import io.weir.metadata.config.ConfigException;
import io.weir.metadata.config.ConfigValues;
import java.util.List;

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

    /**
     * The settings a node's configuration gives, with Kafka's checks across keys: each consumer
     * session timeout and heartbeat interval within its bounds, the heartbeat interval shorter than
     * the session timeout, the classic minimum session timeout not above the maximum.
     *
     * @throws ConfigException naming the first problem
     */
    public static GroupConfig from(BrokerConfig config) {
        ConfigValues values = config.values();
        int consumerSessionMs = within(values, "group.consumer.session.timeout.ms", "group.consumer.min.session.timeout.ms",
                "group.consumer.max.session.timeout.ms");
        int consumerHeartbeatMs = within(values, "group.consumer.heartbeat.interval.ms", "group.consumer.min.heartbeat.interval.ms",
                "group.consumer.max.heartbeat.interval.ms");
        if (consumerHeartbeatMs >= consumerSessionMs) {
            throw new ConfigException("group.consumer.heartbeat.interval.ms (" + consumerHeartbeatMs
                    + ") must be less than group.consumer.session.timeout.ms (" + consumerSessionMs + ")");
        }
        if (values.getInt("group.min.session.timeout.ms") > values.getInt("group.max.session.timeout.ms")) {
            throw new ConfigException("group.min.session.timeout.ms must not exceed group.max.session.timeout.ms");
        }
        List<String> assignors = values.getList("group.consumer.assignors").stream().map(GroupConfig::assignorName).distinct().toList();
        ConsumerGroupConfig consumer = new ConsumerGroupConfig(consumerSessionMs, consumerHeartbeatMs,
                ConsumerGroupConfig.defaults().reconcilingHeartbeatIntervalMs(), values.getInt("group.consumer.max.size"), assignors,
                MigrationPolicy.parse(values.getString("group.consumer.migration.policy")));
        return new GroupConfig(config.offsetsTopicNumPartitions(), config.offsetsTopicReplicationFactor(), DEFAULT_SEGMENT_BYTES,
                config.offsetsRetentionMinutes() * 60_000L, values.getLong("offsets.retention.check.interval.ms"),
                config.groupInitialRebalanceDelayMs(), values.getInt("group.min.session.timeout.ms"),
                values.getInt("group.max.session.timeout.ms"), values.getInt("group.max.size"),
                values.getInt("offset.metadata.max.bytes"), consumer);
    }

    private static int within(ConfigValues values, String key, String minKey, String maxKey) {
        int value = values.getInt(key);
        int min = values.getInt(minKey);
        int max = values.getInt(maxKey);
        if (min > max) {
            throw new ConfigException(minKey + " (" + min + ") must not exceed " + maxKey + " (" + max + ")");
        }
        if (value < min || value > max) {
            throw new ConfigException(key + " (" + value + ") must lie between " + minKey + " (" + min + ") and " + maxKey
                    + " (" + max + ")");
        }
        return value;
    }

    /** "uniform" or "range" for Weir's names and Kafka's class names of the same assignors. */
    private static String assignorName(String configured) {
        String simple = configured.substring(configured.lastIndexOf('.') + 1);
        return switch (simple) {
            case "UniformAssignor" -> UniformAssignor.NAME;
            case "RangeAssignor" -> RangeAssignor.NAME;
            default -> simple;
        };
    }

    /** Kafka's defaults with the given partition count, retention and initial delay. */
    public static GroupConfig defaults(int numPartitions, short replicationFactor, long retentionMs, int initialRebalanceDelayMs) {
        return new GroupConfig(numPartitions, replicationFactor, DEFAULT_SEGMENT_BYTES, retentionMs,
                DEFAULT_RETENTION_CHECK_INTERVAL_MS, initialRebalanceDelayMs, DEFAULT_MIN_SESSION_TIMEOUT_MS,
                DEFAULT_MAX_SESSION_TIMEOUT_MS, Integer.MAX_VALUE, DEFAULT_OFFSET_METADATA_MAX_BYTES);
    }
}

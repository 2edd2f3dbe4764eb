package io.weir.broker.config;

import io.weir.metadata.config.BrokerConfig;
import io.weir.metadata.config.TopicConfig;
import io.weir.storage.CleanupPolicy;
import io.weir.storage.Compression;
import io.weir.storage.LogConfig;
import io.weir.storage.TimestampType;
import io.weir.storage.TopicCompression;
import java.util.Map;

/**
 * The mapping from a topic's effective configuration to the settings of its partition logs. Each
 * {@link LogConfig} field takes the topic key of the same name: the topic's override, else the
 * node's synonym ({@code log.segment.bytes} for {@code segment.bytes}), else the default. Stateless
 * and thread-safe.
 */
public final class TopicLogConfigs {

    private TopicLogConfigs() {}

    /**
     * The log settings of a topic with these overrides on this node.
     *
     * @param node the node's configuration
     * @param topicOverrides the topic's own settings, as stored in the metadata image
     * @return the settings every partition log of the topic should use
     * @throws io.weir.metadata.config.ConfigException for an unknown key or an invalid value
     * @throws IllegalArgumentException for a value the registry accepts but the log cannot use
     *     (for example {@code segment.bytes} below 64, or {@code segment.index.bytes} below 24)
     */
    public static LogConfig logConfigFor(BrokerConfig node, Map<String, String> topicOverrides) {
        return logConfigFor(node.topicConfig(topicOverrides));
    }

    /**
     * The log settings for an already resolved topic configuration.
     *
     * @throws IllegalArgumentException for a value the log cannot use
     */
    public static LogConfig logConfigFor(TopicConfig topic) {
        return new LogConfig(
                topic.segmentBytes(),
                topic.segmentMs(),
                topic.segmentJitterMs(),
                topic.segmentIndexBytes(),
                topic.indexIntervalBytes(),
                topic.retentionMs(),
                topic.retentionBytes(),
                topic.flushMessages(),
                topic.flushMs(),
                topic.maxMessageBytes(),
                topic.logAppendTime() ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME,
                topic.fileDeleteDelayMs(),
                CleanupPolicy.fromNames(topic.cleanupPolicy()),
                topic.minCleanableDirtyRatio(),
                topic.deleteRetentionMs(),
                topic.minCompactionLagMs(),
                topic.maxCompactionLagMs(),
                new Compression(TopicCompression.byName(topic.compressionType()).orElseThrow(() -> new IllegalArgumentException(
                        "compression.type " + topic.compressionType() + " is not a codec the log knows")),
                        topic.compressionLevel()));
    }
}

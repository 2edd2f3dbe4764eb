package io.weir.metadata.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A topic's effective configuration: for every topic-level key, the topic's own override if it has
 * one ({@link ConfigSource#DYNAMIC_TOPIC_CONFIG}), else the first node-level synonym the node's
 * configuration sets ({@link ConfigSource#STATIC_BROKER_CONFIG}), else the default ({@link
 * ConfigSource#DEFAULT_CONFIG}). Immutable and thread-safe.
 */
public final class TopicConfig {
    private final Map<String, ConfigEntry> entries;
    private final Map<String, Object> values;

    private TopicConfig(Map<String, ConfigEntry> entries, Map<String, Object> values) {
        this.entries = entries;
        this.values = values;
    }

    /**
     * Parses and validates a topic's overrides, as CreateTopics and AlterConfigs receive them.
     *
     * @return the parsed values by key
     * @throws ConfigException for an unknown key or an invalid value
     */
    public static Map<String, Object> validateOverrides(Map<String, String> overrides) {
        return TopicConfigs.REGISTRY.parse(overrides).explicitValues();
    }

    /**
     * Resolves a topic's effective values.
     *
     * @param node the node's parsed configuration (from {@link BrokerConfig#values()})
     * @param overrides the topic's own settings
     * @throws ConfigException for an unknown key or an invalid value among the overrides
     */
    public static TopicConfig resolve(ConfigValues node, Map<String, String> overrides) {
        ConfigValues topic = TopicConfigs.REGISTRY.parse(overrides);
        Map<String, ConfigEntry> entries = new LinkedHashMap<>();
        Map<String, Object> values = new LinkedHashMap<>();
        for (ConfigDefinition definition : TopicConfigs.REGISTRY.definitions()) {
            List<ConfigEntry.SynonymValue> holders = holders(definition, topic, node);
            ConfigEntry.SynonymValue winner = holders.get(0);
            boolean sensitive = definition.type() == ConfigType.PASSWORD;
            entries.put(definition.name(),
                    new ConfigEntry(definition.name(), winner.value(), winner.source(), sensitive, holders));
            values.put(definition.name(), winningValue(definition, topic, node));
        }
        return new TopicConfig(java.util.Collections.unmodifiableMap(entries), values);
    }

    /** The configuration of a topic with no overrides. */
    public static TopicConfig defaultsFor(ConfigValues node) {
        return resolve(node, Map.of());
    }

    private static List<ConfigEntry.SynonymValue> holders(
            ConfigDefinition definition, ConfigValues topic, ConfigValues node) {
        List<ConfigEntry.SynonymValue> holders = new ArrayList<>();
        if (topic.isExplicit(definition.name())) {
            holders.add(holder(definition, definition.name(), topic.require(definition.name()),
                    ConfigSource.DYNAMIC_TOPIC_CONFIG));
        }
        for (Synonym synonym : definition.synonyms()) {
            if (node.isExplicit(synonym.name())) {
                holders.add(holder(definition, synonym.name(),
                        synonym.convert(node.require(synonym.name())), ConfigSource.STATIC_BROKER_CONFIG));
            }
        }
        holders.add(holder(definition, definition.name(), definition.defaultValue().orElseThrow(),
                ConfigSource.DEFAULT_CONFIG));
        return holders;
    }

    private static ConfigEntry.SynonymValue holder(
            ConfigDefinition definition, String name, Object value, ConfigSource source) {
        String text = definition.type() == ConfigType.PASSWORD ? Password.HIDDEN : definition.type().format(value);
        return new ConfigEntry.SynonymValue(name, text, source);
    }

    private static Object winningValue(ConfigDefinition definition, ConfigValues topic, ConfigValues node) {
        if (topic.isExplicit(definition.name())) {
            return topic.require(definition.name());
        }
        return definition.synonyms().stream()
                .filter(synonym -> node.isExplicit(synonym.name()))
                .findFirst()
                .map(synonym -> synonym.convert(node.require(synonym.name())))
                .orElseGet(() -> definition.defaultValue().orElseThrow());
    }

    /** Every topic-level key's effective entry, in registry order. */
    public List<ConfigEntry> entries() {
        return List.copyOf(entries.values());
    }

    /** One key's effective entry. */
    public Optional<ConfigEntry> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** One key's effective parsed value. */
    public Object value(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw TopicConfigs.REGISTRY.unknownKey(name);
        }
        return value;
    }

    public List<String> cleanupPolicy() {
        return ((List<?>) value(TopicConfigs.CLEANUP_POLICY)).stream().map(String::valueOf).toList();
    }

    /** Whether {@code cleanup.policy} includes compact. */
    public boolean compact() {
        return cleanupPolicy().contains("compact");
    }

    /** Whether {@code cleanup.policy} includes delete. */
    public boolean delete() {
        return cleanupPolicy().contains("delete");
    }

    public String compressionType() {
        return (String) value(TopicConfigs.COMPRESSION_TYPE);
    }

    public long deleteRetentionMs() {
        return longValue(TopicConfigs.DELETE_RETENTION_MS);
    }

    public long fileDeleteDelayMs() {
        return longValue(TopicConfigs.FILE_DELETE_DELAY_MS);
    }

    public long flushMessages() {
        return longValue(TopicConfigs.FLUSH_MESSAGES);
    }

    public long flushMs() {
        return longValue(TopicConfigs.FLUSH_MS);
    }

    public int indexIntervalBytes() {
        return (int) longValue(TopicConfigs.INDEX_INTERVAL_BYTES);
    }

    public long maxCompactionLagMs() {
        return longValue(TopicConfigs.MAX_COMPACTION_LAG_MS);
    }

    public int maxMessageBytes() {
        return (int) longValue(TopicConfigs.MAX_MESSAGE_BYTES);
    }

    /** True for LogAppendTime, false for CreateTime. */
    public boolean logAppendTime() {
        return "LogAppendTime".equals(value(TopicConfigs.MESSAGE_TIMESTAMP_TYPE));
    }

    public long messageTimestampBeforeMaxMs() {
        return longValue(TopicConfigs.MESSAGE_TIMESTAMP_BEFORE_MAX_MS);
    }

    public long messageTimestampAfterMaxMs() {
        return longValue(TopicConfigs.MESSAGE_TIMESTAMP_AFTER_MAX_MS);
    }

    public double minCleanableDirtyRatio() {
        return ((Number) value(TopicConfigs.MIN_CLEANABLE_DIRTY_RATIO)).doubleValue();
    }

    public long minCompactionLagMs() {
        return longValue(TopicConfigs.MIN_COMPACTION_LAG_MS);
    }

    public int minInsyncReplicas() {
        return (int) longValue(TopicConfigs.MIN_INSYNC_REPLICAS);
    }

    public long retentionBytes() {
        return longValue(TopicConfigs.RETENTION_BYTES);
    }

    /** Retention time in milliseconds; -1 keeps data forever. */
    public long retentionMs() {
        return longValue(TopicConfigs.RETENTION_MS);
    }

    public int segmentBytes() {
        return (int) longValue(TopicConfigs.SEGMENT_BYTES);
    }

    public int segmentIndexBytes() {
        return (int) longValue(TopicConfigs.SEGMENT_INDEX_BYTES);
    }

    public long segmentJitterMs() {
        return longValue(TopicConfigs.SEGMENT_JITTER_MS);
    }

    public long segmentMs() {
        return longValue(TopicConfigs.SEGMENT_MS);
    }

    public boolean uncleanLeaderElectionEnable() {
        return (Boolean) value(TopicConfigs.UNCLEAN_LEADER_ELECTION_ENABLE);
    }

    private long longValue(String name) {
        return ((Number) value(name)).longValue();
    }
}

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
 * ConfigSource#DEFAULT_CONFIG}).
 *
 * <p>Each entry's synonyms are listed as Kafka 4.4 lists them: the override under the topic key;
 * each node-level synonym the node sets, under its own name and in its own unit ({@code
 * log.retention.hours=1}); then the default of the first node-level synonym under that key's name
 * ({@code log.cleanup.policy=delete}), left out when that key has no default of its own ({@code
 * log.retention.ms}, whose default comes from {@code log.retention.hours}) or the topic key has no
 * node-level synonym. (Kafka also drops node values set under a later synonym when the first is
 * not set; Weir keeps them, as they are where the value comes from.)
 *
 * <p>Immutable and thread-safe.
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
            Object value = winningValue(definition, topic, node);
            boolean sensitive = definition.type() == ConfigType.PASSWORD;
            entries.put(definition.name(), new ConfigEntry(definition.name(), text(definition, value),
                    winningSource(definition, topic, node), sensitive, synonyms(definition, topic, node)));
            values.put(definition.name(), value);
        }
        return new TopicConfig(java.util.Collections.unmodifiableMap(entries), values);
    }

    /** The configuration of a topic with no overrides. */
    public static TopicConfig defaultsFor(ConfigValues node) {
        return resolve(node, Map.of());
    }

    private static List<ConfigEntry.SynonymValue> synonyms(
            ConfigDefinition definition, ConfigValues topic, ConfigValues node) {
        List<ConfigEntry.SynonymValue> synonyms = new ArrayList<>();
        if (topic.isExplicit(definition.name())) {
            synonyms.add(new ConfigEntry.SynonymValue(definition.name(),
                    text(definition, topic.require(definition.name())), ConfigSource.DYNAMIC_TOPIC_CONFIG));
        }
        for (Synonym synonym : definition.synonyms()) {
            if (node.isExplicit(synonym.name())) {
                ConfigDefinition nodeKey = BrokerConfigs.REGISTRY.definition(synonym.name());
                synonyms.add(new ConfigEntry.SynonymValue(synonym.name(),
                        text(nodeKey, node.require(synonym.name())), ConfigSource.STATIC_BROKER_CONFIG));
            }
        }
        definition.synonyms().stream().findFirst()
                .flatMap(first -> BrokerConfigs.REGISTRY.find(first.name()))
                .ifPresent(nodeKey -> nodeKey.defaultValue().ifPresent(value -> synonyms.add(
                        new ConfigEntry.SynonymValue(nodeKey.name(), text(nodeKey, value), ConfigSource.DEFAULT_CONFIG))));
        return synonyms;
    }

    private static String text(ConfigDefinition definition, Object value) {
        return definition.type() == ConfigType.PASSWORD ? Password.HIDDEN : definition.type().format(value);
    }

    private static ConfigSource winningSource(ConfigDefinition definition, ConfigValues topic, ConfigValues node) {
        if (topic.isExplicit(definition.name())) {
            return ConfigSource.DYNAMIC_TOPIC_CONFIG;
        }
        return definition.synonyms().stream().anyMatch(synonym -> node.isExplicit(synonym.name()))
                ? ConfigSource.STATIC_BROKER_CONFIG
                : ConfigSource.DEFAULT_CONFIG;
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

    /** The level of the codec {@code compression.type} names (its {@code compression.<codec>.level}), 0 if it has none. */
    public int compressionLevel() {
        return switch (compressionType()) {
            case "gzip" -> (int) longValue(TopicConfigs.COMPRESSION_GZIP_LEVEL);
            case "lz4" -> (int) longValue(TopicConfigs.COMPRESSION_LZ4_LEVEL);
            case "zstd" -> (int) longValue(TopicConfigs.COMPRESSION_ZSTD_LEVEL);
            default -> 0;
        };
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

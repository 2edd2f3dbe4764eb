package io.weir.metadata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopicConfigTest {

    private static ConfigValues node(String... pairs) {
        return BrokerConfig.load(Optional.empty(), List.of(pairs)).values();
    }

    @Test
    void topicOverrideWinsOverNodeValueWhichWinsOverDefault() {
        ConfigValues node = node("log.segment.bytes=2048", "log.retention.hours=1");

        TopicConfig topic = TopicConfig.resolve(node, Map.of("segment.bytes", "1024"));

        assertThat(topic.segmentBytes()).isEqualTo(1024);
        assertThat(topic.entry("segment.bytes").orElseThrow().source()).isEqualTo(ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(topic.retentionMs()).isEqualTo(3_600_000L);
        assertThat(topic.entry("retention.ms").orElseThrow().source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(topic.maxMessageBytes()).isEqualTo(1048588);
        assertThat(topic.entry("max.message.bytes").orElseThrow().source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
    }

    @Test
    void synonymsListEveryHolderInPrecedenceOrder() {
        ConfigValues node = node("log.retention.hours=1", "log.retention.minutes=30");

        ConfigEntry entry = TopicConfig.resolve(node, Map.of("retention.ms", "1000")).entry("retention.ms").orElseThrow();

        assertThat(entry.value()).isEqualTo("1000");
        assertThat(entry.synonyms()).containsExactly(
                new ConfigEntry.SynonymValue("retention.ms", "1000", ConfigSource.DYNAMIC_TOPIC_CONFIG),
                new ConfigEntry.SynonymValue("log.retention.minutes", "30", ConfigSource.STATIC_BROKER_CONFIG),
                new ConfigEntry.SynonymValue("log.retention.hours", "1", ConfigSource.STATIC_BROKER_CONFIG));
    }

    @Test
    void theDefaultSynonymIsTheNodeKeysOwnDefaultAsKafkaListsIt() {
        TopicConfig topic = TopicConfig.resolve(node(), Map.of("segment.bytes", "1048576", "retention.ms", "99999"));

        // Kafka 4.4 names a default by the topic key's node-level key, and lists none when that key
        // has no default of its own (log.retention.ms, log.roll.ms) or the topic key has no such key.
        assertThat(topic.entry("cleanup.policy").orElseThrow().synonyms()).containsExactly(
                new ConfigEntry.SynonymValue("log.cleanup.policy", "delete", ConfigSource.DEFAULT_CONFIG));
        assertThat(topic.entry("max.message.bytes").orElseThrow().synonyms()).containsExactly(
                new ConfigEntry.SynonymValue("message.max.bytes", "1048588", ConfigSource.DEFAULT_CONFIG));
        assertThat(topic.entry("segment.bytes").orElseThrow().synonyms()).containsExactly(
                new ConfigEntry.SynonymValue("segment.bytes", "1048576", ConfigSource.DYNAMIC_TOPIC_CONFIG),
                new ConfigEntry.SynonymValue("log.segment.bytes", "1073741824", ConfigSource.DEFAULT_CONFIG));
        assertThat(topic.entry("retention.ms").orElseThrow().synonyms()).containsExactly(
                new ConfigEntry.SynonymValue("retention.ms", "99999", ConfigSource.DYNAMIC_TOPIC_CONFIG));
        assertThat(topic.entry("segment.ms").orElseThrow().synonyms()).isEmpty();
        assertThat(topic.entry("leader.replication.throttled.replicas").orElseThrow().synonyms()).isEmpty();
        ConfigEntry segmentMs = topic.entry("segment.ms").orElseThrow();
        assertThat(segmentMs.value()).isEqualTo("604800000");
        assertThat(segmentMs.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
    }

    @Test
    void nodeRetentionPrecedenceCarriesOverToTopics() {
        assertThat(TopicConfig.defaultsFor(node("log.retention.minutes=2", "log.retention.hours=1")).retentionMs())
                .isEqualTo(120_000L);
        assertThat(TopicConfig.defaultsFor(node("log.retention.ms=-1", "log.retention.hours=1")).retentionMs())
                .isEqualTo(-1L);
        assertThat(TopicConfig.defaultsFor(node("log.roll.hours=1")).segmentMs()).isEqualTo(3_600_000L);
        assertThat(TopicConfig.defaultsFor(node("log.flush.interval.messages=10")).flushMessages()).isEqualTo(10L);
        assertThat(TopicConfig.defaultsFor(node("message.max.bytes=5000")).maxMessageBytes()).isEqualTo(5000);
    }

    @Test
    void typedGettersDecodeValues() {
        TopicConfig topic = TopicConfig.resolve(node(), Map.of(
                "cleanup.policy", "compact,delete", "message.timestamp.type", "LogAppendTime",
                "min.cleanable.dirty.ratio", "0.1", "unclean.leader.election.enable", "true"));

        assertThat(topic.compact()).isTrue();
        assertThat(topic.delete()).isTrue();
        assertThat(topic.logAppendTime()).isTrue();
        assertThat(topic.minCleanableDirtyRatio()).isEqualTo(0.1);
        assertThat(topic.uncleanLeaderElectionEnable()).isTrue();
        assertThat(topic.compressionType()).isEqualTo("producer");
    }

    @Test
    void topicDefaultsEqualWhatTheNodeDefaultsGive() {
        ConfigValues defaults = node();
        for (ConfigDefinition definition : TopicConfigs.REGISTRY.definitions()) {
            if (definition.synonyms().isEmpty()) {
                continue; // a topic-only key (the replication throttles): nothing on the node to agree with
            }
            Object fromNode = defaults.value(definition.synonyms().get(0).name()).orElseThrow();
            Object topicDefault = definition.defaultValue().orElseThrow();
            assertThat(definition.type().format(fromNode)).as(definition.name())
                    .isEqualTo(definition.type().format(topicDefault));
            assertThat(definition.synonyms()).allSatisfy(synonym ->
                    assertThat(BrokerConfigs.REGISTRY.find(synonym.name())).as(synonym.name()).isPresent());
        }
    }

    @Test
    void overridesAreValidated() {
        assertThat(TopicConfig.validateOverrides(Map.of("retention.ms", " 100 "))).containsEntry("retention.ms", 100L);
        assertThatThrownBy(() -> TopicConfig.validateOverrides(Map.of("segment.bytes", "1")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 1 for segment.bytes: must be at least 14");
        assertThatThrownBy(() -> TopicConfig.validateOverrides(Map.of("retention.mss", "1")))
                .hasMessage("Unknown configuration key 'retention.mss' (did you mean 'retention.ms'?)");
        assertThatThrownBy(() -> TopicConfig.validateOverrides(Map.of("cleanup.policy", "forever")))
                .hasMessage("Invalid value forever for cleanup.policy: 'forever' is not one of delete, compact");
    }
}

package io.weir.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.metadata.config.BrokerConfig;
import io.weir.metadata.config.ConfigException;
import io.weir.storage.CleanupPolicy;
import io.weir.storage.Compression;
import io.weir.storage.LogConfig;
import io.weir.storage.TimestampType;
import io.weir.storage.TopicCompression;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicLogConfigsTest {

    @Test
    void noOverridesOnADefaultNodeGiveTheLogDefaults() {
        assertThat(TopicLogConfigs.logConfigFor(BrokerConfig.defaults(), Map.of())).isEqualTo(LogConfig.defaults());
    }

    @Test
    void everyLogSettingTakesItsTopicKey() {
        Map<String, String> overrides = Map.ofEntries(
                Map.entry("segment.bytes", "100000"),
                Map.entry("segment.ms", "1000"),
                Map.entry("segment.jitter.ms", "10"),
                Map.entry("segment.index.bytes", "4096"),
                Map.entry("index.interval.bytes", "128"),
                Map.entry("retention.ms", "-1"),
                Map.entry("retention.bytes", "999999"),
                Map.entry("flush.messages", "5"),
                Map.entry("flush.ms", "200"),
                Map.entry("max.message.bytes", "2000"),
                Map.entry("message.timestamp.type", "LogAppendTime"),
                Map.entry("file.delete.delay.ms", "7"));

        LogConfig config = TopicLogConfigs.logConfigFor(BrokerConfig.defaults(), overrides);

        assertThat(config).isEqualTo(new LogConfig(100000, 1000, 10, 4096, 128, -1, 999999, 5, 200, 2000,
                TimestampType.LOG_APPEND_TIME, 7));
        assertThat(TopicLogConfigs.logConfigFor(BrokerConfig.defaults(), Map.of("compression.type", "lz4")).compression())
                .isEqualTo(new Compression(TopicCompression.LZ4, 9));
    }

    @Test
    void theCompressionLevelIsTheOneOfTheTopicsCodecFromTheTopicOrTheNode() {
        BrokerConfig node = BrokerConfig.parse(Map.of("compression.zstd.level", "7", "compression.gzip.level", "2"));
        assertThat(TopicLogConfigs.logConfigFor(node, Map.of("compression.type", "zstd")).compression())
                .isEqualTo(new Compression(TopicCompression.ZSTD, 7));
        assertThat(TopicLogConfigs.logConfigFor(node, Map.of("compression.type", "zstd", "compression.zstd.level", "-5"))
                .compression()).isEqualTo(new Compression(TopicCompression.ZSTD, -5));
        assertThat(TopicLogConfigs.logConfigFor(node, Map.of("compression.type", "gzip", "compression.lz4.level", "12"))
                .compression()).isEqualTo(new Compression(TopicCompression.GZIP, 2));
        assertThat(TopicLogConfigs.logConfigFor(node, Map.of("compression.type", "snappy")).compression())
                .isEqualTo(new Compression(TopicCompression.SNAPPY, 0));
        assertThat(TopicLogConfigs.logConfigFor(node, Map.of()).compression()).isEqualTo(Compression.PRODUCER);
    }

    @Test
    void compactionSettingsTakeTheirTopicKeys() {
        Map<String, String> overrides = Map.of("cleanup.policy", "compact,delete", "min.cleanable.dirty.ratio", "0.25",
                "delete.retention.ms", "1000", "min.compaction.lag.ms", "2000", "max.compaction.lag.ms", "3000");

        LogConfig config = TopicLogConfigs.logConfigFor(BrokerConfig.defaults(), overrides);

        assertThat(config.cleanupPolicy()).isEqualTo(CleanupPolicy.COMPACT_DELETE);
        assertThat(config.minCleanableDirtyRatio()).isEqualTo(0.25);
        assertThat(config.deleteRetentionMs()).isEqualTo(1000);
        assertThat(config.minCompactionLagMs()).isEqualTo(2000);
        assertThat(config.maxCompactionLagMs()).isEqualTo(3000);
        assertThat(TopicLogConfigs.logConfigFor(BrokerConfig.defaults(), Map.of("cleanup.policy", "compact"))
                .cleanupPolicy()).isEqualTo(CleanupPolicy.COMPACT);
        assertThat(TopicLogConfigs.logConfigFor(BrokerConfig.parse(Map.of("log.cleanup.policy", "compact")), Map.of())
                .cleanupPolicy()).isEqualTo(CleanupPolicy.COMPACT);
    }

    @Test
    void nodeValuesApplyWhereTheTopicSaysNothing() {
        BrokerConfig node = BrokerConfig.parse(Map.of("log.segment.bytes", "3000000", "log.retention.hours", "2",
                "log.roll.ms", "5000", "message.max.bytes", "4000"));

        LogConfig config = TopicLogConfigs.logConfigFor(node, Map.of("retention.ms", "100"));

        assertThat(config.segmentBytes()).isEqualTo(3000000);
        assertThat(config.segmentMs()).isEqualTo(5000);
        assertThat(config.maxMessageBytes()).isEqualTo(4000);
        assertThat(config.retentionMs()).isEqualTo(100);
        assertThat(TopicLogConfigs.logConfigFor(node, Map.of()).retentionMs()).isEqualTo(7_200_000);
    }

    @Test
    void invalidOverridesAreRefused() {
        assertThatThrownBy(() -> TopicLogConfigs.logConfigFor(BrokerConfig.defaults(), Map.of("segment.ms", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("segment.ms");
        assertThatThrownBy(() -> TopicLogConfigs.logConfigFor(BrokerConfig.defaults(), Map.of("segment.bytes", "20")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("segment.bytes");
    }
}

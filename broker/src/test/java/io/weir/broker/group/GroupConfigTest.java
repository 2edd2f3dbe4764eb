package io.weir.broker.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.metadata.config.BrokerConfig;
import io.weir.metadata.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The group coordinator's settings from a node's configuration: Kafka's defaults and cross-key checks. */
class GroupConfigTest {

    @Test
    void defaultsAreKafkas() {
        GroupConfig config = GroupConfig.from(BrokerConfig.defaults());
        assertThat(config.groupMinSessionTimeoutMs()).isEqualTo(6_000);
        assertThat(config.groupMaxSessionTimeoutMs()).isEqualTo(1_800_000);
        assertThat(config.groupMaxSize()).isEqualTo(Integer.MAX_VALUE);
        assertThat(config.offsetMetadataMaxBytes()).isEqualTo(4096);
        assertThat(config.offsetsRetentionCheckIntervalMs()).isEqualTo(600_000L);
        assertThat(config.offsetsRetentionMs()).isEqualTo(7 * 24 * 3_600_000L);
        assertThat(config.consumer().sessionTimeoutMs()).isEqualTo(45_000);
        assertThat(config.consumer().heartbeatIntervalMs()).isEqualTo(5_000);
        assertThat(config.consumer().maxSize()).isEqualTo(Integer.MAX_VALUE);
        assertThat(config.consumer().assignors()).containsExactly("uniform", "range");
        assertThat(config.consumer().migrationPolicy()).isEqualTo(MigrationPolicy.BIDIRECTIONAL);
    }

    @Test
    void everyKeyIsRead() {
        GroupConfig config = GroupConfig.from(BrokerConfig.parse(Map.of("group.min.session.timeout.ms", "1000",
                "group.max.session.timeout.ms", "9000", "group.max.size", "3", "offset.metadata.max.bytes", "10",
                "offsets.retention.check.interval.ms", "1234", "group.consumer.session.timeout.ms", "50000",
                "group.consumer.heartbeat.interval.ms", "6000", "group.consumer.max.size", "4",
                "group.consumer.assignors", "org.apache.kafka.coordinator.group.assignor.RangeAssignor,uniform",
                "group.consumer.migration.policy", "downgrade")));
        assertThat(List.of(config.groupMinSessionTimeoutMs(), config.groupMaxSessionTimeoutMs(), config.groupMaxSize(),
                config.offsetMetadataMaxBytes())).containsExactly(1000, 9000, 3, 10);
        assertThat(config.offsetsRetentionCheckIntervalMs()).isEqualTo(1234L);
        assertThat(config.consumer().sessionTimeoutMs()).isEqualTo(50_000);
        assertThat(config.consumer().heartbeatIntervalMs()).isEqualTo(6_000);
        assertThat(config.consumer().maxSize()).isEqualTo(4);
        assertThat(config.consumer().assignors()).containsExactly("range", "uniform");
        assertThat(config.consumer().migrationPolicy()).isEqualTo(MigrationPolicy.DOWNGRADE);
    }

    @Test
    void timeoutsOutsideTheirBoundsStopTheStart() {
        assertThatThrownBy(() -> GroupConfig.from(BrokerConfig.parse(Map.of("group.consumer.session.timeout.ms", "30000"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("group.consumer.min.session.timeout.ms");
        assertThatThrownBy(() -> GroupConfig.from(BrokerConfig.parse(Map.of("group.consumer.heartbeat.interval.ms", "20000"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("group.consumer.max.heartbeat.interval.ms");
        assertThatThrownBy(() -> GroupConfig.from(BrokerConfig.parse(Map.of("group.consumer.session.timeout.ms", "5000",
                "group.consumer.min.session.timeout.ms", "1000", "group.consumer.min.heartbeat.interval.ms", "10"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must be less than");
        assertThatThrownBy(() -> BrokerConfig.parse(Map.of("group.consumer.migration.policy", "sideways")))
                .isInstanceOf(ConfigException.class);
    }
}

package io.weir.metadata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class GroupConfigsTest {
    private static final String SESSION = GroupConfigs.CONSUMER_SESSION_TIMEOUT_MS;
    private static final String HEARTBEAT = GroupConfigs.CONSUMER_HEARTBEAT_INTERVAL_MS;

    /** Session bounds 6-60 s (default 45 s), heartbeat bounds 1-15 s (default 5 s, set in the file). */
    private final ConfigValues node = node("group.consumer.min.session.timeout.ms=6000",
            "group.consumer.min.heartbeat.interval.ms=1000", "group.consumer.heartbeat.interval.ms=5000");

    private static ConfigValues node(String... pairs) {
        return BrokerConfig.load(Optional.empty(), List.of(pairs)).values();
    }

    @Test
    void valuesWithinTheNodesBoundsAreAccepted() {
        assertThatNoException().isThrownBy(() -> GroupConfigs.validate(node, Map.of(SESSION, "6000", HEARTBEAT, "1000")));
        assertThatNoException().isThrownBy(() -> GroupConfigs.validate(node, Map.of(SESSION, "60000")));
        assertThatNoException().isThrownBy(() -> GroupConfigs.validate(node, Map.of()));
    }

    @Test
    void valuesOutsideTheNodesBoundsNameTheKeyAndTheBound() {
        assertThatThrownBy(() -> GroupConfigs.validate(node, Map.of(SESSION, "5999")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 5999 for consumer.session.timeout.ms: must lie between"
                        + " group.consumer.min.session.timeout.ms (6000) and group.consumer.max.session.timeout.ms (60000)"
                        + " of this node");
        assertThatThrownBy(() -> GroupConfigs.validate(node, Map.of(HEARTBEAT, "15001")))
                .hasMessageContaining("consumer.heartbeat.interval.ms").hasMessageContaining("(15000)");
        assertThatThrownBy(() -> GroupConfigs.validate(node, Map.of(SESSION, "soon")))
                .hasMessageContaining("Invalid value soon for consumer.session.timeout.ms");
        assertThatThrownBy(() -> GroupConfigs.validate(node, Map.of(HEARTBEAT, "0")))
                .hasMessageContaining("consumer.heartbeat.interval.ms");
    }

    @Test
    void theSessionTimeoutMustExceedTheHeartbeatIntervalTheUnsetOneTakingTheNodesValue() {
        assertThatThrownBy(() -> GroupConfigs.validate(node, Map.of(SESSION, "8000", HEARTBEAT, "8000")))
                .hasMessage("consumer.session.timeout.ms (8000) must be greater than consumer.heartbeat.interval.ms (8000)");
        assertThatThrownBy(() -> GroupConfigs.validate(node, Map.of(SESSION, "6000", HEARTBEAT, "7000")))
                .hasMessageContaining("must be greater than");
        ConfigValues slowHeartbeats = node("group.consumer.min.session.timeout.ms=6000",
                "group.consumer.heartbeat.interval.ms=10000");
        assertThatThrownBy(() -> GroupConfigs.validate(slowHeartbeats, Map.of(SESSION, "9000")))
                .hasMessage("consumer.session.timeout.ms (9000) must be greater than the node's"
                        + " group.consumer.heartbeat.interval.ms (10000)");
    }

    @Test
    void kafkasShareAndStreamsKeysAreRefusedSayingWhyAndOtherKeysAreUnknown() {
        assertThatThrownBy(() -> GroupConfigs.validate(node, Map.of("share.session.timeout.ms", "45000")))
                .hasMessage("Group config share.session.timeout.ms is not supported: Weir has no share groups (KIP-932)");
        assertThatThrownBy(() -> GroupConfigs.validate(node, Map.of("streams.num.standby.replicas", "1")))
                .hasMessageContaining("Weir has no streams groups");
        assertThatThrownBy(() -> GroupConfigs.validate(node, Map.of("consumer.assignment.interval.ms", "1")))
                .hasMessageContaining("at once");
        assertThatThrownBy(() -> GroupConfigs.validate(node, Map.of("consumer.session.timeout", "1")))
                .hasMessageContaining("Unknown configuration key 'consumer.session.timeout'")
                .hasMessageContaining("did you mean 'consumer.session.timeout.ms'");
    }

    @Test
    void describedKeysComeFromTheGroupThenTheNodesFileThenTheDefault() {
        List<ConfigEntry> entries = GroupConfigs.entries(node, Map.of(SESSION, "30000"));

        assertThat(entries).extracting(ConfigEntry::name).containsExactly(SESSION, HEARTBEAT);
        ConfigEntry session = entries.get(0);
        assertThat(session.value()).isEqualTo("30000");
        assertThat(session.source()).isEqualTo(ConfigSource.DYNAMIC_GROUP_CONFIG);
        assertThat(session.synonyms()).containsExactly(
                new ConfigEntry.SynonymValue(SESSION, "30000", ConfigSource.DYNAMIC_GROUP_CONFIG),
                new ConfigEntry.SynonymValue("group.consumer.session.timeout.ms", "45000", ConfigSource.DEFAULT_CONFIG));
        ConfigEntry heartbeat = entries.get(1);
        assertThat(heartbeat.value()).isEqualTo("5000");
        assertThat(heartbeat.source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(GroupConfigs.entries(node, Map.of()).get(0).source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
    }

    @Test
    void theCoordinatorReadsAGroupsValueWithinTheNodesCurrentBounds() {
        assertThat(GroupConfigs.boundedOverride(node, Map.of(SESSION, "7000"), SESSION)).isEqualTo(OptionalInt.of(7000));
        assertThat(GroupConfigs.boundedOverride(node, Map.of(SESSION, "1000"), SESSION)).as("raised to the minimum")
                .isEqualTo(OptionalInt.of(6000));
        assertThat(GroupConfigs.boundedOverride(node, Map.of(HEARTBEAT, "99000"), HEARTBEAT)).as("lowered to the maximum")
                .isEqualTo(OptionalInt.of(15000));
        assertThat(GroupConfigs.boundedOverride(node, Map.of(HEARTBEAT, "x"), HEARTBEAT)).isEmpty();
        assertThat(GroupConfigs.boundedOverride(node, Map.of(), SESSION)).isEmpty();
    }
}

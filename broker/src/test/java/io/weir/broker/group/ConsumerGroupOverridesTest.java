package io.weir.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.config.BrokerConfig;
import io.weir.metadata.config.GroupConfigs;
import io.weir.metadata.image.ConfigResource;
import io.weir.metadata.image.MetadataDelta;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.ConfigRecord;
import io.weir.metadata.record.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A consumer group's own session timeout and heartbeat interval (Kafka's group configs), heartbeat
 * by heartbeat with a manual timer: the node runs Kafka's defaults (45 s, 5 s) and the group
 * overrides them through a lookup the test changes between heartbeats, as an operator's
 * IncrementalAlterConfigs changes the metadata image.
 */
class ConsumerGroupOverridesTest {
    private final Map<String, ConsumerGroupOverrides> byGroup = new ConcurrentHashMap<>();
    private final ConsumerShard c = new ConsumerShard(new ShardHarness(ShardHarness.config(0, Integer.MAX_VALUE),
            groupId -> byGroup.getOrDefault(groupId, ConsumerGroupOverrides.NONE)));

    private void override(OptionalInt sessionTimeoutMs, OptionalInt heartbeatIntervalMs) {
        byGroup.put(ShardHarness.GROUP, new ConsumerGroupOverrides(sessionTimeoutMs, heartbeatIntervalMs));
    }

    @Test
    void membersAreToldTheGroupsHeartbeatIntervalFromTheirNextHeartbeat() {
        override(OptionalInt.empty(), OptionalInt.of(2_000));
        assertThat(c.join("a").heartbeatIntervalMs()).as("settling: the short interval").isEqualTo(250);
        c.h.timer.advance(6_000);
        assertThat(c.beat("a", 1).heartbeatIntervalMs()).isEqualTo(2_000);

        override(OptionalInt.empty(), OptionalInt.of(3_000));
        assertThat(c.beat("a", 1).heartbeatIntervalMs()).as("changed without a restart").isEqualTo(3_000);

        byGroup.clear();
        assertThat(c.beat("a", 1).heartbeatIntervalMs()).as("the node's again").isEqualTo(5_000);
    }

    @Test
    void theSettlingWindowAfterAnEpochChangeLastsOneOfTheGroupsIntervals() {
        override(OptionalInt.empty(), OptionalInt.of(1_000));
        c.join("a");
        c.h.timer.advance(1_001);
        assertThat(c.beat("a", 1).heartbeatIntervalMs()).as("the node's 5 s window would still be settling").isEqualTo(1_000);
    }

    @Test
    void aSilentMemberIsRemovedAfterTheGroupsSessionTimeout() {
        override(OptionalInt.of(10_000), OptionalInt.empty());
        c.join("a");
        c.h.timer.advance(9_999);
        assertThat(c.describe().members()).hasSize(1);
        c.h.timer.advance(2);
        assertThat(c.describe().members()).isEmpty();
    }

    @Test
    void aShorterSessionTimeoutSetLaterAppliesFromTheMembersNextHeartbeat() {
        c.join("a");
        c.join("b");
        override(OptionalInt.of(10_000), OptionalInt.empty());
        c.h.timer.advance(10_001);
        assertThat(c.describe().members()).as("both sessions started at the node's 45 s").hasSize(2);

        c.beat("a", 1);
        c.h.timer.advance(10_001);

        assertThat(c.describe().members()).extracting(ConsumerGroupDescription.Member::memberId).containsExactly("b");
    }

    @Test
    void anotherGroupsOverridesDoNotApply() {
        byGroup.put("someone-else", new ConsumerGroupOverrides(OptionalInt.of(10_000), OptionalInt.of(1_000)));
        c.join("a");
        c.h.timer.advance(10_001);
        assertThat(c.describe().members()).hasSize(1);
        c.h.timer.advance(5_000);
        assertThat(c.beat("a", 1).heartbeatIntervalMs()).isEqualTo(5_000);
    }

    @Test
    void theImageLookupReadsTheCurrentImageAndKeepsValuesWithinTheNodesBounds() {
        BrokerConfig node = BrokerConfig.parse(Map.of("node.id", "1", "group.consumer.min.session.timeout.ms", "10000"));
        AtomicReference<MetadataImage> image = new AtomicReference<>(MetadataImage.EMPTY);
        ConsumerGroupOverrides.Lookup lookup = ConsumerGroupOverrides.Lookup.fromImage(image::get, node.values());
        assertThat(lookup.forGroup("readers")).isEqualTo(ConsumerGroupOverrides.NONE);

        image.set(apply(image.get(), new ConfigRecord(ResourceType.GROUP, "readers", GroupConfigs.CONSUMER_SESSION_TIMEOUT_MS,
                Optional.of("12000")), new ConfigRecord(ResourceType.GROUP, "readers", GroupConfigs.CONSUMER_HEARTBEAT_INTERVAL_MS,
                Optional.of("99000"))));

        assertThat(lookup.forGroup("readers")).isEqualTo(new ConsumerGroupOverrides(OptionalInt.of(12_000), OptionalInt.of(15_000)));
        assertThat(lookup.forGroup("writers")).isEqualTo(ConsumerGroupOverrides.NONE);
        assertThat(image.get().configs().configs(ConfigResource.group("readers"))).hasSize(2);
    }

    private static MetadataImage apply(MetadataImage base, ConfigRecord... records) {
        MetadataDelta delta = new MetadataDelta(base);
        delta.replayAll(List.of(records));
        return delta.apply(base.offset() + records.length);
    }
}

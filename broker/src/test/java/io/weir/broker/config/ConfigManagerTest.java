package io.weir.broker.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.config.BrokerConfig;
import io.weir.metadata.config.ConfigEntry.SynonymValue;
import io.weir.metadata.config.ConfigSource;
import io.weir.metadata.config.ConfigType;
import io.weir.metadata.image.ConfigResource;
import io.weir.metadata.record.ConfigRecord;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.record.ResourceType;
import io.weir.metadata.store.LocalMetadataStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigManagerTest {

    private static final ConfigResource ORDERS = ConfigResource.topic("orders");
    private static final ConfigResource READERS = ConfigResource.group("readers");

    @TempDir
    Path dir;

    private final BrokerConfig node = BrokerConfig.parse(Map.of("node.id", "1", "log.segment.bytes", "5000000",
            "log.retention.hours", "24"));
    private final List<List<MetadataRecord>> commits = new ArrayList<>();
    private LocalMetadataStore store;
    private ConfigManager manager;

    @BeforeEach
    void openStore() throws IOException {
        store = LocalMetadataStore.open(dir.resolve("meta"));
        store.commit(Topics.topic("orders"));
        store.addListener((delta, image) -> commits.add(List.of()));
        manager = new ConfigManager(node, store, Runnable::run);
    }

    @AfterEach
    void closeStore() throws IOException {
        store.close();
    }

    @Test
    void topicKeysComeFromOverridesThenTheNodeThenDefaults() {
        store.commit(List.of(new ConfigRecord(ORDERS.type(), "orders", "segment.bytes", Optional.of("1000000"))));

        ResourceDescription description = manager.describe(ORDERS, Optional.empty(), true, true);

        assertThat(description.error()).isEmpty();
        DescribedConfig segmentBytes = config(description, "segment.bytes");
        assertThat(segmentBytes.value()).contains("1000000");
        assertThat(segmentBytes.source()).isEqualTo(ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(segmentBytes.readOnly()).isFalse();
        assertThat(segmentBytes.type()).isEqualTo(ConfigType.INT);
        assertThat(segmentBytes.documentation()).hasValueSatisfying(doc -> assertThat(doc).isNotBlank());
        assertThat(segmentBytes.synonyms()).containsExactly(
                new SynonymValue("segment.bytes", "1000000", ConfigSource.DYNAMIC_TOPIC_CONFIG),
                new SynonymValue("log.segment.bytes", "5000000", ConfigSource.STATIC_BROKER_CONFIG),
                new SynonymValue("log.segment.bytes", "1073741824", ConfigSource.DEFAULT_CONFIG));
        DescribedConfig retention = config(description, "retention.ms");
        assertThat(retention.value()).contains("86400000");
        assertThat(retention.source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(config(description, "cleanup.policy").source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
    }

    @Test
    void describeListsOnlyTheRequestedKeysAndOmitsSynonymsAndDocsUnlessAsked() {
        ResourceDescription description = manager.describe(ORDERS, Optional.of(Set.of("retention.ms", "no.such.key")), false, false);

        assertThat(description.configs()).singleElement().satisfies(config -> {
            assertThat(config.name()).isEqualTo("retention.ms");
            assertThat(config.synonyms()).isEmpty();
            assertThat(config.documentation()).isEmpty();
        });
        assertThat(manager.describe(ORDERS, Optional.of(Set.of()), false, false).configs()).hasSizeGreaterThan(20);
    }

    @Test
    void describingUnknownTopicsAndOtherBrokersFails() {
        assertThat(manager.describe(ConfigResource.topic("nope"), Optional.empty(), false, false).error())
                .map(ResourceError::error).contains(ConfigError.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(manager.describe(ConfigResource.broker(2), Optional.empty(), false, false).error())
                .map(ResourceError::error).contains(ConfigError.INVALID_REQUEST);
    }

    @Test
    void theBrokerResourceListsStaticAndDefaultValuesAsReadOnly() {
        ResourceDescription description = manager.describe(ConfigResource.broker(1), Optional.empty(), true, false);

        DescribedConfig segmentBytes = config(description, "log.segment.bytes");
        assertThat(segmentBytes.value()).contains("5000000");
        assertThat(segmentBytes.source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(segmentBytes.readOnly()).isTrue();
        assertThat(config(description, "num.partitions").source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
        assertThat(manager.describe(ConfigResource.CLUSTER_DEFAULT, Optional.empty(), false, false).configs()).isEmpty();
    }

    @Test
    void incrementalSetAndDeleteCommitOneBatchPerResource() {
        assertThat(incremental(ConfigChange.set("retention.ms", "1000"), ConfigChange.set("segment.bytes", "2000000")))
                .isEmpty();
        assertThat(store.image().configs().configs(ORDERS)).containsOnly(
                Map.entry("retention.ms", "1000"), Map.entry("segment.bytes", "2000000"));
        assertThat(commits).hasSize(1);

        assertThat(incremental(ConfigChange.delete("retention.ms"), ConfigChange.delete("flush.ms"))).isEmpty();

        assertThat(store.image().configs().configs(ORDERS)).containsOnly(Map.entry("segment.bytes", "2000000"));
        assertThat(config(manager.describe(ORDERS, Optional.empty(), false, false), "retention.ms").source())
                .isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(commits).hasSize(2);
    }

    @Test
    void appendAndSubtractEditListsStartingFromTheEffectiveValue() {
        assertThat(incremental(new ConfigChange("cleanup.policy", AlterOp.APPEND, Optional.of("compact")))).isEmpty();
        assertThat(store.image().configs().configs(ORDERS)).containsEntry("cleanup.policy", "delete,compact");

        assertThat(incremental(new ConfigChange("cleanup.policy", AlterOp.SUBTRACT, Optional.of("delete")))).isEmpty();
        assertThat(store.image().configs().configs(ORDERS)).containsEntry("cleanup.policy", "compact");

        assertThat(incremental(new ConfigChange("retention.ms", AlterOp.APPEND, Optional.of("5"))))
                .map(ResourceError::error).contains(ConfigError.INVALID_CONFIG);
    }

    @Test
    void invalidValuesAndUnknownKeysAreInvalidConfigNamingTheKey() {
        Optional<ResourceError> negative = incremental(ConfigChange.set("retention.ms", "-5"));
        Optional<ResourceError> unknown = incremental(ConfigChange.set("retention.msec", "5"));
        Optional<ResourceError> tooSmallForTheLog = incremental(ConfigChange.set("segment.bytes", "20"));

        assertThat(negative).hasValueSatisfying(error -> {
            assertThat(error.error()).isEqualTo(ConfigError.INVALID_CONFIG);
            assertThat(error.message()).contains("retention.ms").contains("-5");
        });
        assertThat(unknown).hasValueSatisfying(error -> {
            assertThat(error.error()).isEqualTo(ConfigError.INVALID_CONFIG);
            assertThat(error.message()).contains("retention.msec");
        });
        assertThat(tooSmallForTheLog).map(ResourceError::error).contains(ConfigError.INVALID_CONFIG);
        assertThat(store.image().configs().configs(ORDERS)).isEmpty();
        assertThat(commits).isEmpty();
    }

    @Test
    void tieredStorageIsRefusedAsByAKafkaBrokerWithoutItAndCompressionLevelsAreChecked() {
        Optional<ResourceError> tiered = incremental(ConfigChange.set("remote.storage.enable", "true"));
        Optional<ResourceError> gzip = incremental(ConfigChange.set("compression.gzip.level", "10"));
        Optional<ResourceError> lz4 = incremental(ConfigChange.set("compression.lz4.level", "0"));

        assertThat(tiered).hasValueSatisfying(error -> {
            assertThat(error.error()).isEqualTo(ConfigError.INVALID_CONFIG);
            assertThat(error.message()).contains("remote.storage.enable").contains("Tiered Storage functionality is disabled");
        });
        assertThat(gzip).map(ResourceError::error).contains(ConfigError.INVALID_CONFIG);
        assertThat(lz4).map(ResourceError::error).contains(ConfigError.INVALID_CONFIG);
        assertThat(incremental(ConfigChange.set("remote.storage.enable", "false"), ConfigChange.set("local.retention.ms", "-2"),
                ConfigChange.set("compression.zstd.level", "19"), ConfigChange.set("compression.gzip.level", "-1"))).isEmpty();
    }

    @Test
    void oneBadKeyRejectsTheWholeResource() {
        assertThat(incremental(ConfigChange.set("retention.ms", "1000"), ConfigChange.set("flush.ms", "x")))
                .map(ResourceError::error).contains(ConfigError.INVALID_CONFIG);

        assertThat(store.image().configs().configs(ORDERS)).isEmpty();
    }

    @Test
    void malformedRequestsAreInvalidRequest() {
        assertThat(incremental(ConfigChange.set("retention.ms", "1"), ConfigChange.set("retention.ms", "2")))
                .map(ResourceError::error).contains(ConfigError.INVALID_REQUEST);
        assertThat(incremental(new ConfigChange("retention.ms", AlterOp.SET, Optional.empty())))
                .map(ResourceError::error).contains(ConfigError.INVALID_REQUEST);
        assertThat(manager.incrementalAlterConfigs(ConfigResource.broker(1), List.of(ConfigChange.set("num.partitions", "3")), false)
                .toCompletableFuture().join()).map(ResourceError::error).contains(ConfigError.INVALID_REQUEST);
    }

    @Test
    void deletingUnsetBrokerKeysChangesNothingAndSucceeds() {
        // kafka-reassign-partitions --verify clears throttles this way on every broker.
        assertThat(manager.incrementalAlterConfigs(ConfigResource.broker(1),
                List.of(ConfigChange.delete("leader.replication.throttled.rate")), false).toCompletableFuture().join()).isEmpty();
        assertThat(manager.incrementalAlterConfigs(ConfigResource.broker(2),
                List.of(ConfigChange.delete("leader.replication.throttled.rate")), false).toCompletableFuture().join())
                .map(ResourceError::error).contains(ConfigError.INVALID_REQUEST);
    }

    @Test
    void unknownTopicsAreUnknownTopicOrPartition() {
        assertThat(manager.incrementalAlterConfigs(ConfigResource.topic("nope"), List.of(ConfigChange.set("retention.ms", "1")), false)
                .toCompletableFuture().join()).map(ResourceError::error).contains(ConfigError.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void validateOnlyChecksButCommitsNothing() {
        assertThat(manager.incrementalAlterConfigs(ORDERS, List.of(ConfigChange.set("retention.ms", "1000")), true)
                .toCompletableFuture().join()).isEmpty();
        assertThat(manager.incrementalAlterConfigs(ORDERS, List.of(ConfigChange.set("retention.ms", "x")), true)
                .toCompletableFuture().join()).map(ResourceError::error).contains(ConfigError.INVALID_CONFIG);

        assertThat(store.image().configs().configs(ORDERS)).isEmpty();
        assertThat(commits).isEmpty();
    }

    @Test
    void legacyAlterReplacesTheWholeOverrideSet() {
        incremental(ConfigChange.set("retention.ms", "1000"), ConfigChange.set("flush.ms", "10"));

        Optional<ResourceError> error = manager.replaceConfigs(ORDERS, List.of(ConfigChange.set("segment.ms", "60000")), false)
                .toCompletableFuture().join();

        assertThat(error).isEmpty();
        assertThat(store.image().configs().configs(ORDERS)).containsOnly(Map.entry("segment.ms", "60000"));
        assertThat(manager.replaceConfigs(ORDERS, List.of(new ConfigChange("segment.ms", AlterOp.SET, Optional.empty())), false)
                .toCompletableFuture().join()).map(ResourceError::error).contains(ConfigError.INVALID_REQUEST);
    }

    @Test
    void overridesSurviveReopeningTheStore() throws IOException {
        incremental(ConfigChange.set("retention.ms", "1000"));
        store.close();

        try (LocalMetadataStore reopened = LocalMetadataStore.open(dir.resolve("meta"))) {
            ConfigManager again = new ConfigManager(node, reopened, Runnable::run);
            DescribedConfig retention = config(again.describe(ORDERS, Optional.of(Set.of("retention.ms")), false, false),
                    "retention.ms");
            assertThat(retention.value()).contains("1000");
            assertThat(retention.source()).isEqualTo(ConfigSource.DYNAMIC_TOPIC_CONFIG);
        }
    }

    @Test
    void invalidStoredOverridesFailTheResourceInsteadOfTheRequest() {
        store.commit(List.of(new ConfigRecord(ORDERS.type(), "orders", "retention.ms", Optional.of("soon"))));

        assertThat(manager.describe(ORDERS, Optional.empty(), false, false).error())
                .map(ResourceError::error).contains(ConfigError.INVALID_CONFIG);
        assertThat(incremental(new ConfigChange("cleanup.policy", AlterOp.APPEND, Optional.of("compact"))))
                .map(ResourceError::error).contains(ConfigError.INVALID_CONFIG);
        assertThat(incremental(ConfigChange.delete("retention.ms"))).isEmpty();
        assertThat(store.image().configs().configs(ORDERS)).isEmpty();
    }

    @Test
    void groupKeysComeFromTheGroupThenTheNodeAndTheGroupNeedNotExist() {
        ConfigManager tuned = new ConfigManager(BrokerConfig.parse(Map.of("node.id", "1",
                "group.consumer.heartbeat.interval.ms", "4000")), store, Runnable::run);
        assertThat(groupAlter(tuned, ConfigChange.set("consumer.session.timeout.ms", "50000"))).isEmpty();

        ResourceDescription description = tuned.describe(READERS, Optional.empty(), true, true);

        assertThat(description.error()).isEmpty();
        assertThat(description.configs()).extracting(DescribedConfig::name)
                .containsExactly("consumer.session.timeout.ms", "consumer.heartbeat.interval.ms");
        DescribedConfig session = config(description, "consumer.session.timeout.ms");
        assertThat(session.value()).contains("50000");
        assertThat(session.source()).isEqualTo(ConfigSource.DYNAMIC_GROUP_CONFIG);
        assertThat(session.readOnly()).isFalse();
        assertThat(session.type()).isEqualTo(ConfigType.INT);
        assertThat(session.synonyms()).containsExactly(
                new SynonymValue("consumer.session.timeout.ms", "50000", ConfigSource.DYNAMIC_GROUP_CONFIG),
                new SynonymValue("group.consumer.session.timeout.ms", "45000", ConfigSource.DEFAULT_CONFIG));
        DescribedConfig heartbeat = config(description, "consumer.heartbeat.interval.ms");
        assertThat(heartbeat.value()).contains("4000");
        assertThat(heartbeat.source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
        DescribedConfig untouched = config(manager.describe(ConfigResource.group("never-seen"), Optional.empty(), false, false),
                "consumer.heartbeat.interval.ms");
        assertThat(untouched.value()).contains("5000");
        assertThat(untouched.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
    }

    @Test
    void groupValuesMustLieWithinTheNodesBoundsAndKeepTheSessionAboveTheHeartbeat() {
        assertThat(groupAlter(manager, ConfigChange.set("consumer.session.timeout.ms", "44999"))).hasValueSatisfying(error -> {
            assertThat(error.error()).isEqualTo(ConfigError.INVALID_CONFIG);
            assertThat(error.message()).contains("consumer.session.timeout.ms", "44999", "group.consumer.min.session.timeout.ms");
        });
        assertThat(groupAlter(manager, ConfigChange.set("consumer.heartbeat.interval.ms", "15001")))
                .map(ResourceError::message).hasValueSatisfying(message -> assertThat(message)
                        .contains("consumer.heartbeat.interval.ms", "group.consumer.max.heartbeat.interval.ms (15000)"));
        assertThat(groupAlter(manager, ConfigChange.set("consumer.session.timeout.ms", "45000"),
                ConfigChange.set("consumer.heartbeat.interval.ms", "15000")))
                .isEmpty();
        assertThat(store.image().configs().configs(READERS)).hasSize(2);
        ConfigManager slowHeartbeats = new ConfigManager(BrokerConfig.parse(Map.of("node.id", "1",
                "group.consumer.heartbeat.interval.ms", "15000", "group.consumer.min.session.timeout.ms", "10000")), store,
                Runnable::run);
        assertThat(groupAlter(slowHeartbeats, ConfigChange.delete("consumer.heartbeat.interval.ms"),
                ConfigChange.set("consumer.session.timeout.ms", "12000")))
                .map(ResourceError::message).contains("consumer.session.timeout.ms (12000) must be greater than the node's"
                        + " group.consumer.heartbeat.interval.ms (15000)");
        assertThat(store.image().configs().configs(READERS)).containsEntry("consumer.session.timeout.ms", "45000");
    }

    @Test
    void groupKeysWeirDoesNotActOnAreRefusedSayingWhy() {
        assertThat(groupAlter(manager, ConfigChange.set("share.record.lock.duration.ms", "30000"))).hasValueSatisfying(error -> {
            assertThat(error.error()).isEqualTo(ConfigError.INVALID_CONFIG);
            assertThat(error.message()).isEqualTo("Group config share.record.lock.duration.ms is not supported:"
                    + " Weir has no share groups (KIP-932)");
        });
        assertThat(groupAlter(manager, ConfigChange.set("retention.ms", "1"))).map(ResourceError::message)
                .hasValueSatisfying(message -> assertThat(message).contains("Unknown configuration key 'retention.ms'"));
        assertThat(groupAlter(manager, new ConfigChange("consumer.session.timeout.ms", AlterOp.APPEND, Optional.of("1"))))
                .map(ResourceError::error).contains(ConfigError.INVALID_CONFIG);
        assertThat(manager.incrementalAlterConfigs(ConfigResource.group(""), List.of(ConfigChange.set(
                "consumer.session.timeout.ms", "50000")), false).toCompletableFuture().join())
                .map(ResourceError::error).contains(ConfigError.INVALID_REQUEST);
        assertThat(manager.describe(ConfigResource.group(""), Optional.empty(), false, false).error())
                .map(ResourceError::message).contains("Group name must not be empty");
        assertThat(store.image().configs().configs(READERS)).isEmpty();
        assertThat(commits).isEmpty();
    }

    @Test
    void groupOverridesAreDeletedAndReplacedLikeATopicsAndListedByName() {
        assertThat(groupAlter(manager, ConfigChange.set("consumer.session.timeout.ms", "50000"))).isEmpty();
        assertThat(manager.incrementalAlterConfigs(ConfigResource.group("auditors"),
                List.of(ConfigChange.set("consumer.heartbeat.interval.ms", "6000")), true).toCompletableFuture().join()).isEmpty();
        assertThat(manager.resourceNames(ResourceType.GROUP)).as("validate-only stores nothing").containsExactly("readers");

        assertThat(manager.replaceConfigs(READERS, List.of(ConfigChange.set("consumer.heartbeat.interval.ms", "6000")), false)
                .toCompletableFuture().join()).isEmpty();
        assertThat(store.image().configs().configs(READERS)).containsOnly(Map.entry("consumer.heartbeat.interval.ms", "6000"));

        assertThat(groupAlter(manager, ConfigChange.delete("consumer.heartbeat.interval.ms"))).isEmpty();
        assertThat(store.image().configs().configs(READERS)).isEmpty();
        assertThat(manager.resourceNames(ResourceType.GROUP)).isEmpty();
        assertThat(manager.resourceNames(ResourceType.TOPIC)).containsExactly("orders");
    }

    private static Optional<ResourceError> groupAlter(ConfigManager on, ConfigChange... changes) {
        return on.incrementalAlterConfigs(READERS, List.of(changes), false).toCompletableFuture().join();
    }

    private Optional<ResourceError> incremental(ConfigChange... changes) {
        return manager.incrementalAlterConfigs(ORDERS, List.of(changes), false).toCompletableFuture().join();
    }

    private static DescribedConfig config(ResourceDescription description, String name) {
        return description.configs().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}

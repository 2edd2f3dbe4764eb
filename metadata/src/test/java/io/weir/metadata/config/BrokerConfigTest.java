package io.weir.metadata.config;

import io.weir.metadata.record.SecurityProtocol;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerConfigTest {

    private static BrokerConfig parse(String... pairs) {
        return BrokerConfig.load(Optional.empty(), List.of(pairs));
    }

    @Test
    void defaultsMakeASingleNodeWithNoConfiguration() {
        BrokerConfig config = BrokerConfig.defaults();

        assertThat(config.nodeId()).isEqualTo(1);
        assertThat(config.processRoles()).containsExactlyInAnyOrder(ProcessRole.BROKER, ProcessRole.CONTROLLER);
        assertThat(config.logDirs()).containsExactly(Path.of("data").toAbsolutePath());
        assertThat(config.listeners()).containsExactly(new Listener("PLAINTEXT", "127.0.0.1", 9092));
        assertThat(config.advertisedListeners()).isEqualTo(config.listeners());
        assertThat(config.interBrokerListenerName()).isEqualTo("PLAINTEXT");
        assertThat(config.httpListener()).contains(new HostPort("127.0.0.1", 8080));
        assertThat(config.controllerQuorumVoters()).isEmpty();
        assertThat(config.brokerRack()).isEmpty();
    }

    @Test
    void defaultsAreKafkasWhereTheMeaningIsTheSame() {
        BrokerConfig config = BrokerConfig.defaults();

        assertThat(config.numPartitions()).isEqualTo(1);
        assertThat(config.defaultReplicationFactor()).isEqualTo((short) 1);
        assertThat(config.minInsyncReplicas()).isEqualTo(1);
        assertThat(config.autoCreateTopicsEnable()).isTrue();
        assertThat(config.deleteTopicEnable()).isTrue();
        assertThat(config.uncleanLeaderElectionEnable()).isFalse();
        assertThat(config.logSegmentBytes()).isEqualTo(1 << 30);
        assertThat(config.logRollMs()).isEqualTo(7L * 24 * 3_600_000);
        assertThat(config.logRetentionMs()).isEqualTo(7L * 24 * 3_600_000);
        assertThat(config.logRetentionBytes()).isEqualTo(-1);
        assertThat(config.logRetentionCheckIntervalMs()).isEqualTo(300_000);
        assertThat(config.logIndexIntervalBytes()).isEqualTo(4096);
        assertThat(config.logIndexSizeMaxBytes()).isEqualTo(10 * 1024 * 1024);
        assertThat(config.logFlushIntervalMessages()).isEqualTo(Long.MAX_VALUE);
        assertThat(config.logFlushIntervalMs()).isEqualTo(Long.MAX_VALUE);
        assertThat(config.logMessageTimestampType()).isEqualTo("CreateTime");
        assertThat(config.logCleanupPolicy()).containsExactly("delete");
        assertThat(config.messageMaxBytes()).isEqualTo(1048588);
        assertThat(config.socketRequestMaxBytes()).isEqualTo(104857600);
        assertThat(config.socketSendBufferBytes()).isEqualTo(102400);
        assertThat(config.connectionsMaxIdleMs()).isEqualTo(600_000);
        assertThat(config.numNetworkThreads()).isEqualTo(3);
        assertThat(config.numIoThreads()).isEqualTo(8);
        assertThat(config.numRecoveryThreadsPerDataDir()).isEqualTo(2);
        assertThat(config.offsetsTopicNumPartitions()).isEqualTo(50);
        assertThat(config.offsetsRetentionMinutes()).isEqualTo(10080);
        assertThat(config.groupInitialRebalanceDelayMs()).isEqualTo(3000);
        assertThat(config.transactionalIdExpirationMs()).isEqualTo(604_800_000);
        assertThat(config.producerIdExpirationMs()).isEqualTo(86_400_000);
        assertThat(config.transactionStateLogSegmentBytes()).isEqualTo(104_857_600);
        assertThat(config.transactionMaxTimeoutMs()).isEqualTo(900_000);
        assertThat(config.transactionAbortTimedOutTransactionCleanupIntervalMs()).isEqualTo(10_000);
        assertThat(config.transactionRemoveExpiredTransactionCleanupIntervalMs()).isEqualTo(3_600_000);
        assertThat(config.transactionPartitionVerificationEnable()).isTrue();
    }

    @Test
    void transactionKeysCanBeSet() {
        BrokerConfig config = parse("transaction.max.timeout.ms=60000", "transaction.partition.verification.enable=false");
        assertThat(config.transactionMaxTimeoutMs()).isEqualTo(60_000);
        assertThat(config.transactionPartitionVerificationEnable()).isFalse();
    }

    @Test
    void overridesWinOverTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "num.partitions = 3  \nnode.id=4\n# a comment\nlog.dirs=" + dir.resolve("d") + "\n");

        BrokerConfig config = BrokerConfig.load(Optional.of(file), List.of("num.partitions=7", " broker.rack = r1 "));

        assertThat(config.numPartitions()).isEqualTo(7);
        assertThat(config.nodeId()).isEqualTo(4);
        assertThat(config.brokerRack()).contains("r1");
        assertThat(config.logDirs()).containsExactly(dir.resolve("d"));
        assertThat(config.values().isExplicit("num.partitions")).isTrue();
        assertThat(config.values().isExplicit("num.io.threads")).isFalse();
    }

    @Test
    void laterOverridesWinOverEarlierOnes() {
        assertThat(parse("num.partitions=2", "num.partitions=5").numPartitions()).isEqualTo(5);
    }

    @Test
    void retentionMsWinsOverMinutesWhichWinsOverHours() {
        assertThat(parse("log.retention.hours=1").logRetentionMs()).isEqualTo(3_600_000L);
        assertThat(parse("log.retention.hours=1", "log.retention.minutes=2").logRetentionMs()).isEqualTo(120_000L);
        assertThat(parse("log.retention.hours=1", "log.retention.minutes=2", "log.retention.ms=5").logRetentionMs())
                .isEqualTo(5L);
        assertThat(parse("log.retention.minutes=-1").logRetentionMs()).isEqualTo(-1L);
        assertThat(parse("log.retention.hours=-1").logRetentionMs()).isEqualTo(-1L);
    }

    @Test
    void rollMsWinsOverHoursAndLogDirsOverLogDir() {
        assertThat(parse("log.roll.hours=2").logRollMs()).isEqualTo(7_200_000L);
        assertThat(parse("log.roll.hours=2", "log.roll.ms=10").logRollMs()).isEqualTo(10L);
        assertThat(parse("log.dir=/a").logDirs()).containsExactly(Path.of("/a"));
        assertThat(parse("log.dir=/a", "log.dirs=/b,/c").logDirs()).containsExactly(Path.of("/b"), Path.of("/c"));
        assertThat(parse("log.flush.scheduler.interval.ms=500").logFlushIntervalMs()).isEqualTo(500L);
    }

    @Test
    void invalidValuesNameKeyValueAndProblem() {
        assertThatThrownBy(() -> parse("log.segment.bytes=-5"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value -5 for log.segment.bytes: must be at least 14");
        assertThatThrownBy(() -> parse("num.partitions=many"))
                .hasMessage("Invalid value many for num.partitions: not an integer");
        assertThatThrownBy(() -> parse("auto.create.topics.enable=yes"))
                .hasMessage("Invalid value yes for auto.create.topics.enable: not a boolean (expected true or false)");
        assertThatThrownBy(() -> parse("log.message.timestamp.type=Now"))
                .hasMessage("Invalid value Now for log.message.timestamp.type: must be one of CreateTime, LogAppendTime");
        assertThatThrownBy(() -> parse("process.roles="))
                .hasMessage("Invalid value '' for process.roles: must not be empty");
        assertThatThrownBy(() -> parse("listeners=localhost:9092"))
                .hasMessage("Invalid value localhost:9092 for listeners: 'localhost:9092' is not of the form NAME://host:port");
        assertThatThrownBy(() -> parse("log.cleaner.min.cleanable.ratio=2"))
                .hasMessage("Invalid value 2 for log.cleaner.min.cleanable.ratio: must be between 0.0 and 1.0");
        assertThatThrownBy(() -> parse("weir.http.listener=8080"))
                .hasMessage("Invalid value 8080 for weir.http.listener: expected host:port");
    }

    @Test
    void unknownKeysAreRefusedWithASuggestion() {
        assertThatThrownBy(() -> parse("log.segmnet.bytes=100"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Unknown configuration key 'log.segmnet.bytes' (did you mean 'log.segment.bytes'?)");
        assertThatThrownBy(() -> parse("retention.ms=100"))
                .hasMessage("Unknown configuration key 'retention.ms' (did you mean 'log.retention.ms'?)");
        assertThatThrownBy(() -> parse("zookeeper.connect=localhost:2181"))
                .hasMessage("Unknown configuration key 'zookeeper.connect'");
    }

    @Test
    void malformedOverridesAreRefused() {
        assertThatThrownBy(() -> parse("num.partitions"))
                .hasMessage("Invalid override 'num.partitions': expected key=value");
        assertThatThrownBy(() -> parse("=3")).hasMessage("Invalid override '=3': expected key=value");
    }

    @Test
    void combinationsAreChecked() {
        assertThatThrownBy(() -> parse("listeners=INTERNAL://:9092"))
                .hasMessage("Invalid value INTERNAL://:9092 for listeners: listener name INTERNAL is not a security"
                        + " protocol and has no entry in listener.security.protocol.map");
        assertThat(parse("listeners=INTERNAL://:9092", "listener.security.protocol.map=INTERNAL:PLAINTEXT")
                        .securityProtocolMap())
                .containsEntry("INTERNAL", SecurityProtocol.PLAINTEXT);
        assertThatThrownBy(() -> parse("advertised.listeners=SSL://h:1"))
                .hasMessage("Invalid value SSL://h:1 for advertised.listeners: listener name SSL is not among listeners");
        assertThatThrownBy(() -> parse("inter.broker.listener.name=SSL"))
                .hasMessage("Invalid value SSL for inter.broker.listener.name: it is not among the names in listeners");
        assertThatThrownBy(() -> parse("controller.listener.names=PLAINTEXT"))
                .hasMessage("Invalid value PLAINTEXT://127.0.0.1:9092 for listeners: a broker needs at least one listener that is"
                        + " not a controller listener");
        assertThat(parse("controller.listener.names=PLAINTEXT", "process.roles=controller").isBroker()).isFalse();
        assertThatThrownBy(() -> parse("controller.listener.names=CONTROLLER"))
                .hasMessage("Invalid value CONTROLLER for controller.listener.names: listener name CONTROLLER is not"
                        + " among listeners");
        assertThatThrownBy(() -> parse("node.id=2", "broker.id=3"))
                .hasMessage("Invalid value 3 for broker.id: must equal node.id (2)");
        assertThatThrownBy(() -> parse("log.dirs=/a,/a/../a"))
                .hasMessage("Invalid value /a,/a/../a for log.dirs: directory /a appears twice");
    }

    @Test
    void brokerIdIsAnOlderNameOfNodeId() {
        assertThat(parse("broker.id=5").nodeId()).isEqualTo(5);
        assertThat(parse("broker.id=5", "node.id=5").nodeId()).isEqualTo(5);
    }

    @Test
    void entriesReportTheSourceOfEachNodeValue() {
        List<ConfigEntry> entries = parse("num.partitions=3", "log.retention.hours=2").entries();
        Map<String, ConfigEntry> byName = new java.util.HashMap<>();
        entries.forEach(entry -> byName.put(entry.name(), entry));

        assertThat(byName.get("num.partitions").value()).isEqualTo("3");
        assertThat(byName.get("num.partitions").source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(byName.get("num.io.threads").source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
        assertThat(byName.get("log.retention.ms").value()).isEqualTo("7200000");
        assertThat(byName.get("log.retention.ms").source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(byName.get("broker.rack").value()).isEmpty();
        assertThat(entries).hasSize(BrokerConfigs.REGISTRY.definitions().size());
    }

    @Test
    void theBriefsKeysAreAllDefined() {
        for (String key : List.of("node.id", "process.roles", "log.dirs", "log.dir", "listeners", "advertised.listeners",
                "listener.security.protocol.map", "inter.broker.listener.name", "controller.listener.names",
                "controller.quorum.voters", "controller.quorum.bootstrap.servers", "num.partitions",
                "default.replication.factor", "min.insync.replicas", "auto.create.topics.enable",
                "delete.topic.enable", "log.segment.bytes", "log.roll.ms", "log.roll.hours", "log.retention.ms",
                "log.retention.minutes", "log.retention.hours", "log.retention.bytes",
                "log.retention.check.interval.ms", "log.index.interval.bytes", "log.index.size.max.bytes",
                "log.flush.interval.messages", "log.flush.interval.ms", "log.flush.scheduler.interval.ms",
                "log.message.timestamp.type", "log.cleanup.policy", "message.max.bytes", "socket.request.max.bytes",
                "socket.send.buffer.bytes", "socket.receive.buffer.bytes", "connections.max.idle.ms",
                "num.network.threads", "num.io.threads", "num.recovery.threads.per.data.dir",
                "offsets.topic.num.partitions", "offsets.topic.replication.factor", "offsets.retention.minutes",
                "group.initial.rebalance.delay.ms", "transaction.state.log.replication.factor",
                "transaction.state.log.min.isr", "transactional.id.expiration.ms", "producer.id.expiration.ms",
                "broker.rack", "auto.leader.rebalance.enable", "unclean.leader.election.enable",
                "share.coordinator.state.topic.replication.factor", "share.coordinator.state.topic.min.isr",
                "weir.http.listener")) {
            assertThat(BrokerConfigs.REGISTRY.find(key)).as(key).isPresent();
        }
    }

    @Test
    void replicaSelectorIsTheLeaderByDefaultAndRackAwareByKafkasClassName() {
        assertThat(parse().rackAwareReplicaSelector()).isFalse();
        assertThat(parse("replica.selector.class=").rackAwareReplicaSelector()).isFalse();
        assertThat(parse("replica.selector.class=org.apache.kafka.common.replica.RackAwareReplicaSelector")
                .rackAwareReplicaSelector()).isTrue();
        assertThatThrownBy(() -> parse("replica.selector.class=com.example.MySelector"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value com.example.MySelector for replica.selector.class: ");
    }
}

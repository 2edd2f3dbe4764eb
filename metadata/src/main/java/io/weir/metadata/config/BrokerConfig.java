package io.weir.metadata.config;

import io.weir.metadata.record.SecurityProtocol;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A node's validated configuration, typed: one getter per key the code acts on, named after the key
 * ({@code log.segment.bytes} is {@link #logSegmentBytes()}). Every key of {@link BrokerConfigs} is
 * also reachable untyped through {@link #values()}. Immutable and thread-safe.
 *
 * <p>Built from a properties file plus {@code key=value} overrides ({@link #load}); besides each
 * key's own validator, the combination is checked (listener names, advertised listeners,
 * controller listeners, {@code broker.id} against {@code node.id}, distinct data directories).
 */
public final class BrokerConfig {
    private final ConfigValues values;
    private final List<Path> logDirs;
    private final List<Listener> listeners;
    private final Map<String, SecurityProtocol> securityProtocolMap;

    private BrokerConfig(ConfigValues values) {
        this.values = values;
        this.logDirs = values.getList("log.dirs").stream()
                .map(dir -> Path.of(dir).toAbsolutePath().normalize())
                .toList();
        this.listeners = parseListeners("listeners");
        this.securityProtocolMap = parseProtocolMap();
        checkCombination();
    }

    /**
     * Loads a node's configuration from an optional properties file and overrides.
     *
     * @throws ConfigException naming the first problem
     */
    public static BrokerConfig load(Optional<Path> file, List<String> overrides) {
        return parse(ConfigLoader.load(file, overrides));
    }

    /**
     * A node's configuration from raw key-value pairs.
     *
     * @throws ConfigException naming the first problem
     */
    public static BrokerConfig parse(Map<String, String> raw) {
        return new BrokerConfig(BrokerConfigs.REGISTRY.parse(raw));
    }

    /** The configuration of a node given nothing at all. */
    public static BrokerConfig defaults() {
        return parse(Map.of());
    }

    /** Every key's value, with what was set explicitly. */
    public ConfigValues values() {
        return values;
    }

    /** Every node-level key's value and source, for DescribeConfigs on a broker resource. */
    public List<ConfigEntry> entries() {
        List<ConfigEntry> entries = new ArrayList<>();
        for (ConfigDefinition definition : BrokerConfigs.REGISTRY.definitions()) {
            Optional<Object> value = values.value(definition.name());
            boolean sensitive = definition.type() == ConfigType.PASSWORD;
            String text = sensitive ? Password.HIDDEN : value.map(definition.type()::format).orElse("");
            ConfigSource source =
                    values.isSet(definition.name()) ? ConfigSource.STATIC_BROKER_CONFIG : ConfigSource.DEFAULT_CONFIG;
            entries.add(new ConfigEntry(definition.name(), text, source, sensitive,
                    List.of(new ConfigEntry.SynonymValue(definition.name(), text, source))));
        }
        return entries;
    }

    /** The effective configuration of a topic with these overrides on this node. */
    public TopicConfig topicConfig(Map<String, String> overrides) {
        return TopicConfig.resolve(values, overrides);
    }

    // ---- node

    public int nodeId() {
        return values.getInt("node.id");
    }

    public Set<ProcessRole> processRoles() {
        Set<ProcessRole> roles = EnumSet.noneOf(ProcessRole.class);
        values.getList("process.roles").forEach(r -> roles.add(ProcessRole.valueOf(r.toUpperCase(Locale.ROOT))));
        return roles;
    }

    public boolean isBroker() {
        return processRoles().contains(ProcessRole.BROKER);
    }

    public boolean isController() {
        return processRoles().contains(ProcessRole.CONTROLLER);
    }

    /** The data directories, absolute and normalized (relative ones resolved against the working directory). */
    public List<Path> logDirs() {
        return logDirs;
    }

    public Optional<String> brokerRack() {
        return values.getOptionalString("broker.rack");
    }

    /**
     * Whether {@code replica.selector.class} names the rack-aware selector (KIP-392): leaders then
     * send consumers with a {@code client.rack} to an in-sync replica in their rack, and followers
     * serve consumer fetches. False when unset or empty (consumers read from leaders only).
     */
    public boolean rackAwareReplicaSelector() {
        return values.getOptionalString("replica.selector.class").filter(name -> !name.isEmpty()).isPresent();
    }

    /** Weir's HTTP endpoint; empty when {@code weir.http.listener} is empty. */
    public Optional<HostPort> httpListener() {
        String text = values.getString("weir.http.listener");
        return text.isEmpty() ? Optional.empty() : Optional.of(HostPort.parse(text));
    }

    // ---- listeners and quorum

    public List<Listener> listeners() {
        return listeners;
    }

    /** The listeners clients are told about: {@code advertised.listeners}, else {@code listeners}. */
    public List<Listener> advertisedListeners() {
        return values.isSet("advertised.listeners") ? parseListeners("advertised.listeners") : listeners;
    }

    /** Listener name to security protocol, including listeners named after a protocol. */
    public Map<String, SecurityProtocol> securityProtocolMap() {
        return securityProtocolMap;
    }

    /** The security protocol of a listener. */
    public SecurityProtocol securityProtocol(Listener listener) {
        return Optional.ofNullable(securityProtocolMap.get(listener.name()))
                .or(() -> SecurityProtocol.byName(listener.name()))
                .orElseThrow();
    }

    public List<String> controllerListenerNames() {
        return values.getList("controller.listener.names").stream()
                .map(name -> name.toUpperCase(Locale.ROOT))
                .toList();
    }

    /** The listeners that serve clients and brokers (those that are not controller listeners). */
    public List<Listener> brokerListeners() {
        List<String> controllerNames = controllerListenerNames();
        return listeners.stream().filter(l -> !controllerNames.contains(l.name())).toList();
    }

    /** {@code inter.broker.listener.name}, else the first broker listener's name. */
    public String interBrokerListenerName() {
        return values.getOptionalString("inter.broker.listener.name")
                .map(name -> name.toUpperCase(Locale.ROOT))
                .orElseGet(() -> brokerListeners().isEmpty() ? "PLAINTEXT" : brokerListeners().get(0).name());
    }

    public List<QuorumVoter> controllerQuorumVoters() {
        return values.getList("controller.quorum.voters").stream().map(QuorumVoter::parse).toList();
    }

    public List<HostPort> controllerQuorumBootstrapServers() {
        return values.getList("controller.quorum.bootstrap.servers").stream().map(HostPort::parse).toList();
    }

    public int brokerHeartbeatIntervalMs() {
        return values.getInt("broker.heartbeat.interval.ms");
    }

    public int brokerSessionTimeoutMs() {
        return values.getInt("broker.session.timeout.ms");
    }

    public boolean controlledShutdownEnable() {
        return values.getBoolean("controlled.shutdown.enable");
    }

    // ---- topics

    public int numPartitions() {
        return values.getInt("num.partitions");
    }

    public short defaultReplicationFactor() {
        return values.getShort("default.replication.factor");
    }

    public int minInsyncReplicas() {
        return values.getInt("min.insync.replicas");
    }

    public boolean autoCreateTopicsEnable() {
        return values.getBoolean("auto.create.topics.enable");
    }

    public boolean deleteTopicEnable() {
        return values.getBoolean("delete.topic.enable");
    }

    public boolean uncleanLeaderElectionEnable() {
        return values.getBoolean("unclean.leader.election.enable");
    }

    public boolean autoLeaderRebalanceEnable() {
        return values.getBoolean("auto.leader.rebalance.enable");
    }

    public long leaderImbalanceCheckIntervalSeconds() {
        return values.getLong("leader.imbalance.check.interval.seconds");
    }

    public int leaderImbalancePerBrokerPercentage() {
        return values.getInt("leader.imbalance.per.broker.percentage");
    }

    // ---- log

    public int logSegmentBytes() {
        return values.getInt("log.segment.bytes");
    }

    /** {@code log.roll.ms}, else {@code log.roll.hours} in milliseconds. */
    public long logRollMs() {
        return values.getLong("log.roll.ms");
    }

    /** {@code log.roll.jitter.ms}, else {@code log.roll.jitter.hours} in milliseconds. */
    public long logRollJitterMs() {
        return values.getLong("log.roll.jitter.ms");
    }

    /** {@code log.retention.ms}, else minutes, else hours, in milliseconds; -1 keeps data forever. */
    public long logRetentionMs() {
        return values.getLong("log.retention.ms");
    }

    public long logRetentionBytes() {
        return values.getLong("log.retention.bytes");
    }

    public long logRetentionCheckIntervalMs() {
        return values.getLong("log.retention.check.interval.ms");
    }

    public int logIndexIntervalBytes() {
        return values.getInt("log.index.interval.bytes");
    }

    public int logIndexSizeMaxBytes() {
        return values.getInt("log.index.size.max.bytes");
    }

    public long logFlushIntervalMessages() {
        return values.getLong("log.flush.interval.messages");
    }

    /** {@code log.flush.interval.ms}, else {@code log.flush.scheduler.interval.ms}. */
    public long logFlushIntervalMs() {
        return values.getLong("log.flush.interval.ms");
    }

    public long logFlushSchedulerIntervalMs() {
        return values.getLong("log.flush.scheduler.interval.ms");
    }

    public String logMessageTimestampType() {
        return values.getString("log.message.timestamp.type");
    }

    public List<String> logCleanupPolicy() {
        return values.getList("log.cleanup.policy");
    }

    public boolean logCleanerEnable() {
        return values.getBoolean("log.cleaner.enable");
    }

    public int logCleanerThreads() {
        return values.getInt("log.cleaner.threads");
    }

    public long logCleanerDedupeBufferSize() {
        return values.getLong("log.cleaner.dedupe.buffer.size");
    }

    public double logCleanerIoMaxBytesPerSecond() {
        return values.getDouble("log.cleaner.io.max.bytes.per.second");
    }

    public long logCleanerBackoffMs() {
        return values.getLong("log.cleaner.backoff.ms");
    }

    public long logSegmentDeleteDelayMs() {
        return values.getLong("log.segment.delete.delay.ms");
    }

    // ---- network and threads

    public int messageMaxBytes() {
        return values.getInt("message.max.bytes");
    }

    public int socketRequestMaxBytes() {
        return values.getInt("socket.request.max.bytes");
    }

    public int socketSendBufferBytes() {
        return values.getInt("socket.send.buffer.bytes");
    }

    public int socketReceiveBufferBytes() {
        return values.getInt("socket.receive.buffer.bytes");
    }

    public long connectionsMaxIdleMs() {
        return values.getLong("connections.max.idle.ms");
    }

    public int numNetworkThreads() {
        return values.getInt("num.network.threads");
    }

    public int numIoThreads() {
        return values.getInt("num.io.threads");
    }

    public int numRecoveryThreadsPerDataDir() {
        return values.getInt("num.recovery.threads.per.data.dir");
    }

    public int numReplicaFetchers() {
        return values.getInt("num.replica.fetchers");
    }

    public long replicaLagTimeMaxMs() {
        return values.getLong("replica.lag.time.max.ms");
    }

    public int replicaFetchMaxBytes() {
        return values.getInt("replica.fetch.max.bytes");
    }

    public int replicaFetchWaitMaxMs() {
        return values.getInt("replica.fetch.wait.max.ms");
    }

    public int replicaFetchMinBytes() {
        return values.getInt("replica.fetch.min.bytes");
    }

    public int replicaFetchResponseMaxBytes() {
        return values.getInt("replica.fetch.response.max.bytes");
    }

    public int replicaFetchBackoffMs() {
        return values.getInt("replica.fetch.backoff.ms");
    }

    // ---- internal topics and coordinators

    public int offsetsTopicNumPartitions() {
        return values.getInt("offsets.topic.num.partitions");
    }

    public short offsetsTopicReplicationFactor() {
        return values.getShort("offsets.topic.replication.factor");
    }

    public int offsetsRetentionMinutes() {
        return values.getInt("offsets.retention.minutes");
    }

    public int groupInitialRebalanceDelayMs() {
        return values.getInt("group.initial.rebalance.delay.ms");
    }

    public int transactionStateLogNumPartitions() {
        return values.getInt("transaction.state.log.num.partitions");
    }

    public short transactionStateLogReplicationFactor() {
        return values.getShort("transaction.state.log.replication.factor");
    }

    public int transactionStateLogMinIsr() {
        return values.getInt("transaction.state.log.min.isr");
    }

    public int transactionalIdExpirationMs() {
        return values.getInt("transactional.id.expiration.ms");
    }

    public int transactionStateLogSegmentBytes() {
        return values.getInt("transaction.state.log.segment.bytes");
    }

    public int transactionMaxTimeoutMs() {
        return values.getInt("transaction.max.timeout.ms");
    }

    public int transactionAbortTimedOutTransactionCleanupIntervalMs() {
        return values.getInt("transaction.abort.timed.out.transaction.cleanup.interval.ms");
    }

    public int transactionRemoveExpiredTransactionCleanupIntervalMs() {
        return values.getInt("transaction.remove.expired.transaction.cleanup.interval.ms");
    }

    public boolean transactionPartitionVerificationEnable() {
        return values.getBoolean("transaction.partition.verification.enable");
    }

    public int producerIdExpirationMs() {
        return values.getInt("producer.id.expiration.ms");
    }

    // ---- parsing and cross-key checks

    private List<Listener> parseListeners(String name) {
        return values.getList(name).stream().map(Listener::parse).toList();
    }

    private Map<String, SecurityProtocol> parseProtocolMap() {
        Map<String, SecurityProtocol> map = new LinkedHashMap<>();
        for (String entry : values.getList("listener.security.protocol.map")) {
            String name = entry.substring(0, entry.indexOf(':')).trim().toUpperCase(Locale.ROOT);
            map.put(name, Validators.parseProtocolMapping(entry));
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    private void checkCombination() {
        checkNodeId();
        checkLogDirs();
        List<String> listenerNames = listeners.stream().map(Listener::name).toList();
        for (Listener listener : listeners) {
            if (!securityProtocolMap.containsKey(listener.name())
                    && SecurityProtocol.byName(listener.name()).isEmpty()) {
                throw invalid("listeners", "listener name " + listener.name()
                        + " is not a security protocol and has no entry in listener.security.protocol.map");
            }
        }
        for (Listener advertised : advertisedListeners()) {
            if (!listenerNames.contains(advertised.name())) {
                throw invalid("advertised.listeners", "listener name " + advertised.name()
                        + " is not among listeners");
            }
        }
        if (isBroker() && brokerListeners().isEmpty()) {
            throw invalid("listeners", "a broker needs at least one listener that is not a controller listener");
        }
        values.getOptionalString("inter.broker.listener.name").ifPresent(name -> {
            if (!listenerNames.contains(name.toUpperCase(Locale.ROOT))) {
                throw invalid("inter.broker.listener.name", "it is not among the names in listeners");
            }
        });
        if (isController()) {
            for (String name : controllerListenerNames()) {
                if (!listenerNames.contains(name)) {
                    throw invalid("controller.listener.names", "listener name " + name
                            + " is not among listeners");
                }
            }
        }
    }

    private void checkNodeId() {
        if (values.isExplicit("node.id") && values.isExplicit("broker.id")
                && values.getInt("node.id") != ((Number) values.require("broker.id")).intValue()) {
            throw invalid("broker.id", "must equal node.id (" + values.getInt("node.id") + ")");
        }
    }

    private void checkLogDirs() {
        Set<Path> seen = new HashSet<>();
        for (Path dir : logDirs) {
            if (!seen.add(dir)) {
                throw invalid("log.dirs", "directory " + dir + " appears twice");
            }
        }
    }

    private ConfigException invalid(String name, String problem) {
        ConfigDefinition definition = BrokerConfigs.REGISTRY.definition(name);
        String shown = values.value(name).map(definition.type()::format).orElse("(none)");
        return ConfigException.invalid(name, shown, problem);
    }
}

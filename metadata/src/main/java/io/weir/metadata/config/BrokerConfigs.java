package io.weir.metadata.config;

import static io.weir.metadata.config.ConfigDefinition.define;
import static io.weir.metadata.config.ConfigType.BOOLEAN;
import static io.weir.metadata.config.ConfigType.DOUBLE;
import static io.weir.metadata.config.ConfigType.INT;
import static io.weir.metadata.config.ConfigType.LIST;
import static io.weir.metadata.config.ConfigType.LONG;
import static io.weir.metadata.config.ConfigType.SHORT;
import static io.weir.metadata.config.ConfigType.STRING;
import static io.weir.metadata.config.Importance.HIGH;
import static io.weir.metadata.config.Importance.LOW;
import static io.weir.metadata.config.Importance.MEDIUM;
import static io.weir.metadata.config.Validators.atLeast;
import static io.weir.metadata.config.Validators.between;
import static io.weir.metadata.config.Validators.betweenDecimal;
import static io.weir.metadata.config.Validators.oneOf;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node-level keys: everything a node's properties file or {@code --set} may hold. Names,
 * meanings and defaults are Kafka 4.x's, except where a Weir default makes a single node start with
 * no configuration at all ({@code node.id}, {@code process.roles}, {@code log.dir}, {@code
 * listeners}, and the replication factors of internal topics, which are 1, as in Kafka's shipped
 * {@code server.properties}). The definitions are grouped in sections; see {@link #sections()}.
 */
public final class BrokerConfigs {
    /** Where Kafka's server-side assignor classes live: their class names are accepted as assignor names. */
    private static final String KAFKA_ASSIGNOR_PACKAGE = "org.apache.kafka.coordinator.group.assignor.";
    /** The one {@code replica.selector.class} Weir implements (KIP-392), by Kafka's class name. */
    public static final String RACK_AWARE_REPLICA_SELECTOR = "org.apache.kafka.common.replica.RackAwareReplicaSelector";
    private static final Map<String, List<ConfigDefinition>> SECTIONS = buildSections();

    /** Every node-level key. */
    public static final ConfigRegistry REGISTRY = ConfigRegistry.of(
            SECTIONS.values().stream().flatMap(List::stream).toList(), topicKeyHints());

    private BrokerConfigs() {}

    /** The keys grouped by subject (for documentation), in registry order. */
    public static Map<String, List<ConfigDefinition>> sections() {
        return SECTIONS;
    }

    private static Map<String, List<ConfigDefinition>> buildSections() {
        Map<String, List<ConfigDefinition>> sections = new LinkedHashMap<>();
        sections.put("Node", node());
        sections.put("Listeners and controller quorum", listeners());
        sections.put("Topics and partitions", topics());
        sections.put("Log segments and retention", logSegments());
        sections.put("Flushing, timestamps, compaction", logFlushAndCleaning());
        sections.put("Network and threads", network());
        sections.put("Replication", replication());
        sections.put("Internal topics and coordinators", coordinators());
        return java.util.Collections.unmodifiableMap(sections);
    }

    private static List<ConfigDefinition> node() {
        return List.of(
                define("node.id", INT).defaultValue("1").validator(atLeast(0)).importance(HIGH)
                        .synonyms(Synonym.of("broker.id"))
                        .doc("The id of this node, unique in the cluster; its broker and controller share it.")
                        .build(),
                define("broker.id", INT).validator(atLeast(0)).importance(LOW)
                        .doc("Older name of node.id, used when node.id is not set. If both are set they must be equal.")
                        .build(),
                define("process.roles", LIST).defaultValue("broker,controller")
                        .validator(Validators.listOf(true, "broker", "controller")).importance(HIGH)
                        .doc("The roles this node plays: broker, controller, or both (a combined node).")
                        .build(),
                define("log.dirs", LIST).validator(Validators.nonEmptyList()).importance(HIGH)
                        .synonyms(Synonym.of("log.dir"))
                        .doc("Directories where partition data is kept, comma-separated. Relative paths are relative"
                                + " to the working directory. Each is locked by one node at a time. Defaults to"
                                + " log.dir.")
                        .build(),
                define("log.dir", LIST).defaultValue("./data").validator(Validators.nonEmptyList()).importance(HIGH)
                        .doc("The data directory used when log.dirs is not set.")
                        .build(),
                define("broker.rack", STRING).importance(MEDIUM)
                        .doc("The rack (or availability zone) of this node, so replicas of a partition are spread"
                                + " across racks.")
                        .build(),
                define("weir.http.listener", STRING).defaultValue("127.0.0.1:8080")
                        .validator(Validators.hostPortOrEmpty()).importance(MEDIUM)
                        .doc("Weir's HTTP endpoint for health, metrics and the console, as host:port; empty turns it"
                                + " off. Not served yet.")
                        .build());
    }

    private static List<ConfigDefinition> listeners() {
        return List.of(
                define("listeners", LIST).defaultValue("PLAINTEXT://127.0.0.1:9092")
                        .validator(Validators.listeners()).importance(HIGH)
                        .doc("The addresses the node listens on, as NAME://host:port, comma-separated. An empty host"
                                + " binds every interface; port 0 picks a free port. Weir serves PLAINTEXT only"
                                + " for now.")
                        .build(),
                define("advertised.listeners", LIST).validator(Validators.listeners()).importance(HIGH)
                        .doc("The addresses clients are told to use, when they differ from listeners (NAT,"
                                + " containers). Defaults to listeners.")
                        .build(),
                define("listener.security.protocol.map", LIST)
                        .defaultValue("PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL")
                        .validator(Validators.securityProtocolMap()).importance(LOW)
                        .doc("The security protocol of each listener name, as NAME:PROTOCOL pairs. A listener whose"
                                + " name is a protocol name needs no entry.")
                        .build(),
                define("inter.broker.listener.name", STRING).importance(MEDIUM)
                        .doc("The listener brokers use to reach each other. Defaults to the first listener that is"
                                + " not a controller listener.")
                        .build(),
                define("controller.listener.names", LIST).defaultValue("").importance(HIGH)
                        .doc("The names of the listeners the controller serves, comma-separated. A combined"
                                + " single node needs none.")
                        .build(),
                define("controller.quorum.voters", LIST).defaultValue("").validator(Validators.quorumVoters())
                        .importance(HIGH)
                        .doc("The static controller quorum, as id@host:port of every controller. Empty for a"
                                + " single node.")
                        .build(),
                define("controller.quorum.bootstrap.servers", LIST).defaultValue("")
                        .validator(Validators.hostPortList()).importance(HIGH)
                        .doc("Controller addresses (host:port) used to discover a dynamic controller quorum.")
                        .build(),
                define("broker.heartbeat.interval.ms", INT).defaultValue("2000").validator(atLeast(1))
                        .importance(MEDIUM)
                        .doc("How often a broker of a multi-node cluster sends a heartbeat to the active controller.")
                        .build(),
                define("broker.session.timeout.ms", INT).defaultValue("9000").validator(atLeast(1))
                        .importance(MEDIUM)
                        .doc("How long the active controller waits without a heartbeat before it fences a broker:"
                                + " the broker's partitions get other leaders and it leaves every ISR.")
                        .build(),
                define("controlled.shutdown.enable", BOOLEAN).defaultValue("true").importance(MEDIUM)
                        .doc("Whether a broker of a multi-node cluster asks the controller to move its leaderships"
                                + " to other in-sync replicas before it stops.")
                        .build());
    }

    private static List<ConfigDefinition> topics() {
        return List.of(
                define("num.partitions", INT).defaultValue("1").validator(atLeast(1)).importance(MEDIUM)
                        .doc("The number of partitions of a topic created without an explicit count.")
                        .build(),
                define("default.replication.factor", INT).defaultValue("1").validator(atLeast(1)).importance(MEDIUM)
                        .doc("The replication factor of a topic created without an explicit one.")
                        .build(),
                define("min.insync.replicas", INT).defaultValue("1").validator(atLeast(1)).importance(HIGH)
                        .doc("The fewest in-sync replicas that must hold a write before an acks=all produce succeeds.")
                        .build(),
                define("auto.create.topics.enable", BOOLEAN).defaultValue("true").importance(HIGH)
                        .doc("Whether a topic is created when a client first asks for its metadata or produces to it.")
                        .build(),
                define("delete.topic.enable", BOOLEAN).defaultValue("true").importance(HIGH)
                        .doc("Whether topics may be deleted.")
                        .build(),
                define("compression.type", STRING).defaultValue("producer")
                        .validator(oneOf("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"))
                        .importance(HIGH)
                        .doc("The compression of stored batches; producer keeps what the producer sent.")
                        .build(),
                define("unclean.leader.election.enable", BOOLEAN).defaultValue("false").importance(HIGH)
                        .doc("Whether a replica that is not in sync may become leader as a last resort, losing data.")
                        .build(),
                define("auto.leader.rebalance.enable", BOOLEAN).defaultValue("true").importance(HIGH)
                        .doc("Whether the active controller moves leadership back to each partition's preferred"
                                + " replica (its first) when a broker leads too few of the partitions it prefers;"
                                + " see leader.imbalance.per.broker.percentage.")
                        .build(),
                define("leader.imbalance.check.interval.seconds", LONG).defaultValue("300").validator(atLeast(1))
                        .importance(HIGH)
                        .doc("How often the active controller checks whether leadership should move back to"
                                + " preferred replicas.")
                        .build(),
                define("leader.imbalance.per.broker.percentage", INT).defaultValue("10").validator(between(0, 100))
                        .importance(HIGH)
                        .doc("The share (percent) of the partitions a broker prefers that it may fail to lead before"
                                + " the active controller moves their leadership back to it.")
                        .build());
    }

    private static List<ConfigDefinition> logSegments() {
        return List.of(
                define("log.segment.bytes", INT).defaultValue("1073741824").validator(atLeast(14)).importance(HIGH)
                        .doc("The largest size of one segment file; a new segment is rolled beyond it. Kafka 4"
                                + " refuses values under 1 MiB; Weir accepts small values, which tests use.")
                        .build(),
                define("log.roll.ms", LONG).validator(atLeast(1)).importance(HIGH)
                        .synonyms(new Synonym("log.roll.hours", 3_600_000L))
                        .doc("The longest time before a new segment is rolled. Defaults to log.roll.hours.")
                        .build(),
                define("log.roll.hours", INT).defaultValue("168").validator(atLeast(1)).importance(HIGH)
                        .doc("log.roll.ms in hours, used when log.roll.ms is not set.")
                        .build(),
                define("log.roll.jitter.ms", LONG).validator(atLeast(0)).importance(LOW)
                        .synonyms(new Synonym("log.roll.jitter.hours", 3_600_000L))
                        .doc("The most that is randomly subtracted from the roll time, so segments do not all roll"
                                + " at once. Defaults to log.roll.jitter.hours.")
                        .build(),
                define("log.roll.jitter.hours", INT).defaultValue("0").validator(atLeast(0)).importance(LOW)
                        .doc("log.roll.jitter.ms in hours, used when log.roll.jitter.ms is not set.")
                        .build(),
                define("log.retention.ms", LONG).validator(atLeast(-1)).importance(HIGH)
                        .synonyms(new Synonym("log.retention.minutes", 60_000L),
                                new Synonym("log.retention.hours", 3_600_000L))
                        .doc("How long a segment is kept before it may be deleted; -1 keeps data forever. Takes"
                                + " precedence over log.retention.minutes and log.retention.hours.")
                        .build(),
                define("log.retention.minutes", INT).validator(atLeast(-1)).importance(HIGH)
                        .doc("log.retention.ms in minutes; takes precedence over log.retention.hours.")
                        .build(),
                define("log.retention.hours", INT).defaultValue("168").validator(atLeast(-1)).importance(HIGH)
                        .doc("log.retention.ms in hours, used when neither log.retention.ms nor"
                                + " log.retention.minutes is set.")
                        .build(),
                define("log.retention.bytes", LONG).defaultValue("-1").validator(atLeast(-1)).importance(HIGH)
                        .doc("The largest size a partition's log may reach before its oldest segments are deleted;"
                                + " -1 for no limit.")
                        .build(),
                define("log.retention.check.interval.ms", LONG).defaultValue("300000").validator(atLeast(1))
                        .importance(MEDIUM)
                        .doc("How often logs are checked for segments to delete.")
                        .build(),
                define("log.index.interval.bytes", INT).defaultValue("4096").validator(atLeast(0)).importance(MEDIUM)
                        .doc("How many bytes of records lie between two entries of the offset index.")
                        .build(),
                define("log.index.size.max.bytes", INT).defaultValue("10485760").validator(atLeast(4))
                        .importance(MEDIUM)
                        .doc("The largest size of an offset or time index file.")
                        .build(),
                define("log.segment.delete.delay.ms", LONG).defaultValue("60000").validator(atLeast(0))
                        .importance(LOW)
                        .doc("How long a deleted segment's files linger before they are removed.")
                        .build(),
                define("log.preallocate", BOOLEAN).defaultValue("false").importance(LOW).notYetUsed()
                        .doc("Whether segment files are preallocated when rolled.")
                        .build(),
                define("compression.gzip.level", INT).defaultValue("-1").validator(Validators.betweenOr(1, 9, -1))
                        .importance(MEDIUM)
                        .doc("The level leaders recompress with when compression.type is gzip; -1 for zlib's default.")
                        .build(),
                define("compression.lz4.level", INT).defaultValue("9").validator(between(1, 17)).importance(MEDIUM)
                        .doc("The level leaders recompress with when compression.type is lz4; 9 is LZ4's fast"
                                + " compressor, any other level its high-compression one.")
                        .build(),
                define("compression.zstd.level", INT).defaultValue("3").validator(between(-131072, 22))
                        .importance(MEDIUM)
                        .doc("The level leaders recompress with when compression.type is zstd.")
                        .build(),
                define("max.decompressed.message.bytes", INT).defaultValue("2147483639")
                        .validator(between(1, 2147483639)).importance(MEDIUM).notYetUsed()
                        .doc("The largest decompressed size of one record the broker accepts where it decompresses.")
                        .build(),
                define("log.local.retention.bytes", LONG).defaultValue("-2").validator(atLeast(-2)).importance(MEDIUM)
                        .notYetUsed()
                        .doc("With tiered storage, the local share of log.retention.bytes; Weir has no tiered storage.")
                        .build(),
                define("log.local.retention.ms", LONG).defaultValue("-2").validator(atLeast(-2)).importance(MEDIUM)
                        .notYetUsed()
                        .doc("With tiered storage, the local share of log.retention.ms; Weir has no tiered storage.")
                        .build(),
                define("log.remote.copy.lag.bytes", LONG).defaultValue("-1").validator(atLeast(-1)).importance(MEDIUM)
                        .notYetUsed()
                        .doc("With tiered storage, how many newer bytes make a segment eligible for upload.")
                        .build(),
                define("log.remote.copy.lag.ms", LONG).defaultValue("0").validator(atLeast(-1)).importance(MEDIUM)
                        .notYetUsed()
                        .doc("With tiered storage, how old a segment must be to be eligible for upload.")
                        .build());
    }

    private static List<ConfigDefinition> logFlushAndCleaning() {
        return List.of(
                define("log.flush.interval.messages", LONG).defaultValue(String.valueOf(Long.MAX_VALUE))
                        .validator(atLeast(1)).importance(HIGH)
                        .doc("How many messages a partition accepts before its log is fsynced. The default leaves"
                                + " durability to replication and the page cache.")
                        .build(),
                define("log.flush.interval.ms", LONG).validator(atLeast(0)).importance(HIGH)
                        .synonyms(Synonym.of("log.flush.scheduler.interval.ms"))
                        .doc("The longest time a message stays in the page cache before it is fsynced. Defaults"
                                + " to log.flush.scheduler.interval.ms.")
                        .build(),
                define("log.flush.scheduler.interval.ms", LONG).defaultValue(String.valueOf(Long.MAX_VALUE))
                        .validator(atLeast(0)).importance(HIGH)
                        .doc("How often logs are checked for a due flush.")
                        .build(),
                define("log.message.timestamp.type", STRING).defaultValue("CreateTime")
                        .validator(oneOf("CreateTime", "LogAppendTime")).importance(MEDIUM)
                        .doc("Whether a record's timestamp is the producer's (CreateTime) or the broker's append"
                                + " time (LogAppendTime).")
                        .build(),
                define("log.message.timestamp.before.max.ms", LONG).defaultValue(String.valueOf(Long.MAX_VALUE))
                        .validator(atLeast(0)).importance(MEDIUM)
                        .doc("How far in the past a CreateTime timestamp may be before the batch is refused.")
                        .build(),
                define("log.message.timestamp.after.max.ms", LONG).defaultValue("3600000")
                        .validator(atLeast(0)).importance(MEDIUM)
                        .doc("How far in the future a CreateTime timestamp may be before the batch is refused.")
                        .build(),
                define("log.cleanup.policy", LIST).defaultValue("delete")
                        .validator(Validators.listOf(true, "delete", "compact")).importance(MEDIUM)
                        .doc("What happens to old segments: delete them, compact them (keep the last record per"
                                + " key), or both.")
                        .build(),
                define("log.cleaner.enable", BOOLEAN).defaultValue("true").importance(MEDIUM)
                        .doc("Whether the log cleaner runs; topics with cleanup.policy=compact need it.")
                        .build(),
                define("log.cleaner.threads", INT).defaultValue("1").validator(atLeast(0)).importance(MEDIUM)
                        .doc("The most compacted logs cleaned at once (each pass runs on the node's scheduler).")
                        .build(),
                define("log.cleaner.dedupe.buffer.size", LONG).defaultValue("134217728").validator(atLeast(1024))
                        .importance(MEDIUM)
                        .doc("Memory for the key-to-offset map of one cleaning pass, in bytes; a dirty section"
                                + " with more keys is cleaned in several passes.")
                        .build(),
                define("log.cleaner.io.max.bytes.per.second", DOUBLE).defaultValue(String.valueOf(Double.MAX_VALUE))
                        .validator(betweenDecimal(1, Double.MAX_VALUE)).importance(MEDIUM)
                        .doc("The most bytes per second the cleaner reads and writes, over all its passes.")
                        .build(),
                define("log.cleaner.backoff.ms", LONG).defaultValue("15000").validator(atLeast(0))
                        .importance(MEDIUM)
                        .doc("How often the cleaner looks for logs to clean.")
                        .build(),
                define("log.cleaner.delete.retention.ms", LONG).defaultValue("86400000").validator(atLeast(0))
                        .importance(MEDIUM)
                        .doc("How long tombstones are kept in a compacted log.")
                        .build(),
                define("log.cleaner.min.compaction.lag.ms", LONG).defaultValue("0").validator(atLeast(0))
                        .importance(MEDIUM)
                        .doc("The least time a record stays uncompacted.")
                        .build(),
                define("log.cleaner.max.compaction.lag.ms", LONG).defaultValue(String.valueOf(Long.MAX_VALUE))
                        .validator(atLeast(1)).importance(MEDIUM)
                        .doc("The longest time a record may stay uncompacted.")
                        .build(),
                define("log.cleaner.min.cleanable.ratio", DOUBLE).defaultValue("0.5")
                        .validator(betweenDecimal(0, 1)).importance(MEDIUM)
                        .doc("The least ratio of dirty bytes to total bytes for a log to be compacted.")
                        .build());
    }

    private static List<ConfigDefinition> network() {
        return List.of(
                define("message.max.bytes", INT).defaultValue("1048588").validator(atLeast(0)).importance(HIGH)
                        .doc("The largest record batch the broker accepts (after compression).")
                        .build(),
                define("socket.request.max.bytes", INT).defaultValue("104857600").validator(atLeast(1))
                        .importance(HIGH)
                        .doc("The largest request the broker reads; larger requests close the connection.")
                        .build(),
                define("socket.send.buffer.bytes", INT).defaultValue("102400").validator(atLeast(-1)).importance(HIGH)
                        .doc("The SO_SNDBUF of client connections; -1 uses the operating system's default.")
                        .build(),
                define("socket.receive.buffer.bytes", INT).defaultValue("102400").validator(atLeast(-1))
                        .importance(HIGH)
                        .doc("The SO_RCVBUF of client connections; -1 uses the operating system's default.")
                        .build(),
                define("connections.max.idle.ms", LONG).defaultValue("600000").importance(MEDIUM)
                        .doc("How long a connection may stay idle before the broker closes it.")
                        .build(),
                define("num.network.threads", INT).defaultValue("3").validator(atLeast(1)).importance(HIGH)
                        .doc("The number of threads reading requests from and writing responses to connections.")
                        .build(),
                define("num.io.threads", INT).defaultValue("8").validator(atLeast(1)).importance(HIGH)
                        .doc("The number of threads handling requests, including disk I/O.")
                        .build(),
                define("num.recovery.threads.per.data.dir", INT).defaultValue("2").validator(atLeast(1))
                        .importance(HIGH)
                        .doc("The number of threads per data directory recovering logs at start and flushing them"
                                + " at shutdown.")
                        .build());
    }

    /** Empty or the rack-aware selector: Weir cannot load plugin classes. */
    private static Validator replicaSelector() {
        return Validator.of("empty or " + RACK_AWARE_REPLICA_SELECTOR, value -> value.equals("")
                || value.equals(RACK_AWARE_REPLICA_SELECTOR)
                ? Optional.empty()
                : Optional.of("Weir implements only " + RACK_AWARE_REPLICA_SELECTOR + " (it cannot load plugin classes)"));
    }

    private static List<ConfigDefinition> replication() {
        return List.of(
                define("num.replica.fetchers", INT).defaultValue("1").validator(atLeast(1)).importance(HIGH)
                        .doc("The number of fetcher threads a follower uses per source broker.")
                        .build(),
                define("replica.lag.time.max.ms", LONG).defaultValue("30000").validator(atLeast(1)).importance(HIGH)
                        .doc("How long a follower may fail to catch up before it is removed from the ISR.")
                        .build(),
                define("replica.selector.class", STRING).validator(replicaSelector())
                        .importance(MEDIUM)
                        .doc("Which replica a consumer fetches from (KIP-392). Unset or empty: always the leader. "
                                + RACK_AWARE_REPLICA_SELECTOR + ": a consumer whose client.rack names the rack of an"
                                + " in-sync replica is sent to that replica (the leader when it is in that rack)."
                                + " Other plugin classes are refused.")
                        .build(),
                define("replica.fetch.max.bytes", INT).defaultValue("1048576").validator(atLeast(0)).importance(MEDIUM)
                        .doc("The bytes a follower asks for per partition in one fetch.")
                        .build(),
                define("replica.fetch.wait.max.ms", INT).defaultValue("500").validator(atLeast(0)).importance(MEDIUM)
                        .doc("How long a follower's fetch waits at the leader for replica.fetch.min.bytes; keep it below"
                                + " replica.lag.time.max.ms.")
                        .build(),
                define("replica.fetch.min.bytes", INT).defaultValue("1").validator(atLeast(1)).importance(MEDIUM)
                        .doc("The bytes a follower's fetch waits for at the leader before it is answered.")
                        .build(),
                define("replica.fetch.response.max.bytes", INT).defaultValue("10485760").validator(atLeast(0))
                        .importance(MEDIUM)
                        .doc("The most record bytes a follower asks for in one fetch, over all partitions.")
                        .build(),
                define("replica.fetch.backoff.ms", INT).defaultValue("1000").validator(atLeast(0)).importance(MEDIUM)
                        .doc("How long a follower waits before fetching again after a fetch failed.")
                        .build());
    }

    private static List<ConfigDefinition> coordinators() {
        return List.of(
                define("offsets.topic.num.partitions", INT).defaultValue("50").validator(atLeast(1)).importance(HIGH)
                        .doc("The number of partitions of __consumer_offsets. Do not change it once the topic exists.")
                        .build(),
                define("offsets.topic.replication.factor", SHORT).defaultValue("3").validator(atLeast(1))
                        .importance(HIGH)
                        .doc("The replication factor of __consumer_offsets. A node of a cluster waits up to 30 s after its"
                                + " start for as many brokers as there are controller voters (at most this factor) to"
                                + " register, then caps the factor to the brokers registered; creating it fails while"
                                + " fewer of those are unfenced. A single node (no controller quorum) caps it to 1.")
                        .build(),
                define("offsets.retention.minutes", INT).defaultValue("10080").validator(atLeast(1)).importance(HIGH)
                        .doc("How long the committed offsets of an empty group are kept.")
                        .build(),
                define("group.initial.rebalance.delay.ms", INT).defaultValue("3000").validator(atLeast(0))
                        .importance(MEDIUM)
                        .doc("How long a new classic group waits for more members before its first rebalance.")
                        .build(),
                define("offsets.retention.check.interval.ms", LONG).defaultValue("600000").validator(atLeast(1))
                        .importance(HIGH)
                        .doc("How often the group coordinator looks for expired offsets.")
                        .build(),
                define("offset.metadata.max.bytes", INT).defaultValue("4096").validator(atLeast(0)).importance(HIGH)
                        .doc("The longest metadata string an offset commit may carry; a longer one is refused with"
                                + " OFFSET_METADATA_TOO_LARGE.")
                        .build(),
                define("group.min.session.timeout.ms", INT).defaultValue("6000").validator(atLeast(1)).importance(MEDIUM)
                        .doc("The shortest session timeout a classic group member may ask for in JoinGroup; a shorter"
                                + " one is refused with INVALID_SESSION_TIMEOUT.")
                        .build(),
                define("group.max.session.timeout.ms", INT).defaultValue("1800000").validator(atLeast(1))
                        .importance(MEDIUM)
                        .doc("The longest session timeout a classic group member may ask for in JoinGroup; a longer"
                                + " one is refused with INVALID_SESSION_TIMEOUT.")
                        .build(),
                define("group.max.size", INT).defaultValue("2147483647").validator(atLeast(1)).importance(MEDIUM)
                        .doc("The most members a classic group may have; one more is refused with"
                                + " GROUP_MAX_SIZE_REACHED.")
                        .build(),
                define("group.consumer.session.timeout.ms", INT).defaultValue("45000").validator(atLeast(1))
                        .importance(MEDIUM)
                        .doc("How long a member of a consumer-protocol group (KIP-848) may stay silent before it is"
                                + " removed. Must lie between group.consumer.min.session.timeout.ms and"
                                + " group.consumer.max.session.timeout.ms.")
                        .build(),
                define("group.consumer.min.session.timeout.ms", INT).defaultValue("45000").validator(atLeast(1))
                        .importance(MEDIUM)
                        .doc("The lower bound of group.consumer.session.timeout.ms.")
                        .build(),
                define("group.consumer.max.session.timeout.ms", INT).defaultValue("60000").validator(atLeast(1))
                        .importance(MEDIUM)
                        .doc("The upper bound of group.consumer.session.timeout.ms.")
                        .build(),
                define("group.consumer.heartbeat.interval.ms", INT).defaultValue("5000").validator(atLeast(1))
                        .importance(MEDIUM)
                        .doc("The heartbeat interval given to members of a settled consumer-protocol group. Must lie"
                                + " between group.consumer.min.heartbeat.interval.ms and"
                                + " group.consumer.max.heartbeat.interval.ms, and be shorter than the session timeout.")
                        .build(),
                define("group.consumer.min.heartbeat.interval.ms", INT).defaultValue("5000").validator(atLeast(1))
                        .importance(MEDIUM)
                        .doc("The lower bound of group.consumer.heartbeat.interval.ms.")
                        .build(),
                define("group.consumer.max.heartbeat.interval.ms", INT).defaultValue("15000").validator(atLeast(1))
                        .importance(MEDIUM)
                        .doc("The upper bound of group.consumer.heartbeat.interval.ms.")
                        .build(),
                define("group.consumer.max.size", INT).defaultValue("2147483647").validator(atLeast(1))
                        .importance(MEDIUM)
                        .doc("The most members a consumer-protocol group may have; one more is refused with"
                                + " GROUP_MAX_SIZE_REACHED.")
                        .build(),
                define("group.consumer.assignors", LIST).defaultValue("uniform,range")
                        .validator(Validators.listOf(true, "uniform", "range", KAFKA_ASSIGNOR_PACKAGE + "UniformAssignor",
                                KAFKA_ASSIGNOR_PACKAGE + "RangeAssignor"))
                        .importance(MEDIUM)
                        .doc("The server-side assignors of consumer-protocol groups, the first being the default."
                                + " Kafka's class names of the same assignors are accepted too.")
                        .build(),
                define("group.consumer.migration.policy", STRING).defaultValue("bidirectional")
                        .validator(oneOf("disabled", "upgrade", "downgrade", "bidirectional")).importance(MEDIUM)
                        .doc("Whether a group with members changes protocol online (KIP-848): upgrade lets a"
                                + " consumer-protocol member join a classic group, which becomes a consumer group;"
                                + " downgrade turns a consumer group whose last consumer-protocol member left back"
                                + " into a classic group; bidirectional allows both; disabled neither.")
                        .build(),
                define("transaction.state.log.num.partitions", INT).defaultValue("50").validator(atLeast(1))
                        .importance(HIGH)
                        .doc("The number of partitions of __transaction_state.")
                        .build(),
                define("transaction.state.log.replication.factor", SHORT).defaultValue("3").validator(atLeast(1))
                        .importance(HIGH)
                        .doc("The replication factor of __transaction_state. A node of a cluster waits up to 30 s after its"
                                + " start for as many brokers as there are controller voters (at most this factor) to"
                                + " register, then caps the factor to the brokers registered; creating it fails while"
                                + " fewer of those are unfenced. A single node (no controller quorum) caps it to 1.")
                        .build(),
                define("transaction.state.log.min.isr", INT).defaultValue("2").validator(atLeast(1)).importance(HIGH)
                        .doc("min.insync.replicas of __transaction_state (capped to its replication factor).")
                        .build(),
                define("transaction.state.log.segment.bytes", INT).defaultValue("104857600").validator(atLeast(1))
                        .importance(HIGH)
                        .doc("The segment size of __transaction_state, set on the topic when it is created.")
                        .build(),
                define("transaction.max.timeout.ms", INT).defaultValue("900000").validator(atLeast(1))
                        .importance(HIGH)
                        .doc("The longest transaction timeout a producer may ask for; InitProducerId with a larger"
                                + " one is refused with INVALID_TRANSACTION_TIMEOUT.")
                        .build(),
                define("transaction.abort.timed.out.transaction.cleanup.interval.ms", INT).defaultValue("10000")
                        .validator(atLeast(1)).importance(LOW)
                        .doc("How often the coordinator looks for transactions open longer than their timeout, and"
                                + " aborts them.")
                        .build(),
                define("transaction.remove.expired.transaction.cleanup.interval.ms", INT).defaultValue("3600000")
                        .validator(atLeast(1)).importance(LOW)
                        .doc("How often the coordinator forgets transactional ids idle longer than"
                                + " transactional.id.expiration.ms.")
                        .build(),
                define("transaction.partition.verification.enable", BOOLEAN).defaultValue("true").importance(LOW)
                        .doc("Whether a partition leader checks with the transaction coordinator that a"
                                + " transactional batch's partition is in the producer's open transaction before"
                                + " appending it (KIP-890), for producers that add partitions themselves"
                                + " (transaction version 1). Producers at transaction version 2 always have their"
                                + " partitions added by the leader.")
                        .build(),
                define("transactional.id.expiration.ms", INT).defaultValue("604800000").validator(atLeast(1))
                        .importance(HIGH)
                        .doc("How long an idle transactional id is remembered.")
                        .build(),
                define("producer.id.expiration.ms", INT).defaultValue("86400000").validator(atLeast(1))
                        .importance(LOW)
                        .doc("How long an idle idempotent producer's state is kept.")
                        .build(),
                define("share.coordinator.state.topic.replication.factor", SHORT).defaultValue("1")
                        .validator(atLeast(1)).importance(MEDIUM).notYetUsed()
                        .doc("The replication factor of __share_group_state (Kafka's default: 3).")
                        .build(),
                define("share.coordinator.state.topic.min.isr", SHORT).defaultValue("1").validator(atLeast(1))
                        .importance(MEDIUM).notYetUsed()
                        .doc("min.insync.replicas of __share_group_state (Kafka's default: 2).")
                        .build());
    }

    /** A topic key written in a node's file is most likely meant as its node-level synonym. */
    private static Map<String, String> topicKeyHints() {
        Map<String, String> hints = new HashMap<>();
        for (ConfigDefinition topicKey : TopicConfigs.REGISTRY.definitions()) {
            // Keys without a node-level synonym (the replication throttles) give no hint.
            topicKey.synonyms().stream().findFirst().map(Synonym::name)
                    .filter(brokerKey -> !brokerKey.equals(topicKey.name()))
                    .ifPresent(brokerKey -> hints.put(topicKey.name(), brokerKey));
        }
        return hints;
    }
}

package io.weir.metadata.config;

import static io.weir.metadata.config.ConfigDefinition.define;
import static io.weir.metadata.config.ConfigType.BOOLEAN;
import static io.weir.metadata.config.ConfigType.DOUBLE;
import static io.weir.metadata.config.ConfigType.INT;
import static io.weir.metadata.config.ConfigType.LIST;
import static io.weir.metadata.config.ConfigType.LONG;
import static io.weir.metadata.config.ConfigType.STRING;
import static io.weir.metadata.config.Importance.HIGH;
import static io.weir.metadata.config.Importance.LOW;
import static io.weir.metadata.config.Importance.MEDIUM;
import static io.weir.metadata.config.Validators.atLeast;

import java.util.List;
import java.util.Map;

/**
 * The topic-level keys (CreateTopics, DescribeConfigs, IncrementalAlterConfigs). Each has one or
 * more node-level synonyms, in precedence order, that supply its value when the topic does not
 * override it ({@code segment.bytes} from {@code log.segment.bytes}); its default equals what the
 * synonyms' defaults give. See {@link TopicConfig} for the resolution.
 */
public final class TopicConfigs {
    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String COMPRESSION_TYPE = "compression.type";
    public static final String COMPRESSION_GZIP_LEVEL = "compression.gzip.level";
    public static final String COMPRESSION_LZ4_LEVEL = "compression.lz4.level";
    public static final String COMPRESSION_ZSTD_LEVEL = "compression.zstd.level";
    public static final String DELETE_RETENTION_MS = "delete.retention.ms";
    public static final String ERRORS_DEADLETTERQUEUE_GROUP_ENABLE = "errors.deadletterqueue.group.enable";
    public static final String FILE_DELETE_DELAY_MS = "file.delete.delay.ms";
    public static final String FLUSH_MESSAGES = "flush.messages";
    public static final String FLUSH_MS = "flush.ms";
    public static final String FOLLOWER_REPLICATION_THROTTLED_REPLICAS = "follower.replication.throttled.replicas";
    public static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";
    public static final String LEADER_REPLICATION_THROTTLED_REPLICAS = "leader.replication.throttled.replicas";
    public static final String LOCAL_RETENTION_BYTES = "local.retention.bytes";
    public static final String LOCAL_RETENTION_MS = "local.retention.ms";
    public static final String MAX_COMPACTION_LAG_MS = "max.compaction.lag.ms";
    public static final String MAX_DECOMPRESSED_MESSAGE_BYTES = "max.decompressed.message.bytes";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String MESSAGE_TIMESTAMP_TYPE = "message.timestamp.type";
    public static final String MESSAGE_TIMESTAMP_BEFORE_MAX_MS = "message.timestamp.before.max.ms";
    public static final String MESSAGE_TIMESTAMP_AFTER_MAX_MS = "message.timestamp.after.max.ms";
    public static final String MIN_CLEANABLE_DIRTY_RATIO = "min.cleanable.dirty.ratio";
    public static final String MIN_COMPACTION_LAG_MS = "min.compaction.lag.ms";
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    public static final String PREALLOCATE = "preallocate";
    public static final String REMOTE_COPY_LAG_BYTES = "remote.copy.lag.bytes";
    public static final String REMOTE_COPY_LAG_MS = "remote.copy.lag.ms";
    public static final String REMOTE_LOG_COPY_DISABLE = "remote.log.copy.disable";
    public static final String REMOTE_LOG_DELETE_ON_DISABLE = "remote.log.delete.on.disable";
    public static final String REMOTE_STORAGE_ENABLE = "remote.storage.enable";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String RETENTION_MS = "retention.ms";
    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_INDEX_BYTES = "segment.index.bytes";
    public static final String SEGMENT_JITTER_MS = "segment.jitter.ms";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String UNCLEAN_LEADER_ELECTION_ENABLE = "unclean.leader.election.enable";

    /** Every topic-level key. */
    public static final ConfigRegistry REGISTRY = ConfigRegistry.of(definitions(), Map.of());

    private TopicConfigs() {}

    private static List<ConfigDefinition> definitions() {
        return List.of(
                define(CLEANUP_POLICY, LIST).defaultValue("delete")
                        .validator(Validators.listOf(true, "delete", "compact")).importance(MEDIUM)
                        .synonyms(Synonym.of("log.cleanup.policy"))
                        .doc("delete, compact, or both: what happens to old segments.")
                        .build(),
                define(COMPRESSION_TYPE, STRING).defaultValue("producer")
                        .validator(Validators.oneOf("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"))
                        .importance(MEDIUM).synonyms(Synonym.of("compression.type"))
                        .doc("The compression of stored batches; producer keeps what the producer sent.")
                        .build(),
                define(COMPRESSION_GZIP_LEVEL, INT).defaultValue("-1").validator(Validators.betweenOr(1, 9, -1))
                        .importance(MEDIUM).synonyms(Synonym.of("compression.gzip.level"))
                        .doc("The level the leader recompresses with when compression.type is gzip; -1 for zlib's"
                                + " default (6).")
                        .build(),
                define(COMPRESSION_LZ4_LEVEL, INT).defaultValue("9").validator(Validators.between(1, 17))
                        .importance(MEDIUM).synonyms(Synonym.of("compression.lz4.level"))
                        .doc("The level the leader recompresses with when compression.type is lz4; 9 is LZ4's fast"
                                + " compressor, any other level its high-compression one.")
                        .build(),
                define(COMPRESSION_ZSTD_LEVEL, INT).defaultValue("3").validator(Validators.between(-131072, 22))
                        .importance(MEDIUM).synonyms(Synonym.of("compression.zstd.level"))
                        .doc("The level the leader recompresses with when compression.type is zstd.")
                        .build(),
                define(DELETE_RETENTION_MS, LONG).defaultValue("86400000").validator(atLeast(0)).importance(MEDIUM)
                        .synonyms(Synonym.of("log.cleaner.delete.retention.ms"))
                        .doc("How long tombstones are kept in a compacted topic.")
                        .build(),
                define(ERRORS_DEADLETTERQUEUE_GROUP_ENABLE, BOOLEAN).defaultValue("false").importance(MEDIUM)
                        .notYetUsed()
                        .doc("Whether share groups may write undeliverable records to this topic (Weir has no share"
                                + " groups).")
                        .build(),
                define(FILE_DELETE_DELAY_MS, LONG).defaultValue("60000").validator(atLeast(0)).importance(MEDIUM)
                        .synonyms(Synonym.of("log.segment.delete.delay.ms"))
                        .doc("How long a deleted segment's files linger before they are removed.")
                        .build(),
                define(FLUSH_MESSAGES, LONG).defaultValue(String.valueOf(Long.MAX_VALUE)).validator(atLeast(1))
                        .importance(MEDIUM).synonyms(Synonym.of("log.flush.interval.messages"))
                        .doc("How many messages a partition accepts before its log is fsynced.")
                        .build(),
                define(FLUSH_MS, LONG).defaultValue(String.valueOf(Long.MAX_VALUE)).validator(atLeast(0))
                        .importance(MEDIUM)
                        .synonyms(Synonym.of("log.flush.interval.ms"), Synonym.of("log.flush.scheduler.interval.ms"))
                        .doc("The longest time a message stays unflushed before its log is fsynced.")
                        .build(),
                define(FOLLOWER_REPLICATION_THROTTLED_REPLICAS, LIST).defaultValue("").importance(MEDIUM).notYetUsed()
                        .doc("The replicas (partition:broker, or *) whose follower fetches are throttled during a"
                                + " reassignment; Kafka's reassignment tool sets and clears it.")
                        .build(),
                define(INDEX_INTERVAL_BYTES, INT).defaultValue("4096").validator(atLeast(0)).importance(MEDIUM)
                        .synonyms(Synonym.of("log.index.interval.bytes"))
                        .doc("How many bytes of records lie between two offset index entries.")
                        .build(),
                define(LEADER_REPLICATION_THROTTLED_REPLICAS, LIST).defaultValue("").importance(MEDIUM).notYetUsed()
                        .doc("The replicas (partition:broker, or *) whose leaders throttle follower fetches during a"
                                + " reassignment; Kafka's reassignment tool sets and clears it.")
                        .build(),
                define(LOCAL_RETENTION_BYTES, LONG).defaultValue("-2").validator(atLeast(-2)).importance(MEDIUM)
                        .synonyms(Synonym.of("log.local.retention.bytes")).notYetUsed()
                        .doc("With tiered storage, the local share of retention.bytes; -2 for retention.bytes."
                                + " Without tiered storage (always in Weir) it has no effect.")
                        .build(),
                define(LOCAL_RETENTION_MS, LONG).defaultValue("-2").validator(atLeast(-2)).importance(MEDIUM)
                        .synonyms(Synonym.of("log.local.retention.ms")).notYetUsed()
                        .doc("With tiered storage, the local share of retention.ms; -2 for retention.ms. Without"
                                + " tiered storage (always in Weir) it has no effect.")
                        .build(),
                define(MAX_COMPACTION_LAG_MS, LONG).defaultValue(String.valueOf(Long.MAX_VALUE))
                        .validator(atLeast(1)).importance(MEDIUM)
                        .synonyms(Synonym.of("log.cleaner.max.compaction.lag.ms"))
                        .doc("The longest time a record may stay uncompacted.")
                        .build(),
                define(MAX_MESSAGE_BYTES, INT).defaultValue("1048588").validator(atLeast(0)).importance(MEDIUM)
                        .synonyms(Synonym.of("message.max.bytes"))
                        .doc("The largest record batch the topic accepts (after compression).")
                        .build(),
                define(MAX_DECOMPRESSED_MESSAGE_BYTES, INT).defaultValue("2147483639")
                        .validator(Validators.between(1, 2147483639)).importance(MEDIUM)
                        .synonyms(Synonym.of("max.decompressed.message.bytes")).notYetUsed()
                        .doc("The largest decompressed size of one record the broker accepts where it decompresses.")
                        .build(),
                define(MESSAGE_TIMESTAMP_TYPE, STRING).defaultValue("CreateTime")
                        .validator(Validators.oneOf("CreateTime", "LogAppendTime")).importance(MEDIUM)
                        .synonyms(Synonym.of("log.message.timestamp.type"))
                        .doc("CreateTime (the producer's timestamp) or LogAppendTime (the broker's).")
                        .build(),
                define(MESSAGE_TIMESTAMP_BEFORE_MAX_MS, LONG).defaultValue(String.valueOf(Long.MAX_VALUE))
                        .validator(atLeast(0)).importance(MEDIUM)
                        .synonyms(Synonym.of("log.message.timestamp.before.max.ms"))
                        .doc("How far in the past a CreateTime timestamp may be.")
                        .build(),
                define(MESSAGE_TIMESTAMP_AFTER_MAX_MS, LONG).defaultValue("3600000").validator(atLeast(0))
                        .importance(MEDIUM).synonyms(Synonym.of("log.message.timestamp.after.max.ms"))
                        .doc("How far in the future a CreateTime timestamp may be.")
                        .build(),
                define(MIN_CLEANABLE_DIRTY_RATIO, DOUBLE).defaultValue("0.5")
                        .validator(Validators.betweenDecimal(0, 1)).importance(MEDIUM)
                        .synonyms(Synonym.of("log.cleaner.min.cleanable.ratio"))
                        .doc("The least ratio of dirty bytes to total bytes for the log to be compacted.")
                        .build(),
                define(MIN_COMPACTION_LAG_MS, LONG).defaultValue("0").validator(atLeast(0)).importance(MEDIUM)
                        .synonyms(Synonym.of("log.cleaner.min.compaction.lag.ms"))
                        .doc("The least time a record stays uncompacted.")
                        .build(),
                define(MIN_INSYNC_REPLICAS, INT).defaultValue("1").validator(atLeast(1)).importance(MEDIUM)
                        .synonyms(Synonym.of("min.insync.replicas"))
                        .doc("The fewest in-sync replicas that must hold a write before an acks=all produce succeeds.")
                        .build(),
                define(PREALLOCATE, BOOLEAN).defaultValue("false").importance(LOW)
                        .synonyms(Synonym.of("log.preallocate")).notYetUsed()
                        .doc("Whether segment files are preallocated when rolled.")
                        .build(),
                define(REMOTE_COPY_LAG_BYTES, LONG).defaultValue("-1").validator(atLeast(-1)).importance(MEDIUM)
                        .synonyms(Synonym.of("log.remote.copy.lag.bytes")).notYetUsed()
                        .doc("With tiered storage, how many newer bytes make a segment eligible for upload.")
                        .build(),
                define(REMOTE_COPY_LAG_MS, LONG).defaultValue("0").validator(atLeast(-1)).importance(MEDIUM)
                        .synonyms(Synonym.of("log.remote.copy.lag.ms")).notYetUsed()
                        .doc("With tiered storage, how old a segment must be to be eligible for upload.")
                        .build(),
                define(REMOTE_LOG_COPY_DISABLE, BOOLEAN).defaultValue("false").importance(MEDIUM).notYetUsed()
                        .doc("With tiered storage, whether a topic's tiered data becomes read-only.")
                        .build(),
                define(REMOTE_LOG_DELETE_ON_DISABLE, BOOLEAN).defaultValue("false").importance(MEDIUM).notYetUsed()
                        .doc("With tiered storage, whether tiered data is deleted when remote.storage.enable is"
                                + " turned off.")
                        .build(),
                define(REMOTE_STORAGE_ENABLE, BOOLEAN).defaultValue("false").importance(MEDIUM)
                        .validator(Validators.onlyFalse("Tiered Storage functionality is disabled in the broker."
                                + " Topic cannot be configured with remote log storage."))
                        .doc("Tiered storage for the topic. Weir has none: only false is accepted, as a Kafka broker"
                                + " with remote.log.storage.system.enable=false does.")
                        .build(),
                define(RETENTION_BYTES, LONG).defaultValue("-1").validator(atLeast(-1)).importance(MEDIUM)
                        .synonyms(Synonym.of("log.retention.bytes"))
                        .doc("The largest size of a partition's log before its oldest segments are deleted; -1 for"
                                + " no limit.")
                        .build(),
                define(RETENTION_MS, LONG).defaultValue("604800000").validator(atLeast(-1)).importance(MEDIUM)
                        .synonyms(Synonym.of("log.retention.ms"), new Synonym("log.retention.minutes", 60_000L),
                                new Synonym("log.retention.hours", 3_600_000L))
                        .doc("How long a segment is kept before it may be deleted; -1 keeps data forever.")
                        .build(),
                define(SEGMENT_BYTES, INT).defaultValue("1073741824").validator(atLeast(14)).importance(MEDIUM)
                        .synonyms(Synonym.of("log.segment.bytes"))
                        .doc("The largest size of one segment file.")
                        .build(),
                define(SEGMENT_INDEX_BYTES, INT).defaultValue("10485760").validator(atLeast(4)).importance(MEDIUM)
                        .synonyms(Synonym.of("log.index.size.max.bytes"))
                        .doc("The largest size of an offset or time index file.")
                        .build(),
                define(SEGMENT_JITTER_MS, LONG).defaultValue("0").validator(atLeast(0)).importance(MEDIUM)
                        .synonyms(Synonym.of("log.roll.jitter.ms"), new Synonym("log.roll.jitter.hours", 3_600_000L))
                        .doc("The most that is randomly subtracted from segment.ms.")
                        .build(),
                define(SEGMENT_MS, LONG).defaultValue("604800000").validator(atLeast(1)).importance(MEDIUM)
                        .synonyms(Synonym.of("log.roll.ms"), new Synonym("log.roll.hours", 3_600_000L))
                        .doc("The longest time before a new segment is rolled, even if it is not full.")
                        .build(),
                define(UNCLEAN_LEADER_ELECTION_ENABLE, BOOLEAN).defaultValue("false").importance(MEDIUM)
                        .synonyms(Synonym.of("unclean.leader.election.enable"))
                        .doc("Whether a replica that is not in sync may become leader as a last resort, losing data.")
                        .build());
    }
}

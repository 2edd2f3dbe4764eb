package io.weir.metadata.config;

import static io.weir.metadata.config.ConfigDefinition.define;
import static io.weir.metadata.config.ConfigType.INT;
import static io.weir.metadata.config.Importance.MEDIUM;
import static io.weir.metadata.config.Validators.atLeast;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The group-level keys: Kafka's group configs (KIP-848), set on a {@code GROUP} config resource
 * with IncrementalAlterConfigs ({@code kafka-configs --entity-type groups}) and stored as config
 * records in the metadata log. A group that does not set a key takes the node's value of its
 * synonym ({@code group.consumer.session.timeout.ms} for {@code consumer.session.timeout.ms}).
 *
 * <p>Only the keys Weir acts on are defined: the session timeout and heartbeat interval of
 * consumer-protocol groups. The other group keys of Kafka 4.4 (those of share groups and streams
 * groups, and the assignment interval and offloading of consumer groups) are refused with a
 * message saying why, so that a user never sets a key that silently does nothing.
 *
 * <p>A group's values are checked against the node's bounds when they are set ({@link
 * #validate}) and bounded again when they are read ({@link #boundedOverride}), since the bounds
 * may have narrowed after a restart (Kafka clamps them the same way). Stateless and thread-safe.
 */
public final class GroupConfigs {
    public static final String CONSUMER_SESSION_TIMEOUT_MS = "consumer.session.timeout.ms";
    public static final String CONSUMER_HEARTBEAT_INTERVAL_MS = "consumer.heartbeat.interval.ms";

    /** Every group-level key Weir acts on. */
    public static final ConfigRegistry REGISTRY = ConfigRegistry.of(definitions(), Map.of());

    /** The node keys that give each group key its value when the group does not, and its bounds. */
    private static final Map<String, Bounds> BOUNDS = Map.of(
            CONSUMER_SESSION_TIMEOUT_MS, new Bounds("group.consumer.session.timeout.ms",
                    "group.consumer.min.session.timeout.ms", "group.consumer.max.session.timeout.ms"),
            CONSUMER_HEARTBEAT_INTERVAL_MS, new Bounds("group.consumer.heartbeat.interval.ms",
                    "group.consumer.min.heartbeat.interval.ms", "group.consumer.max.heartbeat.interval.ms"));

    private static final String SHARE = "Weir has no share groups (KIP-932)";
    private static final String STREAMS = "Weir has no streams groups (KIP-1071)";
    private static final String ASSIGNMENT = "Weir computes a consumer group's target assignment at once, in the"
            + " heartbeat that changes the group";

    /** Kafka 4.4's other group keys, with the reason Weir refuses each. */
    private static final Map<String, String> NOT_SUPPORTED = notSupported();

    private GroupConfigs() {}

    /** A group key's node synonym and the node keys bounding it. */
    private record Bounds(String nodeKey, String minKey, String maxKey) {}

    private static List<ConfigDefinition> definitions() {
        return List.of(
                define(CONSUMER_SESSION_TIMEOUT_MS, INT).validator(atLeast(1)).importance(MEDIUM)
                        .synonyms(Synonym.of("group.consumer.session.timeout.ms"))
                        .doc("How long a member of this consumer-protocol group may stay silent before it is removed."
                                + " Must lie between the node's group.consumer.min.session.timeout.ms and"
                                + " group.consumer.max.session.timeout.ms, and exceed the group's heartbeat interval;"
                                + " applies from each member's next heartbeat.")
                        .build(),
                define(CONSUMER_HEARTBEAT_INTERVAL_MS, INT).validator(atLeast(1)).importance(MEDIUM)
                        .synonyms(Synonym.of("group.consumer.heartbeat.interval.ms"))
                        .doc("The heartbeat interval given to the members of this consumer-protocol group. Must lie"
                                + " between the node's group.consumer.min.heartbeat.interval.ms and"
                                + " group.consumer.max.heartbeat.interval.ms, and be shorter than the group's session"
                                + " timeout; members follow it from their next heartbeat.")
                        .build());
    }

    private static Map<String, String> notSupported() {
        Map<String, String> reasons = new HashMap<>();
        Set.of("share.session.timeout.ms", "share.heartbeat.interval.ms", "share.record.lock.duration.ms",
                        "share.delivery.count.limit", "share.partition.max.record.locks", "share.auto.offset.reset",
                        "share.isolation.level", "share.renew.acknowledge.enable", "share.assignment.interval.ms",
                        "share.assignor.offload.enable", "errors.deadletterqueue.topic.name",
                        "errors.deadletterqueue.copy.record.enable")
                .forEach(key -> reasons.put(key, SHARE));
        Set.of("streams.session.timeout.ms", "streams.heartbeat.interval.ms", "streams.num.standby.replicas",
                        "streams.initial.rebalance.delay.ms", "streams.assignment.interval.ms",
                        "streams.rack.aware.assignment.tags", "streams.assignor.offload.enable",
                        "streams.task.offset.interval.ms", "streams.num.warmup.replicas", "streams.acceptable.recovery.lag",
                        "streams.assignor.name")
                .forEach(key -> reasons.put(key, STREAMS));
        reasons.put("consumer.assignment.interval.ms", ASSIGNMENT);
        reasons.put("consumer.assignor.offload.enable", ASSIGNMENT);
        return Map.copyOf(reasons);
    }

    /**
     * The exception for a key that is not a group key Weir acts on: a Kafka group key Weir does not
     * support says why; any other key is unknown, with a suggestion when one is close.
     */
    public static ConfigException unknownKey(String name) {
        String reason = NOT_SUPPORTED.get(name);
        if (reason != null) {
            return new ConfigException("Group config " + name + " is not supported: " + reason);
        }
        return REGISTRY.unknownKey(name);
    }

    /**
     * Checks a group's whole override set on this node: every key known, every value an integer
     * within the node's bounds, and the session timeout greater than the heartbeat interval, an
     * unset one taking the node's value (checked only when the group sets either).
     *
     * @param node the node's parsed configuration (from {@link BrokerConfig#values()})
     * @param overrides the group's settings
     * @throws ConfigException naming the first key that is wrong and why
     */
    public static void validate(ConfigValues node, Map<String, String> overrides) {
        overrides.keySet().stream().filter(key -> REGISTRY.find(key).isEmpty()).sorted().findFirst().ifPresent(key -> {
            throw unknownKey(key);
        });
        ConfigValues group = REGISTRY.parse(overrides);
        for (String key : List.of(CONSUMER_HEARTBEAT_INTERVAL_MS, CONSUMER_SESSION_TIMEOUT_MS)) {
            if (group.isExplicit(key)) {
                checkBounds(node, key, group.getInt(key));
            }
        }
        if (group.isExplicit(CONSUMER_SESSION_TIMEOUT_MS) || group.isExplicit(CONSUMER_HEARTBEAT_INTERVAL_MS)) {
            int sessionMs = effective(node, group, CONSUMER_SESSION_TIMEOUT_MS);
            int heartbeatMs = effective(node, group, CONSUMER_HEARTBEAT_INTERVAL_MS);
            if (sessionMs <= heartbeatMs) {
                throw new ConfigException(shown(group, CONSUMER_SESSION_TIMEOUT_MS) + " (" + sessionMs
                        + ") must be greater than " + shown(group, CONSUMER_HEARTBEAT_INTERVAL_MS) + " (" + heartbeatMs + ")");
            }
        }
    }

    private static void checkBounds(ConfigValues node, String key, int value) {
        Bounds bounds = BOUNDS.get(key);
        int min = node.getInt(bounds.minKey());
        int max = node.getInt(bounds.maxKey());
        if (value < min || value > max) {
            throw new ConfigException("Invalid value " + value + " for " + key + ": must lie between " + bounds.minKey()
                    + " (" + min + ") and " + bounds.maxKey() + " (" + max + ") of this node");
        }
    }

    private static int effective(ConfigValues node, ConfigValues group, String key) {
        return group.isExplicit(key) ? group.getInt(key) : node.getInt(BOUNDS.get(key).nodeKey());
    }

    private static String shown(ConfigValues group, String key) {
        return group.isExplicit(key) ? key : "the node's " + BOUNDS.get(key).nodeKey();
    }

    /**
     * A group's effective keys for DescribeConfigs: the group's own value ({@link
     * ConfigSource#DYNAMIC_GROUP_CONFIG}), else the node's synonym as the node's file sets it ({@link
     * ConfigSource#STATIC_BROKER_CONFIG}) or by default ({@link ConfigSource#DEFAULT_CONFIG}), with
     * every holder as a synonym, highest precedence first.
     *
     * @param node the node's parsed configuration
     * @param overrides the group's settings as stored
     * @return one entry per group key, in registry order
     * @throws ConfigException if a stored override is not a valid group key or value
     */
    public static List<ConfigEntry> entries(ConfigValues node, Map<String, String> overrides) {
        ConfigValues group = REGISTRY.parse(overrides);
        List<ConfigEntry> entries = new ArrayList<>();
        for (ConfigDefinition definition : REGISTRY.definitions()) {
            String nodeKey = BOUNDS.get(definition.name()).nodeKey();
            List<ConfigEntry.SynonymValue> holders = new ArrayList<>();
            if (group.isExplicit(definition.name())) {
                holders.add(new ConfigEntry.SynonymValue(definition.name(),
                        definition.type().format(group.require(definition.name())), ConfigSource.DYNAMIC_GROUP_CONFIG));
            }
            holders.add(new ConfigEntry.SynonymValue(nodeKey, definition.type().format(node.require(nodeKey)),
                    node.isExplicit(nodeKey) ? ConfigSource.STATIC_BROKER_CONFIG : ConfigSource.DEFAULT_CONFIG));
            ConfigEntry.SynonymValue winner = holders.get(0);
            entries.add(new ConfigEntry(definition.name(), winner.value(), winner.source(), false, holders));
        }
        return entries;
    }

    /**
     * A group's own value of an integer key as the coordinator uses it: parsed and moved into the
     * node's current bounds. Empty when the group does not set the key or the stored text is not a
     * number (validation keeps such values out; this is for a log written elsewhere).
     *
     * @param node the node's parsed configuration
     * @param overrides the group's settings as stored
     * @param key {@link #CONSUMER_SESSION_TIMEOUT_MS} or {@link #CONSUMER_HEARTBEAT_INTERVAL_MS}
     */
    public static OptionalInt boundedOverride(ConfigValues node, Map<String, String> overrides, String key) {
        Bounds bounds = Optional.ofNullable(BOUNDS.get(key)).orElseThrow(() -> REGISTRY.unknownKey(key));
        String text = overrides.get(key);
        if (text == null) {
            return OptionalInt.empty();
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
        int min = node.getInt(bounds.minKey());
        int max = node.getInt(bounds.maxKey());
        return OptionalInt.of(Math.max(min, Math.min(max, value)));
    }
}

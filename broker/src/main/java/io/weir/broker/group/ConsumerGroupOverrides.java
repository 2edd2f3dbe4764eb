package io.weir.broker.group;

import io.weir.metadata.config.ConfigValues;
import io.weir.metadata.config.GroupConfigs;
import io.weir.metadata.image.ConfigResource;
import io.weir.metadata.image.MetadataImage;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The settings one consumer group overrides (Kafka's group configs, KIP-848: {@code
 * consumer.session.timeout.ms} and {@code consumer.heartbeat.interval.ms} on a group resource), as
 * the coordinator uses them. An empty value means the group does not set it, so the node's
 * {@link ConsumerGroupConfig} applies.
 *
 * @param sessionTimeoutMs how long a consumer-protocol member may stay silent
 * @param heartbeatIntervalMs the interval told to members of the settled group
 */
public record ConsumerGroupOverrides(OptionalInt sessionTimeoutMs, OptionalInt heartbeatIntervalMs) {

    /** A group that overrides nothing. */
    public static final ConsumerGroupOverrides NONE = new ConsumerGroupOverrides(OptionalInt.empty(), OptionalInt.empty());

    /** Checks the fields. */
    public ConsumerGroupOverrides {
        Objects.requireNonNull(sessionTimeoutMs, "sessionTimeoutMs");
        Objects.requireNonNull(heartbeatIntervalMs, "heartbeatIntervalMs");
    }

    /**
     * Finds a group's overrides. The coordinator asks at every ConsumerGroupHeartbeat and every
     * session (re)start, on the shard's lane, so a change applies from each member's next heartbeat
     * without a restart. Implementations must be thread-safe, cheap and never block.
     */
    @FunctionalInterface
    public interface Lookup {
        /** No group overrides anything. */
        Lookup NONE = groupId -> ConsumerGroupOverrides.NONE;

        /**
         * The overrides of a group.
         *
         * @param groupId the group
         * @return what it overrides; {@link ConsumerGroupOverrides#NONE} for most groups
         */
        ConsumerGroupOverrides forGroup(String groupId);

        /**
         * The overrides in the current metadata image, read at each call (one map lookup in an
         * immutable image; groups without overrides cost nothing more), each moved into the node's
         * current bounds.
         *
         * @param images the node's current metadata image
         * @param node the node's parsed configuration, for the {@code group.consumer.*} bounds
         */
        static Lookup fromImage(Supplier<MetadataImage> images, ConfigValues node) {
            Objects.requireNonNull(images, "images");
            Objects.requireNonNull(node, "node");
            return groupId -> {
                Map<String, String> overrides = images.get().configs().configs(ConfigResource.group(groupId));
                if (overrides.isEmpty()) {
                    return ConsumerGroupOverrides.NONE;
                }
                return new ConsumerGroupOverrides(
                        GroupConfigs.boundedOverride(node, overrides, GroupConfigs.CONSUMER_SESSION_TIMEOUT_MS),
                        GroupConfigs.boundedOverride(node, overrides, GroupConfigs.CONSUMER_HEARTBEAT_INTERVAL_MS));
            };
        }
    }
}

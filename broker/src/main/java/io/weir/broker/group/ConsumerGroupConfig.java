package io.weir.broker.group;

import java.util.List;

/**
 * Settings of consumer-protocol groups (KIP-848), with Kafka's property names and defaults.
 *
 * @param sessionTimeoutMs {@code group.consumer.session.timeout.ms} (45 s): a member not heard from
 *     for this long is removed
 * @param heartbeatIntervalMs {@code group.consumer.heartbeat.interval.ms} (5 s): the interval told
 *     to members of a settled group
 * @param reconcilingHeartbeatIntervalMs the shorter interval told to members while their group is
 *     not settled, and for one full heartbeat interval after each group epoch change, so that
 *     revocations and releases propagate in fractions of a second instead of whole intervals
 *     (Weir's own; 250 ms)
 * @param maxSize {@code group.consumer.max.size} (unbounded)
 * @param assignors {@code group.consumer.assignors}: the server-side assignors, the first being the
 *     default ("uniform", "range")
 * @param migrationPolicy {@code group.consumer.migration.policy} (bidirectional)
 */
public record ConsumerGroupConfig(int sessionTimeoutMs, int heartbeatIntervalMs, int reconcilingHeartbeatIntervalMs, int maxSize,
        List<String> assignors, MigrationPolicy migrationPolicy) {

    public ConsumerGroupConfig {
        assignors = List.copyOf(assignors);
        if (assignors.isEmpty()) {
            throw new IllegalArgumentException("group.consumer.assignors must name at least one assignor");
        }
        assignors.forEach(name -> ConsumerAssignor.named(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown assignor " + name)));
    }

    /** These settings with Kafka's default migration policy (bidirectional). */
    public ConsumerGroupConfig(int sessionTimeoutMs, int heartbeatIntervalMs, int reconcilingHeartbeatIntervalMs, int maxSize,
            List<String> assignors) {
        this(sessionTimeoutMs, heartbeatIntervalMs, reconcilingHeartbeatIntervalMs, maxSize, assignors, MigrationPolicy.BIDIRECTIONAL);
    }

    /** Kafka's defaults. */
    public static ConsumerGroupConfig defaults() {
        return new ConsumerGroupConfig(45_000, 5_000, 250, Integer.MAX_VALUE, List.of(UniformAssignor.NAME, RangeAssignor.NAME));
    }

    /** These settings with another migration policy. */
    public ConsumerGroupConfig withMigrationPolicy(MigrationPolicy policy) {
        return new ConsumerGroupConfig(sessionTimeoutMs, heartbeatIntervalMs, reconcilingHeartbeatIntervalMs, maxSize, assignors, policy);
    }

    /** The assignor used when a member names none. */
    String defaultAssignor() {
        return assignors.get(0);
    }
}

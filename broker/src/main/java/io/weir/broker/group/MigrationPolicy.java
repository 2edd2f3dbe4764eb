package io.weir.broker.group;

import java.util.Locale;

/**
 * {@code group.consumer.migration.policy} (KIP-848): whether a group with members may change
 * protocol online. UPGRADE lets a ConsumerGroupHeartbeat join a classic group with members, which
 * becomes a consumer group keeping its classic members; DOWNGRADE turns a consumer group whose last
 * consumer-protocol member left, and whose other members are classic, back into a classic group;
 * BIDIRECTIONAL (Kafka's default) allows both; DISABLED neither.
 */
public enum MigrationPolicy {
    DISABLED,
    UPGRADE,
    DOWNGRADE,
    BIDIRECTIONAL;

    /** The policy named {@code name} (any case). */
    public static MigrationPolicy parse(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    boolean allowsUpgrade() {
        return this == UPGRADE || this == BIDIRECTIONAL;
    }

    boolean allowsDowngrade() {
        return this == DOWNGRADE || this == BIDIRECTIONAL;
    }
}

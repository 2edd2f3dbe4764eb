package io.weir.broker.group;

import java.util.Locale;
import java.util.Optional;

/**
 * The states of a classic group, named as Kafka names them on the wire (DescribeGroups,
 * ListGroups). Empty: no members (offsets may remain). PreparingRebalance: waiting for members to
 * (re)join. CompletingRebalance: joined, waiting for the leader's assignment. Stable: assignment
 * handed out. Dead: deleted, about to be removed.
 */
public enum GroupState {
    EMPTY("Empty"),
    PREPARING_REBALANCE("PreparingRebalance"),
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String wireName;

    GroupState(String wireName) {
        this.wireName = wireName;
    }

    /** The name clients see. */
    public String wireName() {
        return wireName;
    }

    /** The state a ListGroups filter names (case-insensitive), if any. */
    public static Optional<GroupState> fromWireName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (GroupState state : values()) {
            if (state.wireName.toLowerCase(Locale.ROOT).equals(lower)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}

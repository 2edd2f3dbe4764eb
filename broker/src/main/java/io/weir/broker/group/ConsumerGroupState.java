package io.weir.broker.group;

/**
 * The states of a consumer-protocol group (KIP-848), named as Kafka names them on the wire
 * (ConsumerGroupDescribe, ListGroups). Empty: no members. Assigning: the group epoch moved past the
 * target assignment epoch (never observable here: Weir computes the target assignment within the
 * heartbeat that bumps the epoch). Reconciling: some member has not reached the target. Stable:
 * every member has. Dead: deleted.
 */
public enum ConsumerGroupState {
    EMPTY("Empty"),
    ASSIGNING("Assigning"),
    RECONCILING("Reconciling"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String wireName;

    ConsumerGroupState(String wireName) {
        this.wireName = wireName;
    }

    /** The name clients see. */
    public String wireName() {
        return wireName;
    }
}

package io.weir.broker.group;

/**
 * A group as ListGroups reports it. Immutable.
 *
 * @param groupId the group
 * @param protocolType its protocol type, "" if none
 * @param state its state as clients see it ("Stable", "Reconciling", ...)
 * @param type its type: {@link #CLASSIC_TYPE} or {@link #CONSUMER_TYPE} (ListGroups v5, KIP-848)
 */
public record GroupListing(String groupId, String protocolType, String state, String type) {

    /** The type of a group of the classic protocol. */
    public static final String CLASSIC_TYPE = "classic";
    /** The type of a group of the consumer protocol (KIP-848). */
    public static final String CONSUMER_TYPE = "consumer";

    /** A classic group. */
    public GroupListing(String groupId, String protocolType, GroupState state) {
        this(groupId, protocolType, state.wireName(), CLASSIC_TYPE);
    }
}

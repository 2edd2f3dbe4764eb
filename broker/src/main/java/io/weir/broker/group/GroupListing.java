package io.weir.broker.group;

/**
 * A group as ListGroups reports it. Immutable.
 *
 * @param groupId the group
 * @param protocolType its protocol type, "" if none
 * @param state its state
 */
public record GroupListing(String groupId, String protocolType, GroupState state) {

    /** The group type ListGroups v5 reports: every group here is a classic group. */
    public static final String CLASSIC_TYPE = "classic";
}

package io.weir.broker.group;

import java.util.List;
import java.util.Optional;

/**
 * A group as DescribeGroups reports it. Members carry metadata and assignment only while the group
 * is Stable, as in Kafka. Immutable.
 *
 * @param groupId the group
 * @param error NONE, or GROUP_ID_NOT_FOUND for a group that does not exist (state Dead)
 * @param state the state
 * @param protocolType the protocol type, "" if none
 * @param protocolName the selected protocol while Stable, "" otherwise
 * @param members the members
 */
public record GroupDescription(String groupId, GroupError error, GroupState state, String protocolType, String protocolName,
        List<Member> members) {

    public GroupDescription {
        members = List.copyOf(members);
    }

    static GroupDescription notFound(String groupId) {
        return new GroupDescription(groupId, GroupError.GROUP_ID_NOT_FOUND, GroupState.DEAD, "", "", List.of());
    }

    /**
     * One member.
     *
     * @param memberId its id
     * @param groupInstanceId its static instance id, if any
     * @param clientId its client id
     * @param clientHost its address
     * @param metadata its metadata for the selected protocol (empty unless Stable)
     * @param assignment its assignment (empty unless Stable)
     */
    public record Member(String memberId, Optional<String> groupInstanceId, String clientId, String clientHost, byte[] metadata,
            byte[] assignment) {}
}

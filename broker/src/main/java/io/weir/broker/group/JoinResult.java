package io.weir.broker.group;

import java.util.List;
import java.util.Optional;

/**
 * The answer to a JoinGroup request. Immutable.
 *
 * @param error NONE, or why the join failed (MEMBER_ID_REQUIRED carries the member id to use)
 * @param generationId the new generation, -1 on error
 * @param protocolType the group's protocol type
 * @param protocolName the selected protocol
 * @param leaderId the leader's member id, "" on error
 * @param memberId the member's id
 * @param members for the leader: every member with its metadata for the selected protocol; empty for the others
 * @param skipAssignment v9+: the leader must not compute a new assignment (static leader rejoining a stable group)
 */
public record JoinResult(GroupError error, int generationId, Optional<String> protocolType, Optional<String> protocolName,
        String leaderId, String memberId, List<JoinedMember> members, boolean skipAssignment) {

    public JoinResult {
        members = List.copyOf(members);
    }

    /** A failed join. */
    public static JoinResult error(GroupError error, String memberId) {
        return new JoinResult(error, -1, Optional.empty(), Optional.empty(), "", memberId, List.of(), false);
    }

    /**
     * A member of the new generation, as the leader sees it.
     *
     * @param memberId its id
     * @param groupInstanceId its static instance id, if any
     * @param metadata its metadata for the selected protocol
     */
    public record JoinedMember(String memberId, Optional<String> groupInstanceId, byte[] metadata) {}
}

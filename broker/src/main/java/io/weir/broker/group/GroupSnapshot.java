package io.weir.broker.group;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the log keeps of a classic group: enough to bring it back as it was after its last
 * completed rebalance. Immutable.
 *
 * @param protocolType the protocol type ("consumer", "connect", ...), "" for a group that only commits offsets
 * @param generationId the generation
 * @param protocolName the selected protocol (assignor), empty when the group has no members
 * @param leaderId the leader's member id, empty when the group has no members
 * @param stateTimestampMs when the group entered its current state (offset retention counts from it)
 * @param members the members with their subscription (for the selected protocol) and assignment
 */
public record GroupSnapshot(String protocolType, int generationId, Optional<String> protocolName, Optional<String> leaderId,
        long stateTimestampMs, List<MemberSnapshot> members) {
    public GroupSnapshot {
        Objects.requireNonNull(protocolType, "protocolType");
        Objects.requireNonNull(protocolName, "protocolName");
        Objects.requireNonNull(leaderId, "leaderId");
        members = List.copyOf(members);
    }

    /**
     * One member as the log keeps it.
     *
     * @param memberId the member id the coordinator gave it
     * @param groupInstanceId its static instance id, if static
     * @param clientId the client id it joined with
     * @param clientHost the address it joined from
     * @param rebalanceTimeoutMs its rebalance timeout
     * @param sessionTimeoutMs its session timeout
     * @param subscription its metadata for the selected protocol
     * @param assignment what the leader assigned it
     */
    public record MemberSnapshot(String memberId, Optional<String> groupInstanceId, String clientId, String clientHost,
            int rebalanceTimeoutMs, int sessionTimeoutMs, byte[] subscription, byte[] assignment) {
        public MemberSnapshot {
            Objects.requireNonNull(memberId, "memberId");
            Objects.requireNonNull(groupInstanceId, "groupInstanceId");
            Objects.requireNonNull(subscription, "subscription");
            Objects.requireNonNull(assignment, "assignment");
        }
    }
}

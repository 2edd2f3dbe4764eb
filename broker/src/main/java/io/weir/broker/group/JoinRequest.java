package io.weir.broker.group;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A JoinGroup request, as the coordinator needs it. Immutable (the metadata arrays are not copied:
 * callers hand them over).
 *
 * @param groupId the group
 * @param memberId the member id, "" for a member that has none yet
 * @param groupInstanceId the static instance id (v5+), if the member is static
 * @param clientId the client id of the request
 * @param clientHost the client's address
 * @param sessionTimeoutMs the session timeout
 * @param rebalanceTimeoutMs the rebalance timeout (v0: the session timeout)
 * @param protocolType the protocol type, e.g. "consumer"
 * @param protocols the protocols (assignors) the member supports, in its order of preference
 * @param requireKnownMemberId v4+: a member without id is given one and must join again with it
 * @param supportsSkipAssignment v9+: a static leader rejoining a stable group is told to skip assigning
 */
public record JoinRequest(String groupId, String memberId, Optional<String> groupInstanceId, String clientId, String clientHost,
        int sessionTimeoutMs, int rebalanceTimeoutMs, String protocolType, List<Protocol> protocols, boolean requireKnownMemberId,
        boolean supportsSkipAssignment) {

    public JoinRequest {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(groupInstanceId, "groupInstanceId");
        protocols = List.copyOf(protocols);
    }

    /** The protocol names, in preference order. */
    public List<String> protocolNames() {
        return protocols.stream().map(Protocol::name).toList();
    }

    /**
     * One protocol a member supports.
     *
     * @param name the protocol (assignor) name
     * @param metadata the member's metadata for it (for "consumer": its subscription)
     */
    public record Protocol(String name, byte[] metadata) {
        public Protocol {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(metadata, "metadata");
        }
    }
}

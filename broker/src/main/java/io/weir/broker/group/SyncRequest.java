package io.weir.broker.group;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A SyncGroup request. Immutable.
 *
 * @param groupId the group
 * @param generationId the generation the member joined
 * @param memberId the member
 * @param groupInstanceId its static instance id (v3+), if any
 * @param protocolType the protocol type it expects (v5+), if sent
 * @param protocolName the protocol it expects (v5+), if sent
 * @param assignments the leader's assignment per member id; empty for the others
 */
public record SyncRequest(String groupId, int generationId, String memberId, Optional<String> groupInstanceId,
        Optional<String> protocolType, Optional<String> protocolName, Map<String, byte[]> assignments) {
    public SyncRequest {
        Objects.requireNonNull(groupInstanceId, "groupInstanceId");
        assignments = Map.copyOf(assignments);
    }
}

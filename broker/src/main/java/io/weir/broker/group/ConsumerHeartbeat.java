package io.weir.broker.group;

import java.util.List;
import java.util.Optional;

/**
 * A ConsumerGroupHeartbeat request in Weir's terms. Optional fields are empty when the client did
 * not send them (null on the wire: "unchanged since the last heartbeat"). Immutable.
 *
 * @param groupId the group
 * @param memberId the member id (empty only from v0 clients that let the coordinator choose)
 * @param memberEpoch 0 to join, -1 to leave, -2 for a static member leaving for a while, else the
 *     member's current epoch
 * @param instanceId the static instance id
 * @param rackId the rack
 * @param rebalanceTimeoutMs the rebalance timeout, -1 if unchanged
 * @param subscribedTopicNames the subscribed topic names
 * @param subscribedTopicRegex the subscribed regex (v1; not supported)
 * @param serverAssignor the server-side assignor asked for
 * @param ownedPartitions the partitions the member owns now
 * @param clientId the client id of the request
 * @param clientHost the client address
 */
public record ConsumerHeartbeat(String groupId, String memberId, int memberEpoch, Optional<String> instanceId, Optional<String> rackId,
        int rebalanceTimeoutMs, Optional<List<String>> subscribedTopicNames, Optional<String> subscribedTopicRegex,
        Optional<String> serverAssignor, Optional<Assignment> ownedPartitions, String clientId, String clientHost) {}

package io.weir.broker.group;

import java.util.Optional;

/**
 * The answer to a ConsumerGroupHeartbeat. Immutable.
 *
 * @param error NONE or the refusal
 * @param errorMessage a message for the refusal, if any
 * @param memberId the member id
 * @param memberEpoch the member's epoch after the heartbeat (-1 after leaving, -2 after a static leave)
 * @param heartbeatIntervalMs when the member should heartbeat next
 * @param assignment the member's assignment when it changed or the member needs it whole; empty for
 *     "unchanged"
 */
public record ConsumerHeartbeatResult(GroupError error, Optional<String> errorMessage, String memberId, int memberEpoch,
        int heartbeatIntervalMs, Optional<Assignment> assignment) {

    static ConsumerHeartbeatResult error(GroupError error, String message, String memberId) {
        return new ConsumerHeartbeatResult(error, Optional.of(message), memberId, -1, 0, Optional.empty());
    }
}

package io.weir.broker.group;

import java.util.Objects;
import java.util.Optional;

/**
 * A member as named by a request: its member id ("" when unknown) and, for a static member, its
 * instance id. Used by Heartbeat and LeaveGroup. Immutable.
 */
public record MemberIdentity(String memberId, Optional<String> groupInstanceId) {
    public MemberIdentity {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(groupInstanceId, "groupInstanceId");
    }
}

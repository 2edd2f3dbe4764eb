package io.weir.broker.handler;

import io.weir.broker.group.GroupCoordinator;
import io.weir.broker.group.MemberIdentity;
import io.weir.protocol.VersionRange;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Heartbeat (api key 12), versions 0 to 4, classic protocol: keeps a member's session alive and
 * tells it of a rebalance (REBALANCE_IN_PROGRESS). v3+ carries group.instance.id. Thread-safe.
 */
public final class HeartbeatHandler implements ApiHandler<HeartbeatRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(0, 4);

    private final GroupCoordinator coordinator;

    public HeartbeatHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.HEARTBEAT;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, HeartbeatRequestData request) {
        MemberIdentity member = new MemberIdentity(request.memberId(), GroupRequests.optional(request.groupInstanceId()));
        return coordinator.heartbeat(request.groupId(), request.generationId(), member).handle((error, failure) ->
                Reply.respond(new HeartbeatResponseData().setErrorCode(failure == null ? error.code() : GroupRequests.codeOf(failure))));
    }
}

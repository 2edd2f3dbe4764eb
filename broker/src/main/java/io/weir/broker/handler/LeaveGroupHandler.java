package io.weir.broker.handler;

import io.weir.broker.group.GroupCoordinator;
import io.weir.broker.group.LeaveOutcome;
import io.weir.broker.group.MemberIdentity;
import io.weir.protocol.VersionRange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * LeaveGroup (api key 13), versions 0 to 5. v0-2 name one member and answer its error at the top
 * level; v3+ name a batch of members, by member id or (static members) by group.instance.id
 * (KIP-345), and answer per member. Thread-safe.
 */
public final class LeaveGroupHandler implements ApiHandler<LeaveGroupRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(0, 5);
    private static final short BATCH_VERSION = 3;

    private final GroupCoordinator coordinator;

    public LeaveGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LEAVE_GROUP;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, LeaveGroupRequestData request) {
        boolean batch = context.header().apiVersion() >= BATCH_VERSION;
        List<MemberIdentity> members = new ArrayList<>();
        if (batch) {
            request.members().forEach(m -> members.add(new MemberIdentity(m.memberId(), GroupRequests.optional(m.groupInstanceId()))));
        } else {
            members.add(new MemberIdentity(request.memberId(), java.util.Optional.empty()));
        }
        return coordinator.leaveGroup(request.groupId(), members).handle((outcomes, failure) -> {
            LeaveGroupResponseData response = new LeaveGroupResponseData();
            if (failure != null) {
                return Reply.respond(response.setErrorCode(GroupRequests.codeOf(failure)));
            }
            if (!batch) {
                return Reply.respond(response.setErrorCode(outcomes.get(0).error().code()));
            }
            for (LeaveOutcome outcome : outcomes) {
                response.members().add(new MemberResponse().setMemberId(outcome.member().memberId())
                        .setGroupInstanceId(outcome.member().groupInstanceId().orElse(null)).setErrorCode(outcome.error().code()));
            }
            return Reply.respond(response);
        });
    }
}

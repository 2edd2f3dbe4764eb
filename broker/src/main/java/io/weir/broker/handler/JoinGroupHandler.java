package io.weir.broker.handler;

import io.weir.broker.group.GroupCoordinator;
import io.weir.broker.group.JoinRequest;
import io.weir.broker.group.JoinResult;
import io.weir.protocol.VersionRange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * JoinGroup (api key 11), versions 0 to 9, classic protocol. v0 has no rebalance timeout (the
 * session timeout stands in); v4+ gets MEMBER_ID_REQUIRED with an id on its first join (KIP-394);
 * v5+ may be static (group.instance.id, KIP-345); v7+ is told the protocol type (KIP-559); v9+
 * may be told to skip the assignment (a static leader rejoining a stable group). The answer comes
 * when the rebalance's join phase ends. Thread-safe.
 */
public final class JoinGroupHandler implements ApiHandler<JoinGroupRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(0, 9);

    private final GroupCoordinator coordinator;

    public JoinGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.JOIN_GROUP;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, JoinGroupRequestData request) {
        short version = context.header().apiVersion();
        List<JoinRequest.Protocol> protocols = new ArrayList<>();
        for (JoinGroupRequestProtocol protocol : request.protocols()) {
            protocols.add(new JoinRequest.Protocol(protocol.name(), protocol.metadata()));
        }
        JoinRequest join = new JoinRequest(request.groupId(), request.memberId(), GroupRequests.optional(request.groupInstanceId()),
                String.valueOf(context.header().clientId()), GroupRequests.clientHost(context.connection()), request.sessionTimeoutMs(),
                version >= 1 ? request.rebalanceTimeoutMs() : request.sessionTimeoutMs(), request.protocolType(), protocols,
                version >= 4, version >= 9);
        return coordinator.joinGroup(join).handle((result, failure) -> Reply.respond(
                response(failure == null ? result : JoinResult.error(GroupRequests.errorOf(failure), request.memberId()), version)));
    }

    static JoinGroupResponseData response(JoinResult result, short version) {
        JoinGroupResponseData response = new JoinGroupResponseData().setErrorCode(result.error().code())
                .setGenerationId(result.generationId()).setLeader(result.leaderId()).setMemberId(result.memberId())
                .setProtocolName(result.protocolName().orElse(version >= 7 ? null : ""));
        if (version >= 7) {
            response.setProtocolType(result.protocolType().orElse(null));
        }
        if (version >= 9) {
            response.setSkipAssignment(result.skipAssignment());
        }
        for (JoinResult.JoinedMember member : result.members()) {
            JoinGroupResponseMember entry = new JoinGroupResponseMember().setMemberId(member.memberId()).setMetadata(member.metadata());
            if (version >= 5) {
                entry.setGroupInstanceId(member.groupInstanceId().orElse(null));
            }
            response.members().add(entry);
        }
        return response;
    }
}

package io.weir.broker.handler;

import io.weir.broker.group.GroupCoordinator;
import io.weir.broker.group.SyncRequest;
import io.weir.broker.group.SyncResult;
import io.weir.protocol.VersionRange;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * SyncGroup (api key 14), versions 0 to 5: the leader hands in the assignment, every member gets
 * its own once it is stored. v3+ carries group.instance.id; v5+ the protocol type and name, checked
 * against the group's (INCONSISTENT_GROUP_PROTOCOL) and echoed back. Thread-safe.
 */
public final class SyncGroupHandler implements ApiHandler<SyncGroupRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(0, 5);
    private static final short PROTOCOL_VERSION = 5;

    private final GroupCoordinator coordinator;

    public SyncGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SYNC_GROUP;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, SyncGroupRequestData request) {
        short version = context.header().apiVersion();
        Map<String, byte[]> assignments = new HashMap<>();
        for (SyncGroupRequestAssignment assignment : request.assignments()) {
            assignments.put(assignment.memberId(), assignment.assignment());
        }
        SyncRequest sync = new SyncRequest(request.groupId(), request.generationId(), request.memberId(),
                GroupRequests.optional(request.groupInstanceId()), GroupRequests.optional(request.protocolType()),
                GroupRequests.optional(request.protocolName()), assignments);
        return coordinator.syncGroup(sync).handle((result, failure) -> {
            SyncResult answer = failure == null ? result : SyncResult.error(GroupRequests.errorOf(failure));
            SyncGroupResponseData response = new SyncGroupResponseData().setErrorCode(answer.error().code())
                    .setAssignment(answer.assignment());
            if (version >= PROTOCOL_VERSION) {
                response.setProtocolType(answer.protocolType().orElse(null)).setProtocolName(answer.protocolName().orElse(null));
            }
            return Reply.respond(response);
        });
    }
}

package io.weir.broker.handler;

import io.weir.broker.group.GroupCoordinator;
import io.weir.broker.group.GroupDescription;
import io.weir.broker.group.GroupError;
import io.weir.protocol.VersionRange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * DescribeGroups (api key 15), versions 0 to 6. Members carry their metadata and assignment while
 * the group is Stable. A group that does not exist is state Dead with no error before v6 and
 * GROUP_ID_NOT_FOUND from v6 (KIP-1043). v3+ may ask for authorized operations: with no authorizer
 * every group operation (read, describe, delete) is allowed. v4+ reports group.instance.id.
 * Thread-safe.
 */
public final class DescribeGroupsHandler implements ApiHandler<DescribeGroupsRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(0, 6);
    private static final short NOT_FOUND_VERSION = 6;
    private static final int GROUP_OPERATIONS = (1 << AclOperation.READ.code()) | (1 << AclOperation.DESCRIBE.code())
            | (1 << AclOperation.DELETE.code());

    private final GroupCoordinator coordinator;

    public DescribeGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_GROUPS;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, DescribeGroupsRequestData request) {
        short version = context.header().apiVersion();
        DescribeGroupsResponseData response = new DescribeGroupsResponseData();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (String groupId : request.groups()) {
            DescribedGroup described = new DescribedGroup().setGroupId(groupId);
            response.groups().add(described);
            pending.add(coordinator.describeGroup(groupId).handle((description, failure) -> {
                fill(described, description, failure, version, request.includeAuthorizedOperations());
                return null;
            }));
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(ignored -> Reply.respond(response));
    }

    private static void fill(DescribedGroup described, GroupDescription description, Throwable failure, short version,
            boolean includeOperations) {
        if (failure != null) {
            described.setErrorCode(GroupRequests.codeOf(failure)).setGroupState("").setProtocolType("").setProtocolData("");
            return;
        }
        boolean notFound = description.error() == GroupError.GROUP_ID_NOT_FOUND;
        described.setErrorCode(notFound && version < NOT_FOUND_VERSION ? 0 : description.error().code())
                .setGroupState(description.state().wireName()).setProtocolType(description.protocolType())
                .setProtocolData(description.protocolName());
        if (notFound && version >= NOT_FOUND_VERSION) {
            described.setErrorMessage("Group " + description.groupId() + " not found.");
        }
        if (includeOperations && !notFound) {
            described.setAuthorizedOperations(GROUP_OPERATIONS);
        }
        for (GroupDescription.Member member : description.members()) {
            DescribedGroupMember entry = new DescribedGroupMember().setMemberId(member.memberId()).setClientId(member.clientId())
                    .setClientHost(member.clientHost()).setMemberMetadata(member.metadata()).setMemberAssignment(member.assignment());
            if (version >= 4) {
                entry.setGroupInstanceId(member.groupInstanceId().orElse(null));
            }
            described.members().add(entry);
        }
    }
}

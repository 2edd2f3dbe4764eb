package io.weir.broker.handler;

import io.weir.broker.group.GroupCoordinator;
import io.weir.protocol.VersionRange;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * DeleteGroups (api key 42), versions 0 to 3: deletes Empty groups with their offsets
 * (tombstones in {@code __consumer_offsets}). NON_EMPTY_GROUP for a group with members,
 * GROUP_ID_NOT_FOUND for one that does not exist, NOT_COORDINATOR for one coordinated elsewhere.
 * Thread-safe.
 */
public final class DeleteGroupsHandler implements ApiHandler<DeleteGroupsRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(0, 3);

    private final GroupCoordinator coordinator;

    public DeleteGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_GROUPS;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, DeleteGroupsRequestData request) {
        List<String> groupIds = request.groupsNames();
        return coordinator.deleteGroups(groupIds).thenApply(results -> {
            DeleteGroupsResponseData response = new DeleteGroupsResponseData();
            results.forEach((groupId, error) -> response.results().add(
                    new DeletableGroupResult().setGroupId(groupId).setErrorCode(error.code())));
            return Reply.respond(response);
        });
    }
}

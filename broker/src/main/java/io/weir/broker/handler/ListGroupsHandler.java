package io.weir.broker.handler;

import io.weir.broker.group.GroupCoordinator;
import io.weir.broker.group.GroupListing;
import io.weir.protocol.VersionRange;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * ListGroups (api key 16), versions 0 to 5: the groups this node coordinates. v4+ may filter by
 * state (KIP-518) and reports it; v5+ may filter by type (KIP-848) and reports it: "classic" or
 * "consumer" (protocol type "consumer", states Empty, Assigning, Reconciling, Stable). Filters match case-insensitively. COORDINATOR_LOAD_IN_PROGRESS while a shard
 * loads. Thread-safe.
 */
public final class ListGroupsHandler implements ApiHandler<ListGroupsRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(0, 5);
    private static final short STATE_VERSION = 4;
    private static final short TYPE_VERSION = 5;

    private final GroupCoordinator coordinator;

    public ListGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_GROUPS;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, ListGroupsRequestData request) {
        short version = context.header().apiVersion();
        Set<String> states = lower(version >= STATE_VERSION ? request.statesFilter() : null);
        Set<String> types = lower(version >= TYPE_VERSION ? request.typesFilter() : null);
        return coordinator.listGroups().handle((groups, failure) -> {
            ListGroupsResponseData response = new ListGroupsResponseData();
            if (failure != null) {
                return Reply.respond(response.setErrorCode(GroupRequests.codeOf(failure)));
            }
            for (GroupListing group : groups) {
                if (!types.isEmpty() && !types.contains(group.type())) {
                    continue;
                }
                if (!states.isEmpty() && !states.contains(group.state().toLowerCase(Locale.ROOT))) {
                    continue;
                }
                ListedGroup listed = new ListedGroup().setGroupId(group.groupId()).setProtocolType(group.protocolType());
                if (version >= STATE_VERSION) {
                    listed.setGroupState(group.state());
                }
                if (version >= TYPE_VERSION) {
                    listed.setGroupType(group.type());
                }
                response.groups().add(listed);
            }
            return Reply.respond(response);
        });
    }

    private static Set<String> lower(java.util.List<String> filter) {
        return filter == null ? Set.of() : filter.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}

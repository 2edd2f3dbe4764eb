package io.weir.broker.handler;

import io.weir.broker.group.Assignment;
import io.weir.broker.group.ConsumerHeartbeat;
import io.weir.broker.group.ConsumerHeartbeatResult;
import io.weir.broker.group.GroupCoordinator;
import io.weir.broker.group.GroupError;
import io.weir.broker.topic.TopicManager;
import io.weir.metadata.Uuid;
import io.weir.protocol.VersionRange;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * ConsumerGroupHeartbeat (api key 68), versions 0 to 1: the consumer rebalance protocol of KIP-848
 * (join with member epoch 0, heartbeat with the current epoch, leave with -1, static leave with
 * -2). From v1 the client generates its member id; at v0 an empty member id gets one from the
 * coordinator. v1's SubscribedTopicRegex is an RE2/J expression matched on the broker against the
 * topics (INVALID_REGULAR_EXPRESSION when it does not compile). The answer carries the member's epoch, the heartbeat interval
 * and, when it changed, its whole assignment by topic id. Thread-safe.
 */
public final class ConsumerGroupHeartbeatHandler implements ApiHandler<ConsumerGroupHeartbeatRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(0, 1);

    private final GroupCoordinator coordinator;
    private final TopicManager topics;

    public ConsumerGroupHeartbeatHandler(GroupCoordinator coordinator, TopicManager topics) {
        this.coordinator = coordinator;
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CONSUMER_GROUP_HEARTBEAT;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, ConsumerGroupHeartbeatRequestData request) {
        ConsumerHeartbeat heartbeat = new ConsumerHeartbeat(request.groupId(), request.memberId(), request.memberEpoch(),
                Optional.ofNullable(request.instanceId()), Optional.ofNullable(request.rackId()), request.rebalanceTimeoutMs(),
                Optional.ofNullable(request.subscribedTopicNames()).map(List::copyOf),
                Optional.ofNullable(request.subscribedTopicRegex()), Optional.ofNullable(request.serverAssignor()),
                Optional.ofNullable(request.topicPartitions()).map(ConsumerGroupHeartbeatHandler::owned),
                context.header().clientId(), GroupRequests.clientHost(context.connection()));
        return coordinator.consumerGroupHeartbeat(heartbeat, topics.image().topics()).handle((result, failure) -> {
            ConsumerGroupHeartbeatResponseData response = new ConsumerGroupHeartbeatResponseData();
            if (failure != null) {
                GroupError error = GroupRequests.errorOf(failure);
                return Reply.respond(response.setErrorCode(error.code()).setErrorMessage(GroupRequests.message(error)));
            }
            return Reply.respond(toResponse(result, response));
        });
    }

    private static Assignment owned(List<ConsumerGroupHeartbeatRequestData.TopicPartitions> partitions) {
        Map<Uuid, Set<Integer>> owned = new HashMap<>();
        partitions.forEach(topic -> owned.computeIfAbsent(KafkaIds.fromKafka(topic.topicId()), id -> new HashSet<>())
                .addAll(topic.partitions()));
        return Assignment.of(owned);
    }

    private static ConsumerGroupHeartbeatResponseData toResponse(ConsumerHeartbeatResult result,
            ConsumerGroupHeartbeatResponseData response) {
        response.setErrorCode(result.error().code()).setErrorMessage(result.errorMessage().orElse(null))
                .setMemberId(result.memberId()).setMemberEpoch(result.memberEpoch())
                .setHeartbeatIntervalMs(result.heartbeatIntervalMs());
        result.assignment().ifPresent(assignment -> {
            ConsumerGroupHeartbeatResponseData.Assignment answer = new ConsumerGroupHeartbeatResponseData.Assignment();
            assignment.partitions().forEach((topicId, indexes) -> answer.topicPartitions().add(
                    new ConsumerGroupHeartbeatResponseData.TopicPartitions().setTopicId(KafkaIds.toKafka(topicId))
                            .setPartitions(List.copyOf(indexes))));
            response.setAssignment(answer);
        });
        return response;
    }
}

package io.weir.broker.handler;

import io.weir.broker.group.Assignment;
import io.weir.broker.group.ConsumerGroupDescription;
import io.weir.broker.group.GroupCoordinator;
import io.weir.broker.topic.TopicManager;
import io.weir.metadata.image.TopicImage;
import io.weir.metadata.image.TopicsImage;
import io.weir.protocol.VersionRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.Member;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.TopicPartitions;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * ConsumerGroupDescribe (api key 69), versions 0 to 1: consumer-protocol groups (KIP-848) with
 * their state, group epoch, target assignment epoch, assignor and members (epochs, subscriptions,
 * current and target assignments by topic id and name). A classic or unknown group answers
 * GROUP_ID_NOT_FOUND (Admin then falls back to DescribeGroups for classic groups). v1 reports
 * every member as a consumer member (type 1). Thread-safe.
 */
public final class ConsumerGroupDescribeHandler implements ApiHandler<ConsumerGroupDescribeRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(0, 1);
    private static final byte CONSUMER_MEMBER_TYPE = 1;
    private static final byte CLASSIC_MEMBER_TYPE = 0;
    private static final int GROUP_OPERATIONS = (1 << AclOperation.READ.code()) | (1 << AclOperation.DESCRIBE.code())
            | (1 << AclOperation.DELETE.code());

    private final GroupCoordinator coordinator;
    private final TopicManager topics;

    public ConsumerGroupDescribeHandler(GroupCoordinator coordinator, TopicManager topics) {
        this.coordinator = coordinator;
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CONSUMER_GROUP_DESCRIBE;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, ConsumerGroupDescribeRequestData request) {
        ConsumerGroupDescribeResponseData response = new ConsumerGroupDescribeResponseData();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (String groupId : request.groupIds()) {
            DescribedGroup described = new DescribedGroup().setGroupId(groupId);
            response.groups().add(described);
            pending.add(coordinator.describeConsumerGroup(groupId).handle((description, failure) -> {
                fill(described, description, failure, request.includeAuthorizedOperations());
                return null;
            }));
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(ignored -> Reply.respond(response));
    }

    private void fill(DescribedGroup described, ConsumerGroupDescription description, Throwable failure, boolean includeOperations) {
        if (failure != null) {
            described.setErrorCode(GroupRequests.codeOf(failure)).setGroupState("").setAssignorName("");
            return;
        }
        described.setErrorCode(description.error().code()).setErrorMessage(description.errorMessage().orElse(null))
                .setGroupState(description.state().wireName()).setGroupEpoch(description.groupEpoch())
                .setAssignmentEpoch(description.assignmentEpoch()).setAssignorName(description.assignorName());
        if (includeOperations && description.errorMessage().isEmpty()) {
            described.setAuthorizedOperations(GROUP_OPERATIONS);
        }
        TopicsImage image = topics.image().topics();
        for (ConsumerGroupDescription.Member member : description.members()) {
            described.members().add(new Member().setMemberId(member.memberId()).setInstanceId(member.instanceId().orElse(null))
                    .setRackId(member.rackId().orElse(null)).setMemberEpoch(member.memberEpoch()).setClientId(member.clientId())
                    .setClientHost(member.clientHost()).setSubscribedTopicNames(member.subscribedTopicNames())
                    .setSubscribedTopicRegex(member.subscribedTopicRegex().orElse(null))
                    .setAssignment(assignment(member.assignment(), image))
                    .setTargetAssignment(assignment(member.targetAssignment(), image))
                    .setMemberType(member.classic() ? CLASSIC_MEMBER_TYPE : CONSUMER_MEMBER_TYPE));
        }
    }

    private static ConsumerGroupDescribeResponseData.Assignment assignment(Assignment assignment, TopicsImage image) {
        ConsumerGroupDescribeResponseData.Assignment answer = new ConsumerGroupDescribeResponseData.Assignment();
        assignment.partitions().forEach((topicId, indexes) -> {
            Optional<TopicImage> topic = image.getTopic(topicId);
            answer.topicPartitions().add(new TopicPartitions().setTopicId(KafkaIds.toKafka(topicId))
                    .setTopicName(topic.map(TopicImage::name).orElse("")).setPartitions(List.copyOf(indexes)));
        });
        return answer;
    }
}

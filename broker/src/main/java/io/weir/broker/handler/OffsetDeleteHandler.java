package io.weir.broker.handler;

import io.weir.broker.group.GroupCoordinator;
import io.weir.broker.group.GroupError;
import io.weir.broker.topic.TopicManager;
import io.weir.metadata.image.MetadataImage;
import io.weir.protocol.VersionRange;
import io.weir.storage.TopicPartitionKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartition;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * OffsetDelete (api key 47), version 0, never flexible (KIP-496): deletes a group's committed
 * offsets. GROUP_ID_NOT_FOUND for a missing group; NON_EMPTY_GROUP for an active classic group that
 * is not a consumer group (a consumer-protocol group, KIP-848, may be in any state); per partition
 * GROUP_SUBSCRIBED_TO_TOPIC while the group's members subscribe to the topic (by name or regex),
 * UNKNOWN_TOPIC_OR_PARTITION for a topic that does not exist. Thread-safe.
 */
public final class OffsetDeleteHandler implements ApiHandler<OffsetDeleteRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(0, 0);

    private final GroupCoordinator coordinator;
    private final TopicManager topics;

    public OffsetDeleteHandler(GroupCoordinator coordinator, TopicManager topics) {
        this.coordinator = coordinator;
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_DELETE;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, OffsetDeleteRequestData request) {
        MetadataImage image = topics.image();
        OffsetDeleteResponseData response = new OffsetDeleteResponseData();
        List<TopicPartitionKey> partitions = new ArrayList<>();
        Map<TopicPartitionKey, OffsetDeleteResponsePartition> answers = new HashMap<>();
        for (OffsetDeleteRequestTopic topic : request.topics()) {
            OffsetDeleteResponseTopic topicAnswer = new OffsetDeleteResponseTopic().setName(topic.name());
            response.topics().add(topicAnswer);
            boolean known = image.topics().getTopic(topic.name()).isPresent();
            for (OffsetDeleteRequestPartition partition : topic.partitions()) {
                OffsetDeleteResponsePartition answer = new OffsetDeleteResponsePartition().setPartitionIndex(partition.partitionIndex());
                topicAnswer.partitions().add(answer);
                if (!known) {
                    answer.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                TopicPartitionKey key = new TopicPartitionKey(topic.name(), partition.partitionIndex());
                partitions.add(key);
                answers.put(key, answer);
            }
        }
        return coordinator.deleteOffsets(request.groupId(), partitions).handle((results, failure) -> {
            if (failure != null) {
                return Reply.respond(new OffsetDeleteResponseData().setErrorCode(GroupRequests.codeOf(failure)));
            }
            answers.forEach((key, answer) -> answer.setErrorCode(results.getOrDefault(key, GroupError.NONE).code()));
            return Reply.respond(response);
        });
    }
}

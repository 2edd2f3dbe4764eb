package io.weir.broker.handler;

import io.weir.broker.group.GroupCoordinator;
import io.weir.broker.group.GroupError;
import io.weir.broker.group.OffsetCommitRequest;
import io.weir.broker.group.OffsetCommitRequest.OffsetToCommit;
import io.weir.broker.topic.TopicManager;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.TopicImage;
import io.weir.protocol.VersionRange;
import io.weir.storage.TopicPartitionKey;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * OffsetCommit (api key 8), versions 2 to 10. The group's generation and member are checked for
 * classic groups (a generation of -1 commits to an Empty group: simple consumers and
 * kafka-consumer-groups --reset-offsets); v2-4 may set a retention time; v6+ carries the leader
 * epoch; v7+ group.instance.id; from v9 a commit with a generation to a missing group is
 * GROUP_ID_NOT_FOUND; v10 names topics by id (UNKNOWN_TOPIC_ID for an unknown one). A partition of
 * a topic that does not exist is UNKNOWN_TOPIC_OR_PARTITION; metadata over
 * {@code offset.metadata.max.bytes} is OFFSET_METADATA_TOO_LARGE. Answers once the offsets are
 * written to {@code __consumer_offsets}. Thread-safe.
 */
public final class OffsetCommitHandler implements ApiHandler<OffsetCommitRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(2, 10);
    private static final short LAST_RETENTION_VERSION = 4;
    private static final short GROUP_MUST_EXIST_VERSION = 9;
    private static final short TOPIC_ID_VERSION = 10;

    private final GroupCoordinator coordinator;
    private final TopicManager topics;

    public OffsetCommitHandler(GroupCoordinator coordinator, TopicManager topics) {
        this.coordinator = coordinator;
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_COMMIT;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, OffsetCommitRequestData request) {
        short version = context.header().apiVersion();
        MetadataImage image = topics.image();
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        Map<TopicPartitionKey, OffsetToCommit> offsets = new LinkedHashMap<>();
        Map<TopicPartitionKey, OffsetCommitResponsePartition> answers = new HashMap<>();
        for (OffsetCommitRequestTopic topic : request.topics()) {
            OffsetCommitResponseTopic topicAnswer = new OffsetCommitResponseTopic().setName(topic.name()).setTopicId(topic.topicId());
            response.topics().add(topicAnswer);
            Optional<TopicImage> known = version >= TOPIC_ID_VERSION
                    ? image.topics().getTopic(KafkaIds.fromKafka(topic.topicId()))
                    : image.topics().getTopic(topic.name());
            short unknownCode = version >= TOPIC_ID_VERSION ? Errors.UNKNOWN_TOPIC_ID.code() : Errors.UNKNOWN_TOPIC_OR_PARTITION.code();
            for (OffsetCommitRequestPartition partition : topic.partitions()) {
                OffsetCommitResponsePartition answer = new OffsetCommitResponsePartition().setPartitionIndex(partition.partitionIndex());
                topicAnswer.partitions().add(answer);
                if (known.isEmpty() || known.get().partition(partition.partitionIndex()).isEmpty()) {
                    answer.setErrorCode(known.isEmpty() ? unknownCode : Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                TopicPartitionKey key = new TopicPartitionKey(known.get().name(), partition.partitionIndex());
                offsets.put(key, new OffsetToCommit(partition.committedOffset(), partition.committedLeaderEpoch(),
                        partition.committedMetadata() == null ? "" : partition.committedMetadata()));
                answers.put(key, answer);
            }
        }
        if (offsets.isEmpty()) {
            return Reply.completed(response);
        }
        OptionalLong retentionMs = version <= LAST_RETENTION_VERSION && request.retentionTimeMs() >= 0
                ? OptionalLong.of(request.retentionTimeMs())
                : OptionalLong.empty();
        OffsetCommitRequest commit = new OffsetCommitRequest(request.groupId(), request.generationIdOrMemberEpoch(), request.memberId(),
                GroupRequests.optional(request.groupInstanceId()), retentionMs, version >= GROUP_MUST_EXIST_VERSION, offsets);
        return coordinator.commitOffsets(commit).handle((results, failure) -> {
            answers.forEach((key, answer) -> answer.setErrorCode(failure != null
                    ? GroupRequests.codeOf(failure)
                    : results.getOrDefault(key, GroupError.UNKNOWN_SERVER_ERROR).code()));
            return Reply.respond(response);
        });
    }
}

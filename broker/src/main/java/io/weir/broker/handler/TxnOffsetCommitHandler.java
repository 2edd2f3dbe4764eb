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
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * TxnOffsetCommit (api key 28), versions 0 to 5 (v6 names topics by id, KIP-1319, not yet). The
 * group checks are OffsetCommit's (v3+ carries the member and generation; before, the commit is
 * outside membership); the offsets stay pending for the producer until its transaction's marker
 * reaches the group's {@code __consumer_offsets} partition ({@code AddOffsetsToTxn} put it in the
 * transaction): committed then, dropped on abort. A partition of an unknown topic is
 * UNKNOWN_TOPIC_OR_PARTITION. Thread-safe.
 */
public final class TxnOffsetCommitHandler implements ApiHandler<TxnOffsetCommitRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(0, 5);

    private final GroupCoordinator groups;
    private final TopicManager topics;

    public TxnOffsetCommitHandler(GroupCoordinator groups, TopicManager topics) {
        this.groups = groups;
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.TXN_OFFSET_COMMIT;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, TxnOffsetCommitRequestData request) {
        MetadataImage image = topics.image();
        TxnOffsetCommitResponseData response = new TxnOffsetCommitResponseData();
        Map<TopicPartitionKey, OffsetToCommit> offsets = new LinkedHashMap<>();
        Map<TopicPartitionKey, TxnOffsetCommitResponsePartition> answers = new HashMap<>();
        for (TxnOffsetCommitRequestTopic topic : request.topics()) {
            TxnOffsetCommitResponseTopic topicAnswer = new TxnOffsetCommitResponseTopic().setName(topic.name());
            response.topics().add(topicAnswer);
            Optional<TopicImage> known = image.topics().getTopic(topic.name());
            for (TxnOffsetCommitRequestPartition partition : topic.partitions()) {
                TxnOffsetCommitResponsePartition answer = new TxnOffsetCommitResponsePartition().setPartitionIndex(partition.partitionIndex());
                topicAnswer.partitions().add(answer);
                if (known.isEmpty() || known.get().partition(partition.partitionIndex()).isEmpty()) {
                    answer.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                TopicPartitionKey key = new TopicPartitionKey(topic.name(), partition.partitionIndex());
                offsets.put(key, new OffsetToCommit(partition.committedOffset(), partition.committedLeaderEpoch(),
                        partition.committedMetadata() == null ? "" : partition.committedMetadata()));
                answers.put(key, answer);
            }
        }
        if (offsets.isEmpty()) {
            return Reply.completed(response);
        }
        OffsetCommitRequest commit = new OffsetCommitRequest(request.groupId(), request.generationIdOrMemberEpoch(),
                request.memberId() == null ? "" : request.memberId(), GroupRequests.optional(request.groupInstanceId()),
                OptionalLong.empty(), false, offsets);
        return groups.commitTransactionalOffsets(request.producerId(), commit).handle((results, failure) -> {
            answers.forEach((key, answer) -> answer.setErrorCode(failure != null
                    ? GroupRequests.codeOf(failure)
                    : results.getOrDefault(key, GroupError.UNKNOWN_SERVER_ERROR).code()));
            return Reply.respond(response);
        });
    }
}

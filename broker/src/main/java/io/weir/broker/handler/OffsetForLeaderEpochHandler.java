package io.weir.broker.handler;

import io.weir.broker.replica.ErrorCodes;
import io.weir.broker.replica.ReplicaManager;
import io.weir.protocol.VersionRange;
import io.weir.storage.EpochEndOffset;
import io.weir.storage.TopicPartitionKey;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * OffsetForLeaderEpoch (api key 23), versions 2 to 4 (0 and 1 left Kafka in 4.0): for each
 * partition the largest epoch at most the requested one and its end offset (-1 and -1 when
 * undefined), after current_leader_epoch fencing (KIP-320). Consumers (replica id -1, or -2 for
 * debugging) and followers get the same answer: the leader's log end bounds the last epoch. In
 * memory; answers at once. Thread-safe.
 */
public final class OffsetForLeaderEpochHandler implements ApiHandler<OffsetForLeaderEpochRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(2, 4);

    private final ReplicaManager replicaManager;

    public OffsetForLeaderEpochHandler(ReplicaManager replicaManager) {
        this.replicaManager = replicaManager;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FOR_LEADER_EPOCH;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, OffsetForLeaderEpochRequestData request) {
        OffsetForLeaderEpochResponseData response = new OffsetForLeaderEpochResponseData();
        for (OffsetForLeaderTopic topic : request.topics()) {
            OffsetForLeaderTopicResult topicResult = new OffsetForLeaderTopicResult().setTopic(topic.topic());
            for (OffsetForLeaderPartition partition : topic.partitions()) {
                topicResult.partitions().add(answer(context, topic.topic(), partition));
            }
            response.topics().add(topicResult);
        }
        return Reply.completed(response);
    }

    private OffsetForLeaderEpochResponseData.EpochEndOffset answer(RequestContext context, String topic, OffsetForLeaderPartition partition) {
        OffsetForLeaderEpochResponseData.EpochEndOffset answer = new OffsetForLeaderEpochResponseData.EpochEndOffset()
                .setPartition(partition.partition());
        try {
            EpochEndOffset end = replicaManager.endOffsetForEpoch(new TopicPartitionKey(topic, partition.partition()),
                    partition.leaderEpoch(), Optional.of(partition.currentLeaderEpoch()));
            return answer.setErrorCode((short) 0).setLeaderEpoch(end.leaderEpoch()).setEndOffset(end.endOffset());
        } catch (RuntimeException e) {
            return answer.setErrorCode(ErrorCodes.codeOf(e, context.logPrefix())).setLeaderEpoch(-1).setEndOffset(-1);
        }
    }
}

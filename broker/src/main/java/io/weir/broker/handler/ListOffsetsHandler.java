package io.weir.broker.handler;

import io.weir.broker.replica.ErrorCodes;
import io.weir.broker.replica.IsolationLevel;
import io.weir.broker.replica.OffsetLookup;
import io.weir.broker.replica.ReplicaManager;
import io.weir.protocol.VersionRange;
import io.weir.storage.TopicPartitionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * ListOffsets (api key 2), versions 1 to 11 (v0 left Kafka in 4.0). Earliest (-2), latest (-1:
 * the high watermark, or the last stable offset for read_committed), max timestamp (-3, v7+),
 * earliest local (-4), latest tiered (-5) and earliest pending upload (-6), or a timestamp; see
 * {@link ReplicaManager#listOffset}. current_leader_epoch (v4+) is checked (KIP-320). Lookups run
 * on the I/O threads; one partition's error never fails another. Thread-safe.
 */
public final class ListOffsetsHandler implements ApiHandler<ListOffsetsRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(1, 11);
    private static final byte READ_COMMITTED = 1;
    /** The leader epoch is in the response from v4 on, and not ignorable before. */
    private static final short LEADER_EPOCH_VERSION = 4;

    private final ReplicaManager replicaManager;

    public ListOffsetsHandler(ReplicaManager replicaManager) {
        this.replicaManager = replicaManager;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_OFFSETS;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, ListOffsetsRequestData request) {
        IsolationLevel isolation = request.isolationLevel() == READ_COMMITTED ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED;
        ListOffsetsResponseData response = new ListOffsetsResponseData();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (ListOffsetsTopic topic : request.topics()) {
            ListOffsetsTopicResponse topicResponse = new ListOffsetsTopicResponse().setName(topic.name());
            response.topics().add(topicResponse);
            for (ListOffsetsPartition partition : topic.partitions()) {
                ListOffsetsPartitionResponse answer = new ListOffsetsPartitionResponse().setPartitionIndex(partition.partitionIndex());
                topicResponse.partitions().add(answer);
                TopicPartitionKey key = new TopicPartitionKey(topic.name(), partition.partitionIndex());
                pending.add(replicaManager.listOffset(key, partition.timestamp(), isolation, Optional.of(partition.currentLeaderEpoch()))
                        .handle((found, failure) -> fill(answer, found, failure, context)));
            }
        }
        // Each future fills its own partition entry; the response is read only after all are done.
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(ignored -> Reply.respond(response));
    }

    private static ListOffsetsPartitionResponse fill(ListOffsetsPartitionResponse answer, OffsetLookup found, Throwable failure,
            RequestContext context) {
        if (failure != null) {
            return answer.setErrorCode(ErrorCodes.codeOf(failure, context.logPrefix())).setTimestamp(-1).setOffset(-1).setLeaderEpoch(-1);
        }
        boolean hasEpoch = context.header().apiVersion() >= LEADER_EPOCH_VERSION;
        return answer.setErrorCode((short) 0).setTimestamp(found.timestampMs()).setOffset(found.offset())
                .setLeaderEpoch(hasEpoch ? found.leaderEpoch() : -1);
    }
}

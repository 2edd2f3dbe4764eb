package io.weir.broker.handler;

import io.weir.broker.replica.ErrorCodes;
import io.weir.broker.replica.ReplicaManager;
import io.weir.protocol.VersionRange;
import io.weir.storage.TopicPartitionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * DeleteRecords (api key 21), versions 0 to 2: moves each partition's log start offset (offset
 * -1 means the high watermark; beyond it is OFFSET_OUT_OF_RANGE) and answers the new low
 * watermark. Single node: no wait for followers, so timeout_ms is not used. Thread-safe.
 */
public final class DeleteRecordsHandler implements ApiHandler<DeleteRecordsRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(0, 2);

    private final ReplicaManager replicaManager;

    public DeleteRecordsHandler(ReplicaManager replicaManager) {
        this.replicaManager = replicaManager;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_RECORDS;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, DeleteRecordsRequestData request) {
        DeleteRecordsResponseData response = new DeleteRecordsResponseData();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (DeleteRecordsTopic topic : request.topics()) {
            DeleteRecordsTopicResult topicResult = new DeleteRecordsTopicResult().setName(topic.name());
            response.topics().add(topicResult);
            for (DeleteRecordsPartition partition : topic.partitions()) {
                DeleteRecordsPartitionResult result = new DeleteRecordsPartitionResult().setPartitionIndex(partition.partitionIndex());
                topicResult.partitions().add(result);
                TopicPartitionKey key = new TopicPartitionKey(topic.name(), partition.partitionIndex());
                pending.add(replicaManager.deleteRecords(key, partition.offset()).handle((lowWatermark, failure) -> failure == null
                        ? result.setErrorCode((short) 0).setLowWatermark(lowWatermark)
                        : result.setErrorCode(ErrorCodes.codeOf(failure, context.logPrefix())).setLowWatermark(-1)));
            }
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(ignored -> Reply.respond(response));
    }
}

package io.weir.broker.handler;

import io.weir.broker.replica.Partition;
import io.weir.broker.replica.ReplicaManager;
import io.weir.protocol.VersionRange;
import io.weir.storage.TopicPartitionKey;
import io.weir.storage.producer.ProducerStateEntry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeProducersRequestData.TopicRequest;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.DescribeProducersResponseData.PartitionResponse;
import org.apache.kafka.common.message.DescribeProducersResponseData.ProducerState;
import org.apache.kafka.common.message.DescribeProducersResponseData.TopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * DescribeProducers (api key 61), version 0 (KIP-664, used by kafka-transactions to find hanging
 * transactions): the active producers of each partition this node leads, from the partition's
 * producer state (epoch, last sequence and timestamp, coordinator epoch, first offset of the open
 * transaction). A partition not hosted here is NOT_LEADER_OR_FOLLOWER. Reads in-memory state
 * under the log's lock; thread-safe.
 */
public final class DescribeProducersHandler implements ApiHandler<DescribeProducersRequestData> {
    public static final VersionRange VERSIONS = VersionRange.of(0, 0);

    private final ReplicaManager replicas;

    public DescribeProducersHandler(ReplicaManager replicas) {
        this.replicas = replicas;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_PRODUCERS;
    }

    @Override
    public VersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, DescribeProducersRequestData request) {
        DescribeProducersResponseData response = new DescribeProducersResponseData();
        for (TopicRequest topic : request.topics()) {
            TopicResponse topicResponse = new TopicResponse().setName(topic.name());
            response.topics().add(topicResponse);
            for (int index : topic.partitionIndexes()) {
                topicResponse.partitions().add(describe(new TopicPartitionKey(topic.name(), index)));
            }
        }
        return Reply.completed(response);
    }

    private PartitionResponse describe(TopicPartitionKey key) {
        PartitionResponse answer = new PartitionResponse().setPartitionIndex(key.partition());
        Optional<Partition> partition = replicas.partition(key);
        if (partition.isEmpty()) {
            return answer.setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code());
        }
        for (Map.Entry<Long, ProducerStateEntry> entry : partition.get().log().activeProducers().entrySet()) {
            ProducerStateEntry producer = entry.getValue();
            answer.activeProducers().add(new ProducerState().setProducerId(producer.producerId())
                    .setProducerEpoch(producer.producerEpoch()).setLastSequence(producer.lastSequence().orElse(-1))
                    .setLastTimestamp(producer.lastTimestamp()).setCoordinatorEpoch(producer.coordinatorEpoch())
                    .setCurrentTxnStartOffset(producer.currentTxnFirstOffset().orElse(-1)));
        }
        return answer.setErrorCode(Errors.NONE.code());
    }
}

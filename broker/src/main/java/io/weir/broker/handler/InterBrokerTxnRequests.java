package io.weir.broker.handler;

import io.weir.broker.txn.CoordinatorClients;
import io.weir.broker.txn.TxnBrokerRequests;
import io.weir.storage.TopicPartitionKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarker;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarkerTopic;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerPartitionResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult;
import org.apache.kafka.common.protocol.Errors;

/**
 * {@link TxnBrokerRequests} over the wire: WriteTxnMarkers version 2 (it carries the transaction
 * version; the top of Kafka 4.4's 1-2 range) and AddPartitionsToTxn version 5 (the broker form,
 * KIP-890), sent with the {@link CoordinatorClients} connection of the destination broker. A
 * partition missing from an answer gets UNKNOWN_SERVER_ERROR, so that its caller retries it.
 *
 * <p>Thread-safe; blocks on the network.
 */
public final class InterBrokerTxnRequests implements TxnBrokerRequests {
    static final short WRITE_TXN_MARKERS_VERSION = 2;
    static final short ADD_PARTITIONS_TO_TXN_VERSION = 5;

    private final CoordinatorClients clients;

    public InterBrokerTxnRequests(CoordinatorClients clients) {
        this.clients = clients;
    }

    @Override
    public Map<TopicPartitionKey, Short> writeMarkers(int nodeId, long producerId, short producerEpoch, int coordinatorEpoch,
            boolean commit, int transactionVersion, List<TopicPartitionKey> partitions) {
        WritableTxnMarker marker = new WritableTxnMarker().setProducerId(producerId).setProducerEpoch(producerEpoch)
                .setCoordinatorEpoch(coordinatorEpoch).setTransactionResult(commit).setTransactionVersion((byte) transactionVersion);
        Map<String, WritableTxnMarkerTopic> topics = new LinkedHashMap<>();
        for (TopicPartitionKey partition : partitions) {
            topics.computeIfAbsent(partition.topic(), name -> {
                WritableTxnMarkerTopic topic = new WritableTxnMarkerTopic().setName(name);
                marker.topics().add(topic);
                return topic;
            }).partitionIndexes().add(partition.partition());
        }
        WriteTxnMarkersRequestData request = new WriteTxnMarkersRequestData();
        request.markers().add(marker);
        WriteTxnMarkersResponseData response = clients.client(nodeId).send(request, WRITE_TXN_MARKERS_VERSION,
                WriteTxnMarkersResponseData.class);
        Map<TopicPartitionKey, Short> codes = unanswered(partitions);
        for (WritableTxnMarkerResult result : response.markers()) {
            for (WritableTxnMarkerTopicResult topic : result.topics()) {
                for (WritableTxnMarkerPartitionResult answer : topic.partitions()) {
                    codes.computeIfPresent(new TopicPartitionKey(topic.name(), answer.partitionIndex()), (key, old) -> answer.errorCode());
                }
            }
        }
        return codes;
    }

    @Override
    public Map<TopicPartitionKey, Short> addPartitions(int nodeId, String transactionalId, long producerId, short producerEpoch,
            List<TopicPartitionKey> partitions, boolean verifyOnly) {
        AddPartitionsToTxnTransaction transaction = new AddPartitionsToTxnTransaction().setTransactionalId(transactionalId)
                .setProducerId(producerId).setProducerEpoch(producerEpoch).setVerifyOnly(verifyOnly);
        for (TopicPartitionKey partition : partitions) {
            AddPartitionsToTxnTopic topic = transaction.topics().find(partition.topic());
            if (topic == null) {
                topic = new AddPartitionsToTxnTopic().setName(partition.topic());
                transaction.topics().add(topic);
            }
            topic.partitions().add(partition.partition());
        }
        AddPartitionsToTxnRequestData request = new AddPartitionsToTxnRequestData();
        request.transactions().add(transaction);
        AddPartitionsToTxnResponseData response = clients.client(nodeId).send(request, ADD_PARTITIONS_TO_TXN_VERSION,
                AddPartitionsToTxnResponseData.class);
        Map<TopicPartitionKey, Short> codes = unanswered(partitions);
        if (response.errorCode() != Errors.NONE.code()) {
            codes.replaceAll((key, old) -> response.errorCode());
            return codes;
        }
        AddPartitionsToTxnResult result = response.resultsByTransaction().find(transactionalId);
        if (result != null) {
            for (AddPartitionsToTxnTopicResult topic : result.topicResults()) {
                for (AddPartitionsToTxnPartitionResult answer : topic.resultsByPartition()) {
                    codes.computeIfPresent(new TopicPartitionKey(topic.name(), answer.partitionIndex()),
                            (key, old) -> answer.partitionErrorCode());
                }
            }
        }
        return codes;
    }

    private static Map<TopicPartitionKey, Short> unanswered(List<TopicPartitionKey> partitions) {
        Map<TopicPartitionKey, Short> codes = new LinkedHashMap<>();
        partitions.forEach(partition -> codes.put(partition, Errors.UNKNOWN_SERVER_ERROR.code()));
        return codes;
    }
}

package io.weir.broker.txn;

import io.weir.broker.net.BrokerClientException;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.storage.TopicPartitionKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarker;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarkerTopic;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerPartitionResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction coordinator's {@link TxnMarkerWriter} on a cluster: groups a transaction's
 * partitions by their current leader in the metadata image, writes the markers of partitions this
 * node leads through {@code local}, and sends WriteTxnMarkers (api key 27, version 2, which
 * carries the transaction version) to the inter-broker listener of every other leader.
 *
 * <p>Codes per partition: a partition absent from the image (deleted) answers
 * UNKNOWN_TOPIC_OR_PARTITION, which the coordinator skips, as Kafka does; a partition still in the
 * image never answers it (a leader that does not host the partition yet, or any more, becomes
 * NOT_LEADER_OR_FOLLOWER), so it is retried until its marker is written; a partition without a
 * leader answers NOT_LEADER_OR_FOLLOWER and a failed send NETWORK_EXCEPTION, both retried by
 * {@link TxnMarkers} with backoff against the leader of the image at that time.
 *
 * <p>Thread-safety: any thread; remote sends run on {@code network} (never on the caller's lane),
 * one connection per destination broker from {@link CoordinatorClients}.
 */
public final class ClusterTxnMarkerWriter implements TxnMarkerWriter {
    private static final Logger log = LoggerFactory.getLogger(ClusterTxnMarkerWriter.class);
    static final short WRITE_TXN_MARKERS_VERSION = 2;
    static final short UNKNOWN_TOPIC_OR_PARTITION = 3;
    static final short NOT_LEADER_OR_FOLLOWER = 6;
    static final short NETWORK_EXCEPTION = 13;

    private final int nodeId;
    private final TxnMarkerWriter local;
    private final Supplier<MetadataImage> image;
    private final CoordinatorClients clients;
    private final Executor network;

    /**
     * @param nodeId this node
     * @param local writes the markers of partitions this node leads (and completes their offsets)
     * @param image the current metadata image
     * @param clients the connections to other brokers
     * @param network runs the blocking sends
     */
    public ClusterTxnMarkerWriter(int nodeId, TxnMarkerWriter local, Supplier<MetadataImage> image, CoordinatorClients clients,
            Executor network) {
        this.nodeId = nodeId;
        this.local = local;
        this.image = image;
        this.clients = clients;
        this.network = network;
    }

    @Override
    public CompletableFuture<Map<TopicPartitionKey, Short>> write(long producerId, short producerEpoch, int coordinatorEpoch,
            boolean commit, int transactionVersion, Collection<TopicPartitionKey> partitions) {
        MetadataImage now = image.get();
        Map<TopicPartitionKey, Short> codes = new LinkedHashMap<>();
        Map<Integer, List<TopicPartitionKey>> byLeader = new LinkedHashMap<>();
        for (TopicPartitionKey partition : partitions) {
            Optional<PartitionRegistration> registration = registration(now, partition);
            if (registration.isEmpty()) {
                codes.put(partition, UNKNOWN_TOPIC_OR_PARTITION);
            } else if (registration.get().leader() < 0) {
                codes.put(partition, NOT_LEADER_OR_FOLLOWER);
            } else {
                byLeader.computeIfAbsent(registration.get().leader(), id -> new ArrayList<>()).add(partition);
            }
        }
        List<CompletableFuture<Map<TopicPartitionKey, Short>>> pending = new ArrayList<>();
        byLeader.forEach((leader, led) -> pending.add(leader == nodeId
                ? writeLocally(producerId, producerEpoch, coordinatorEpoch, commit, transactionVersion, led)
                : CompletableFuture.supplyAsync(() -> send(leader, producerId, producerEpoch, coordinatorEpoch, commit, transactionVersion,
                        led), network)));
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            pending.forEach(future -> codes.putAll(future.join()));
            MetadataImage after = image.get();
            codes.replaceAll((partition, code) -> code == UNKNOWN_TOPIC_OR_PARTITION && registration(after, partition).isPresent()
                    ? NOT_LEADER_OR_FOLLOWER : code);
            return codes;
        });
    }

    private CompletableFuture<Map<TopicPartitionKey, Short>> writeLocally(long producerId, short producerEpoch, int coordinatorEpoch,
            boolean commit, int transactionVersion, List<TopicPartitionKey> partitions) {
        try {
            return local.write(producerId, producerEpoch, coordinatorEpoch, commit, transactionVersion, partitions)
                    .exceptionally(failure -> all(partitions, NOT_LEADER_OR_FOLLOWER));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(all(partitions, NOT_LEADER_OR_FOLLOWER));
        }
    }

    private Map<TopicPartitionKey, Short> send(int leader, long producerId, short producerEpoch, int coordinatorEpoch, boolean commit,
            int transactionVersion, List<TopicPartitionKey> partitions) {
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
        try {
            WriteTxnMarkersResponseData response = clients.client(leader).send(request, WRITE_TXN_MARKERS_VERSION,
                    WriteTxnMarkersResponseData.class);
            return codesOf(response, partitions);
        } catch (BrokerClientException | IllegalStateException e) {
            log.debug("[node {}] markers of producer {} to node {} failed: {}", nodeId, producerId, leader, e.getMessage());
            return all(partitions, NETWORK_EXCEPTION);
        }
    }

    private static Map<TopicPartitionKey, Short> codesOf(WriteTxnMarkersResponseData response, List<TopicPartitionKey> partitions) {
        Map<TopicPartitionKey, Short> codes = all(partitions, NETWORK_EXCEPTION);
        for (WritableTxnMarkerResult result : response.markers()) {
            for (WritableTxnMarkerTopicResult topic : result.topics()) {
                for (WritableTxnMarkerPartitionResult partition : topic.partitions()) {
                    codes.computeIfPresent(new TopicPartitionKey(topic.name(), partition.partitionIndex()),
                            (key, ignored) -> partition.errorCode());
                }
            }
        }
        return codes;
    }

    private static Optional<PartitionRegistration> registration(MetadataImage image, TopicPartitionKey partition) {
        return image.topics().getTopic(partition.topic()).flatMap(topic -> topic.partition(partition.partition()));
    }

    private static Map<TopicPartitionKey, Short> all(List<TopicPartitionKey> partitions, short code) {
        Map<TopicPartitionKey, Short> codes = new LinkedHashMap<>();
        partitions.forEach(partition -> codes.put(partition, code));
        return codes;
    }
}

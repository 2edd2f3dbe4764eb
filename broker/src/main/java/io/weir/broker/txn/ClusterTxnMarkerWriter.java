package io.weir.broker.txn;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction coordinator's {@link TxnMarkerWriter} on a cluster: groups a transaction's
 * partitions by their current leader in the metadata image, writes the markers of partitions this
 * node leads through {@code local}, and sends WriteTxnMarkers to every other leader
 * ({@link TxnBrokerRequests}, on its inter-broker listener).
 *
 * <p>Codes per partition: a partition absent from the image (deleted) answers
 * UNKNOWN_TOPIC_OR_PARTITION, which the coordinator skips, as Kafka does; a partition still in the
 * image never answers it (a leader that does not host the partition yet, or any more, becomes
 * NOT_LEADER_OR_FOLLOWER), so it is retried until its marker is written; a partition without a
 * leader answers NOT_LEADER_OR_FOLLOWER and a failed send NETWORK_EXCEPTION, both retried by
 * {@link TxnMarkers} with backoff against the leader of the image at that time.
 *
 * <p>Thread-safety: any thread; remote sends run on {@code network} (never on the caller's lane),
 * one connection per destination broker ({@link CoordinatorClients}).
 */
public final class ClusterTxnMarkerWriter implements TxnMarkerWriter {
    private static final Logger log = LoggerFactory.getLogger(ClusterTxnMarkerWriter.class);
    static final short UNKNOWN_TOPIC_OR_PARTITION = 3;
    static final short NOT_LEADER_OR_FOLLOWER = 6;
    static final short NETWORK_EXCEPTION = 13;

    private final int nodeId;
    private final TxnMarkerWriter local;
    private final Supplier<MetadataImage> image;
    private final TxnBrokerRequests requests;
    private final Executor network;

    /**
     * @param nodeId this node
     * @param local writes the markers of partitions this node leads (and completes their offsets)
     * @param image the current metadata image
     * @param requests sends WriteTxnMarkers to other brokers
     * @param network runs the blocking sends
     */
    public ClusterTxnMarkerWriter(int nodeId, TxnMarkerWriter local, Supplier<MetadataImage> image, TxnBrokerRequests requests,
            Executor network) {
        this.nodeId = nodeId;
        this.local = local;
        this.image = image;
        this.requests = requests;
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
        try {
            return requests.writeMarkers(leader, producerId, producerEpoch, coordinatorEpoch, commit, transactionVersion, partitions);
        } catch (RuntimeException e) {
            log.debug("[node {}] markers of producer {} to node {} failed: {}", nodeId, producerId, leader, e.toString());
            return all(partitions, NETWORK_EXCEPTION);
        }
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

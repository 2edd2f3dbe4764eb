package io.weir.broker.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.Uuid;
import io.weir.metadata.image.MetadataDelta;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.PartitionRecord;
import io.weir.metadata.record.TopicRecord;
import io.weir.storage.TopicPartitionKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ClusterTxnMarkerWriterTest {
    private static final int NODE = 1;
    private static final TopicPartitionKey LED_HERE = new TopicPartitionKey("orders", 0);
    private static final TopicPartitionKey LEADERLESS = new TopicPartitionKey("orders", 1);
    private static final TopicPartitionKey DELETED = new TopicPartitionKey("gone", 0);

    private static final TxnBrokerRequests UNREACHABLE = new TxnBrokerRequests() {
        @Override
        public Map<TopicPartitionKey, Short> writeMarkers(int nodeId, long producerId, short producerEpoch, int coordinatorEpoch,
                boolean commit, int transactionVersion, List<TopicPartitionKey> partitions) {
            throw new IllegalStateException("node " + nodeId + " is unreachable");
        }

        @Override
        public Map<TopicPartitionKey, Short> addPartitions(int nodeId, String transactionalId, long producerId, short producerEpoch,
                List<TopicPartitionKey> partitions, boolean verifyOnly) {
            throw new IllegalStateException("node " + nodeId + " is unreachable");
        }
    };

    private final List<Collection<TopicPartitionKey>> localWrites = new ArrayList<>();
    private final AtomicReference<MetadataImage> image = new AtomicReference<>(image());

    private static MetadataImage image() {
        MetadataDelta delta = new MetadataDelta(MetadataImage.EMPTY);
        Uuid orders = new Uuid(11L, 1L);
        delta.replay(new TopicRecord("orders", orders));
        delta.replay(new PartitionRecord(orders, 0, List.of(1, 2), List.of(1, 2), 1, 0, 0));
        delta.replay(new PartitionRecord(orders, 1, List.of(1, 2), List.of(1, 2), -1, 0, 0));
        return delta.apply(1);
    }

    private ClusterTxnMarkerWriter writer(Map<TopicPartitionKey, Short> localCodes) {
        TxnMarkerWriter local = (producerId, epoch, coordinatorEpoch, commit, version, partitions) -> {
            localWrites.add(List.copyOf(partitions));
            Map<TopicPartitionKey, Short> codes = new LinkedHashMap<>();
            partitions.forEach(p -> codes.put(p, localCodes.getOrDefault(p, (short) 0)));
            return CompletableFuture.completedFuture(codes);
        };
        return new ClusterTxnMarkerWriter(NODE, local, image::get, UNREACHABLE, Runnable::run);
    }

    @Test
    void partitionsLedHereAreWrittenLocallyAndDeletedOnesAreSkipped() {
        Map<TopicPartitionKey, Short> codes = writer(Map.of()).write(7L, (short) 1, 0, true, 2, List.of(LED_HERE, DELETED, LEADERLESS)).join();

        assertThat(localWrites).containsExactly(List.of(LED_HERE));
        assertThat(codes).containsEntry(LED_HERE, (short) 0)
                .containsEntry(DELETED, ClusterTxnMarkerWriter.UNKNOWN_TOPIC_OR_PARTITION)
                .containsEntry(LEADERLESS, ClusterTxnMarkerWriter.NOT_LEADER_OR_FOLLOWER);
    }

    @Test
    void anUnknownPartitionAnswerForAPartitionStillInTheImageIsRetried() {
        Map<TopicPartitionKey, Short> codes = writer(Map.of(LED_HERE, ClusterTxnMarkerWriter.UNKNOWN_TOPIC_OR_PARTITION))
                .write(7L, (short) 1, 0, false, 2, List.of(LED_HERE)).join();

        assertThat(codes).containsEntry(LED_HERE, ClusterTxnMarkerWriter.NOT_LEADER_OR_FOLLOWER);
    }

    @Test
    void anUnreachableLeaderAnswersANetworkErrorToRetry() {
        MetadataDelta delta = new MetadataDelta(image.get());
        delta.replay(new PartitionRecord(new Uuid(11L, 1L), 2, List.of(2, 1), List.of(2, 1), 2, 0, 0));
        image.set(delta.apply(2));
        TopicPartitionKey remote = new TopicPartitionKey("orders", 2);

        Map<TopicPartitionKey, Short> codes = writer(Map.of()).write(7L, (short) 1, 0, true, 2, List.of(remote, LED_HERE)).join();

        assertThat(codes).containsEntry(remote, ClusterTxnMarkerWriter.NETWORK_EXCEPTION).containsEntry(LED_HERE, (short) 0);
    }
}

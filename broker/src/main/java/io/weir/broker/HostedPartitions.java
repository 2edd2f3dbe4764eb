package io.weir.broker;

import io.weir.broker.fetch.FetchablePartition;
import io.weir.broker.fetch.FetchablePartitions;
import io.weir.broker.fetch.PartitionFetch;
import io.weir.broker.replica.Partition;
import io.weir.broker.replica.ReplicaManager;
import io.weir.broker.fetch.RackAwareReplicaSelector;
import io.weir.metadata.Uuid;
import io.weir.metadata.image.BrokerRegistration;
import io.weir.metadata.image.MetadataImage;
import io.weir.storage.TopicPartitionKey;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The partitions the replica manager hosts, as the fetch path sees them. With {@code
 * rackAwareSelector} (KIP-392) followers serve consumers, and leaders point consumers to an
 * in-sync replica in their rack, by the broker racks and liveness of the newest metadata image.
 * Thread-safe.
 */
final class HostedPartitions implements FetchablePartitions {
    private final ReplicaManager replicas;
    private final int nodeId;
    private final boolean rackAwareSelector;
    private final Supplier<MetadataImage> image;

    HostedPartitions(ReplicaManager replicas, int nodeId, boolean rackAwareSelector, Supplier<MetadataImage> image) {
        this.replicas = replicas;
        this.nodeId = nodeId;
        this.rackAwareSelector = rackAwareSelector;
        this.image = image;
    }

    @Override
    public boolean followersServeConsumers() {
        return rackAwareSelector;
    }

    @Override
    public OptionalInt preferredReadReplica(FetchablePartition partition, String clientRackId, long fetchOffset) {
        if (!rackAwareSelector) {
            return OptionalInt.empty();
        }
        return replicas.partition(partition.key()).map(hosted -> {
            Map<Integer, Optional<String>> liveRacks = image.get().cluster().unfencedBrokers().stream()
                    .collect(Collectors.toMap(BrokerRegistration::nodeId, BrokerRegistration::rack));
            return RackAwareReplicaSelector.preferredReadReplica(nodeId, hosted.isr(), liveRacks, clientRackId,
                    hosted.followerLogEndOffsets(), fetchOffset);
        }).orElse(OptionalInt.empty());
    }

    @Override
    public Optional<FetchablePartition> partition(String topic, int partition) {
        return replicas.partition(new TopicPartitionKey(topic, partition)).map(this::fetchable);
    }

    @Override
    public Optional<FetchablePartition> partition(Uuid topicId, int partition) {
        return replicas.topicName(topicId).flatMap(topic -> partition(topic, partition));
    }

    @Override
    public void onFollowerFetch(int replicaId, FetchablePartition partition, PartitionFetch fetch) {
        replicas.recordFollowerFetch(replicaId, partition.key(), fetch.currentLeaderEpoch(), fetch.lastFetchedEpoch(), fetch.fetchOffset());
    }

    private FetchablePartition fetchable(Partition hosted) {
        boolean leads = replicas.serves(hosted);
        // A follower's high watermark comes from its leader, settled there.
        return new FetchablePartition(hosted.key(), hosted.topicId(), hosted.leaderEpoch(), leads, hosted.log(),
                !leads || hosted.highWatermarkSettled(), hosted.followedLeader().isPresent());
    }
}

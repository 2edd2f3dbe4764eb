package io.weir.broker;

import io.weir.broker.fetch.FetchablePartition;
import io.weir.broker.fetch.FetchablePartitions;
import io.weir.broker.fetch.PartitionFetch;
import io.weir.broker.replica.Partition;
import io.weir.broker.replica.ReplicaManager;
import io.weir.metadata.Uuid;
import io.weir.storage.TopicPartitionKey;
import java.util.Optional;

/** The partitions the replica manager hosts, as the fetch path sees them. Thread-safe. */
final class HostedPartitions implements FetchablePartitions {
    private final ReplicaManager replicas;

    HostedPartitions(ReplicaManager replicas) {
        this.replicas = replicas;
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
        return new FetchablePartition(hosted.key(), hosted.topicId(), hosted.leaderEpoch(), replicas.serves(hosted), hosted.log(),
                hosted.highWatermarkSettled());
    }
}

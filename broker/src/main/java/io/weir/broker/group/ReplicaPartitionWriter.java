package io.weir.broker.group;

import io.weir.broker.replica.PartitionError;
import io.weir.broker.replica.ProduceResult;
import io.weir.broker.replica.ReplicaManager;
import io.weir.metadata.TopicNames;
import io.weir.storage.TopicPartitionKey;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Appends coordinator records to {@code __consumer_offsets} as its leader, through the replica
 * manager (one batch per call, appended on the partition's lane, so calls are appended in order).
 * A partition this node does not host fails with NOT_COORDINATOR; any other failure with
 * COORDINATOR_NOT_AVAILABLE, which clients retry. Thread-safe.
 */
public final class ReplicaPartitionWriter implements PartitionWriter {
    private final ReplicaManager replicas;
    private final Clock clock;

    public ReplicaPartitionWriter(ReplicaManager replicas, Clock clock) {
        this.replicas = replicas;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Void> append(int partition, List<CoordinatorRecord> records) {
        TopicPartitionKey key = new TopicPartitionKey(TopicNames.CONSUMER_OFFSETS, partition);
        return appendBatch(replicas, key, RecordBatches.encode(records, clock.millis()));
    }

    /**
     * Appends one coordinator batch to {@code key} as its leader and completes once it is committed;
     * fails with a {@link GroupException}: NOT_COORDINATOR when this node does not lead the
     * partition, COORDINATOR_NOT_AVAILABLE otherwise. Shared by every coordinator topic.
     */
    public static CompletableFuture<Void> appendBatch(ReplicaManager replicas, TopicPartitionKey key, ByteBuffer batch) {
        return replicas.appendRecords(Map.of(key, batch), false).thenApply(results -> {
            ProduceResult result = results.get(key);
            if (result.errorCode() == PartitionError.NONE.code()) {
                return null;
            }
            boolean notHosted = result.errorCode() == PartitionError.UNKNOWN_TOPIC_OR_PARTITION.code()
                    || result.errorCode() == PartitionError.NOT_LEADER_OR_FOLLOWER.code();
            throw new GroupException(notHosted ? GroupError.NOT_COORDINATOR : GroupError.COORDINATOR_NOT_AVAILABLE,
                    "append to " + key + " failed with error " + result.errorCode());
        });
    }
}

package io.weir.broker.replica;

import io.weir.metadata.Uuid;
import io.weir.metadata.image.PartitionRegistration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a leader's ISR change to whoever owns the metadata (Kafka's AlterPartition). The owner
 * checks that {@code leaderId} leads the partition at {@code leaderEpoch} (FENCED_LEADER_EPOCH
 * otherwise) and that {@code partitionEpoch} is the current one (INVALID_UPDATE_VERSION
 * otherwise), then commits the new ISR, bumping the partition epoch. The leader applies the new
 * ISR when its metadata shows it, not when this future completes.
 *
 * <p>Implementations must not block the caller: the future completes on their own thread. A
 * refusal completes it exceptionally with a {@link ReplicaException} carrying the error.
 */
public interface AlterPartitionSender {

    /**
     * Proposes {@code newIsr} for the partition.
     *
     * @return the registration after the change
     */
    CompletableFuture<PartitionRegistration> alterPartition(Uuid topicId, int partition, int leaderId, int leaderEpoch,
            int partitionEpoch, List<Integer> newIsr);
}

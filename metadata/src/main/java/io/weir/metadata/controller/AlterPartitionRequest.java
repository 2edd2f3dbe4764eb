package io.weir.metadata.controller;

import java.util.List;
import java.util.Objects;
import io.weir.metadata.Uuid;

/**
 * A partition leader asks the controller to change the partition's ISR (Kafka's AlterPartition).
 *
 * @param topicId the topic
 * @param partition the partition index
 * @param leaderId the requesting leader's node id
 * @param leaderEpoch the leader epoch the leader holds
 * @param partitionEpoch the partition epoch the leader last saw
 * @param newIsr the ISR asked for
 */
public record AlterPartitionRequest(Uuid topicId, int partition, int leaderId, int leaderEpoch, int partitionEpoch,
        List<Integer> newIsr) {

    /** Checks and copies. */
    public AlterPartitionRequest {
        Objects.requireNonNull(topicId, "topicId");
        newIsr = List.copyOf(newIsr);
    }
}

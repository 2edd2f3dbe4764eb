package io.weir.broker.replica;

import io.weir.metadata.Uuid;
import java.util.List;

/**
 * An ISR change a leader proposes to the controller (Kafka's AlterPartition). Immutable.
 *
 * @param topicId the topic
 * @param partition the partition index
 * @param leaderId this broker
 * @param leaderEpoch the leader epoch the change is based on
 * @param partitionEpoch the partition epoch the change is based on
 * @param newIsr the proposed ISR
 */
record IsrChange(Uuid topicId, int partition, int leaderId, int leaderEpoch, int partitionEpoch, List<Integer> newIsr) {
    IsrChange {
        newIsr = List.copyOf(newIsr);
    }
}

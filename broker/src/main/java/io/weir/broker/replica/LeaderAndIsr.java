package io.weir.broker.replica;

import java.util.List;

/**
 * A partition's assignment as the metadata states it: the leader epoch, the partition epoch, the
 * assigned replicas and the in-sync replicas. Immutable.
 *
 * @param leaderEpoch bumped when the leader changes
 * @param partitionEpoch bumped on every change of the registration (ISR changes included)
 * @param replicas the assigned replicas (node ids)
 * @param isr the in-sync replicas
 */
public record LeaderAndIsr(int leaderEpoch, int partitionEpoch, List<Integer> replicas, List<Integer> isr) {
    public LeaderAndIsr {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }

    /** A partition whose only replica is {@code nodeId} (a single node). */
    public static LeaderAndIsr soleReplica(int nodeId, int leaderEpoch) {
        return new LeaderAndIsr(leaderEpoch, 0, List.of(nodeId), List.of(nodeId));
    }
}

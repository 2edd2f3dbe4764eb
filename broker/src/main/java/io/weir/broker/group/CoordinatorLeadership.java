package io.weir.broker.group;

/**
 * What a coordinator is told about the partitions of its internal topic: this node became leader
 * of one (load it) or stopped leading it (drop it). Calls come from the metadata thread and must
 * not block. Implemented by the group and the transaction coordinators.
 */
public interface CoordinatorLeadership {

    /** This node leads {@code partition} at {@code leaderEpoch}. */
    void onBecomeLeader(int partition, int leaderEpoch);

    /** This node no longer leads {@code partition}. */
    void onResign(int partition);
}

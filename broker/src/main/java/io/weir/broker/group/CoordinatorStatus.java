package io.weir.broker.group;

/** Whether this node coordinates the groups of one {@code __consumer_offsets} partition. */
public enum CoordinatorStatus {
    /** This node leads the partition and has loaded it. */
    ACTIVE,
    /** This node leads the partition and is reading it back: COORDINATOR_LOAD_IN_PROGRESS. */
    LOADING,
    /** This node does not lead the partition: NOT_COORDINATOR. */
    NOT_COORDINATOR
}

package io.weir.metadata.controller;

import java.util.List;

/**
 * The metadata quorum as its leader sees it, in the terms of Kafka's DescribeQuorum (KIP-595,
 * KIP-836): the leader, its epoch, the high watermark, and one {@link ReplicaState} per voter and
 * per observer. Every offset counts positions of one log, so that a follower's lag is the leader's
 * log end offset minus its own; -1 stands for a value the leader does not know, as in Kafka.
 *
 * <p>Immutable and thread-safe.
 *
 * @param leaderId the leader's node id
 * @param leaderEpoch the leader's epoch (the Raft term)
 * @param highWatermark the offset after the last committed entry
 * @param voters the voters, the leader included
 * @param observers the nodes that follow the metadata without voting
 */
public record QuorumDescription(int leaderId, int leaderEpoch, long highWatermark, List<ReplicaState> voters,
        List<ReplicaState> observers) {

    /** Copies the lists. */
    public QuorumDescription {
        voters = List.copyOf(voters);
        observers = List.copyOf(observers);
    }

    /**
     * A one-voter quorum whose leader has everything it wrote committed: a single node, which
     * holds no elections and so stays at epoch 0.
     *
     * @param nodeId the node
     * @param logEndOffset the offset after its last metadata record
     * @param nowMs the current wall-clock time, as the leader's fetch and caught-up times
     * @return the description
     */
    public static QuorumDescription singleVoter(int nodeId, long logEndOffset, long nowMs) {
        return new QuorumDescription(nodeId, 0, logEndOffset,
                List.of(new ReplicaState(nodeId, logEndOffset, nowMs, nowMs)), List.of());
    }

    /**
     * One replica of the quorum's log.
     *
     * @param replicaId its node id
     * @param logEndOffset the offset after the last entry the leader knows it has, or -1
     * @param lastFetchTimestampMs when it last answered or fetched from the leader (the leader's
     *     clock), or -1
     * @param lastCaughtUpTimestampMs when it last had everything the leader had (the leader's
     *     clock), or -1
     */
    public record ReplicaState(int replicaId, long logEndOffset, long lastFetchTimestampMs,
            long lastCaughtUpTimestampMs) {

        /** A replica of which nothing is known. */
        public static ReplicaState unknown(int replicaId) {
            return new ReplicaState(replicaId, -1, -1, -1);
        }
    }
}

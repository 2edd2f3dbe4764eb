package io.weir.broker.replica;

/**
 * What this broker is for one partition: its leader (with the state of its followers) or a
 * follower of another broker. Immutable records; the leader's {@link LeaderState} is mutable and
 * guarded by its {@link Partition}'s monitor.
 */
sealed interface ReplicaRole permits ReplicaRole.Leader, ReplicaRole.Follower {

    int leaderEpoch();

    /** This broker leads the partition. */
    record Leader(LeaderState state) implements ReplicaRole {
        @Override
        public int leaderEpoch() {
            return state.leaderEpoch();
        }
    }

    /** This broker follows {@code leaderId} ({@code -1}: no leader now) at {@code leaderEpoch}. */
    record Follower(int leaderId, int leaderEpoch, int partitionEpoch) implements ReplicaRole {}
}

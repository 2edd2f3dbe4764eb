package io.weir.broker.fetcher;

import io.weir.broker.replica.Partition;
import io.weir.metadata.Uuid;
import io.weir.storage.TopicPartitionKey;

/**
 * One partition a fetcher thread follows: the hosted partition, the leader epoch it follows at,
 * whether it must truncate before fetching, and until when it pauses after an error. A new leader
 * or epoch replaces the whole object, so a response to a request built from an older one is
 * recognised and dropped.
 *
 * <p>Thread-safety: guarded by the owning {@link ReplicaFetcherThread}'s lock.
 */
final class FetchState {
    final Partition partition;
    final int leaderId;
    final int leaderEpoch;
    boolean truncating = true;
    long delayedUntilMs;

    FetchState(Partition partition, int leaderId, int leaderEpoch) {
        this.partition = partition;
        this.leaderId = leaderId;
        this.leaderEpoch = leaderEpoch;
    }

    TopicPartitionKey key() {
        return partition.key();
    }

    Uuid topicId() {
        return partition.topicId();
    }

    boolean ready(long nowMs) {
        return nowMs >= delayedUntilMs;
    }

    @Override
    public String toString() {
        return partition.key() + " from " + leaderId + "@" + leaderEpoch + (truncating ? " (truncating)" : "");
    }
}

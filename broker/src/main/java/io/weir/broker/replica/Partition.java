package io.weir.broker.replica;

import io.weir.broker.concurrent.SerialExecutor;
import io.weir.metadata.Uuid;
import io.weir.storage.PartitionLog;
import io.weir.storage.TopicPartitionKey;
import java.util.Optional;

/**
 * One partition this broker hosts: its log, topic id, leader epoch and CreateTime bounds, plus the
 * lane its log operations run on, in submission order.
 *
 * <p>Thread-safety: immutable apart from the log (thread-safe itself); a new leader epoch replaces
 * the whole object in {@link ReplicaManager}.
 */
public final class Partition {
    private final TopicPartitionKey key;
    private final Uuid topicId;
    private final int leaderEpoch;
    private final PartitionLog log;
    private final TimestampLimits timestampLimits;
    private final SerialExecutor lane;

    Partition(TopicPartitionKey key, Uuid topicId, int leaderEpoch, PartitionLog log, TimestampLimits timestampLimits, SerialExecutor lane) {
        this.key = key;
        this.topicId = topicId;
        this.leaderEpoch = leaderEpoch;
        this.log = log;
        this.timestampLimits = timestampLimits;
        this.lane = lane;
    }

    public TopicPartitionKey key() {
        return key;
    }

    public Uuid topicId() {
        return topicId;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    public PartitionLog log() {
        return log;
    }

    public TimestampLimits timestampLimits() {
        return timestampLimits;
    }

    SerialExecutor lane() {
        return lane;
    }

    /**
     * KIP-320 fencing: an absent epoch (empty or -1) passes; an older one is FENCED_LEADER_EPOCH, a
     * newer one UNKNOWN_LEADER_EPOCH (this broker has not heard of it yet).
     */
    void checkCurrentLeaderEpoch(Optional<Integer> requestedEpoch) {
        if (requestedEpoch.isEmpty() || requestedEpoch.get() < 0) {
            return;
        }
        int requested = requestedEpoch.get();
        if (requested < leaderEpoch) {
            throw new ReplicaException(PartitionError.FENCED_LEADER_EPOCH,
                    key + ": epoch " + requested + " is older than the leader epoch " + leaderEpoch);
        }
        if (requested > leaderEpoch) {
            throw new ReplicaException(PartitionError.UNKNOWN_LEADER_EPOCH,
                    key + ": epoch " + requested + " is newer than the leader epoch " + leaderEpoch);
        }
    }

    @Override
    public String toString() {
        return key + "@" + leaderEpoch;
    }
}

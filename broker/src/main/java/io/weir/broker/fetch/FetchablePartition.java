package io.weir.broker.fetch;

import io.weir.metadata.Uuid;
import io.weir.storage.PartitionLog;
import io.weir.storage.TopicPartitionKey;
import java.util.Objects;

/**
 * One hosted partition as a fetch sees it. Immutable; the log itself is thread-safe for reads.
 *
 * @param key topic name and partition index
 * @param topicId the topic's id
 * @param leaderEpoch the partition's current leader epoch
 * @param isLeader whether this broker leads it (fetches from consumers and followers need that)
 * @param log the partition's log
 * @param highWatermarkSettled false while a new leader's high watermark is below the start of its
 *     leader epoch: consumers get OFFSET_NOT_AVAILABLE then (followers are served)
 * @param isFollower whether this broker follows it (a follower may serve consumers, KIP-392)
 */
public record FetchablePartition(TopicPartitionKey key, Uuid topicId, int leaderEpoch, boolean isLeader, PartitionLog log,
        boolean highWatermarkSettled, boolean isFollower) {
    public FetchablePartition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(topicId, "topicId");
        Objects.requireNonNull(log, "log");
    }

    /** A partition led here or not hosted as a follower. */
    public FetchablePartition(TopicPartitionKey key, Uuid topicId, int leaderEpoch, boolean isLeader, PartitionLog log,
            boolean highWatermarkSettled) {
        this(key, topicId, leaderEpoch, isLeader, log, highWatermarkSettled, false);
    }

    /** A partition whose high watermark is settled (or that is not led here). */
    public FetchablePartition(TopicPartitionKey key, Uuid topicId, int leaderEpoch, boolean isLeader, PartitionLog log) {
        this(key, topicId, leaderEpoch, isLeader, log, true);
    }
}

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
 */
public record FetchablePartition(TopicPartitionKey key, Uuid topicId, int leaderEpoch, boolean isLeader, PartitionLog log) {
    public FetchablePartition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(topicId, "topicId");
        Objects.requireNonNull(log, "log");
    }
}

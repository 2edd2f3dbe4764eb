package io.weir.broker.fetch;

import io.weir.metadata.Uuid;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The partitions this broker can serve fetches for, as the replica manager sees them. Implemented
 * by whoever hosts partitions (the replica manager); the fetch code only reads through it.
 *
 * <p>Implementations must be thread-safe: lookups come from event loops and the fetch executor.
 */
public interface FetchablePartitions {

    /** The partition {@code topic}-{@code partition} if this broker hosts it. */
    Optional<FetchablePartition> partition(String topic, int partition);

    /** The partition of the topic with id {@code topicId} if this broker hosts it. */
    Optional<FetchablePartition> partition(Uuid topicId, int partition);

    /**
     * A follower ({@code replicaId >= 0}) fetches {@code partition} as {@code fetch} says: the
     * leader records its fetch offset as the follower's log end before the fetch reads. Called once
     * per fetch request, not on re-reads of a waiting fetch. Must not block.
     */
    default void onFollowerFetch(int replicaId, FetchablePartition partition, PartitionFetch fetch) {}

    /**
     * KIP-392: whether consumers (Fetch v11+) may fetch from this broker's follower replicas; true
     * only with a replica selector configured. Leaders serve consumers either way.
     */
    default boolean followersServeConsumers() {
        return false;
    }

    /**
     * KIP-392: the replica a consumer in {@code clientRackId} fetching {@code partition} from
     * {@code fetchOffset} should fetch from instead of this leader, or empty to fetch here. Empty
     * unless a replica selector is configured. Must not block.
     */
    default OptionalInt preferredReadReplica(FetchablePartition partition, String clientRackId, long fetchOffset) {
        return OptionalInt.empty();
    }
}

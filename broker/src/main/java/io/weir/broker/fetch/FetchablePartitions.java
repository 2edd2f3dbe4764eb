package io.weir.broker.fetch;

import io.weir.metadata.Uuid;
import java.util.Optional;

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
}

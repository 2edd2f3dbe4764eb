package io.weir.broker.txn;

import io.weir.storage.TopicPartitionKey;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Told when a transaction's markers are written, before the coordinator records the transaction
 * as complete: the group coordinator materialises (commit) or drops (abort) the transaction's
 * pending TxnOffsetCommit offsets in the {@code __consumer_offsets} partitions among
 * {@code partitions}. Thread-safety: called from the coordinator's lanes; must not block.
 */
@FunctionalInterface
public interface TxnCompletionListener {

    /** Completes once the listener's side effects are durable. */
    CompletableFuture<Void> onMarkersWritten(long producerId, boolean commit, Collection<TopicPartitionKey> partitions);

    static TxnCompletionListener none() {
        return (producerId, commit, partitions) -> CompletableFuture.completedFuture(null);
    }
}

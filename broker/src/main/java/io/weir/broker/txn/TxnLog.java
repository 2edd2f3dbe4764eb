package io.weir.broker.txn;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where a shard's records go and come back from: the leader's {@code __transaction_state}
 * partition. Records of one append are written together (one batch), appends for one partition in
 * call order. Thread-safety: implementations must accept calls from any thread; {@link #load}
 * may block on disk and is called on a coordinator lane, never on a network thread.
 */
public interface TxnLog {

    /**
     * Appends the records and completes once they are committed; fails with a retriable error
     * (NOT_COORDINATOR when this node no longer leads the partition, COORDINATOR_NOT_AVAILABLE
     * otherwise). Completes on any thread.
     */
    CompletableFuture<Void> append(int partition, List<TxnRecord> records);

    /** Replays the partition's records into {@code sink}, in log order; answers how many were read. */
    long load(int partition, Consumer<TxnRecord> sink);
}

package io.weir.broker.group;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where a shard's records go: the leader's {@code __consumer_offsets} partition. Records of one
 * call are appended together (one batch), and calls for one partition are appended in call order.
 * Thread-safety: implementations must accept calls from any thread.
 */
public interface PartitionWriter {

    /**
     * Appends the records and completes once they are committed (a retriable {@link GroupException}
     * otherwise: NOT_COORDINATOR when this node no longer leads the partition,
     * COORDINATOR_NOT_AVAILABLE for other failures). Completes on any thread.
     *
     * @param partition the {@code __consumer_offsets} partition
     * @param records at least one record
     */
    CompletableFuture<Void> append(int partition, List<CoordinatorRecord> records);
}

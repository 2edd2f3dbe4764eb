package io.weir.storage.producer;

/**
 * A transaction closed by a marker on this partition. The log keeps the aborted ones in its
 * aborted-transactions index so that {@code read_committed} fetches can skip their records.
 *
 * @param producerId the producer whose transaction ended
 * @param firstOffset the offset of the transaction's first batch on this partition
 * @param lastOffset the offset of the marker that ended it
 * @param aborted whether the marker was an abort
 * @param lastStableOffset the last stable offset right after this transaction completed: the first
 *     offset of the oldest transaction still open by another producer, or {@code lastOffset + 1};
 *     the value Kafka's transaction index stores next to an aborted transaction
 */
public record CompletedTransaction(
        long producerId, long firstOffset, long lastOffset, boolean aborted, long lastStableOffset) {}

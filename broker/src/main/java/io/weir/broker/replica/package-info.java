/**
 * The partitions this broker hosts and the operations on them that the Kafka APIs need: append
 * (Produce, transactional batches included), transaction markers for the transaction coordinator
 * ({@code writeTxnMarkers}), offset lookups (ListOffsets; read_committed answers the last stable
 * offset), log start moves (DeleteRecords) and leader-epoch end offsets (OffsetForLeaderEpoch). Single node for now: this broker leads every partition it hosts
 * and the ISR is itself, so the high watermark follows the log end after each append.
 *
 * <p>Weir types only: the Kafka handlers in {@code io.weir.broker.handler} translate requests to
 * these calls and {@link io.weir.broker.replica.PartitionError} codes back to Kafka errors.
 */
package io.weir.broker.replica;

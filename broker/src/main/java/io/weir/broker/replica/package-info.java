/**
 * The partitions this broker hosts, as leader or follower, and the operations on them that the
 * Kafka APIs need: append (Produce, transactional batches included), transaction markers for the
 * transaction coordinator ({@code writeTxnMarkers}), offset lookups (ListOffsets; read_committed
 * answers the last stable offset), log start moves (DeleteRecords) and leader-epoch end offsets
 * (OffsetForLeaderEpoch).
 *
 * <p>Replication, leader side: follower fetch offsets ({@code LeaderState}), the high watermark
 * as the smallest log end of the ISR, acks=all produces waiting for it, and ISR changes proposed
 * through {@link io.weir.broker.replica.AlterPartitionSender}
 * ({@link io.weir.broker.replica.StoreAlterPartition} commits them to a metadata store). The
 * follower side, the replica fetcher, lives in {@code io.weir.broker.fetcher}.
 *
 * <p>Weir types only: the Kafka handlers in {@code io.weir.broker.handler} translate requests to
 * these calls and {@link io.weir.broker.replica.PartitionError} codes back to Kafka errors.
 */
package io.weir.broker.replica;

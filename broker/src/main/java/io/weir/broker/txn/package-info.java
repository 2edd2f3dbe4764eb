/**
 * The transaction coordinator (KIP-98, with KIP-360 epoch bumps and KIP-890 part 2's epoch bump on
 * every transaction for clients that end transactions at EndTxn v5, transaction version 2).
 *
 * <p>This package owns: the per-partition state machine ({@link io.weir.broker.txn.TxnShard}, one
 * per partition of {@code __transaction_state} this node leads), the transaction metadata it keeps
 * ({@link io.weir.broker.txn.TxnMetadata}) and the binary format of its records in that topic
 * ({@link io.weir.broker.txn.TxnRecordCodec}), the small interfaces through which it writes its
 * records, writes transaction markers and waits ({@link io.weir.broker.txn.TxnLog},
 * {@link io.weir.broker.txn.TxnMarkerWriter}, the group package's
 * {@link io.weir.broker.group.CoordinatorTimer}), and the facade the API handlers call
 * ({@link io.weir.broker.txn.TransactionCoordinator}), which runs each shard on its own serial lane.
 *
 * <p>It also owns the partition leader's side of KIP-890: {@link io.weir.broker.txn.TxnProduceVerifier}
 * adds a transactional batch's partition to its producer's transaction (transaction version 2) or
 * checks that the producer added it (version 1) before the batch is appended, through
 * {@link io.weir.broker.txn.TxnPartitionRegistrar} ({@link io.weir.broker.txn.LocalTxnPartitionRegistrar}
 * when the coordinator is this node).
 *
 * <p>On a cluster it owns the inter-broker side of transactions:
 * {@link io.weir.broker.txn.ClusterTxnMarkerWriter} sends WriteTxnMarkers to the leaders of a
 * transaction's partitions, {@link io.weir.broker.txn.LeaderTxnMarkerWriter} writes them on the
 * leader and completes transactional offsets there, and
 * {@link io.weir.broker.txn.ClusterTxnPartitionRegistrar} sends AddPartitionsToTxn to a remote
 * coordinator, through {@link io.weir.broker.txn.TxnBrokerRequests} (implemented in the handler
 * package) over {@link io.weir.broker.txn.CoordinatorClients} (one connection per broker).
 *
 * <p>It speaks only Weir types; the handler package translates Kafka's messages, both ways. It reuses the group
 * coordinator's machinery (lanes, timers, record batches, replay, topic creation, leadership).
 */
package io.weir.broker.txn;

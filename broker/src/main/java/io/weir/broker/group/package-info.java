/**
 * The group coordinator for the classic consumer group protocol (JoinGroup, SyncGroup, Heartbeat,
 * LeaveGroup) and committed offsets.
 *
 * <p>This package owns: the per-partition state machine ({@link io.weir.broker.group.GroupShard},
 * one per partition of {@code __consumer_offsets} this node leads), the binary format of the
 * records it keeps in that topic ({@link io.weir.broker.group.RecordCodec}), the small interfaces
 * through which it writes, loads and waits ({@link io.weir.broker.group.PartitionWriter},
 * {@link io.weir.broker.group.CoordinatorLoader}, {@link io.weir.broker.group.CoordinatorTimer}),
 * and the facade the API handlers call ({@link io.weir.broker.group.GroupCoordinator}), which runs
 * each shard on its own serial lane.
 *
 * <p>It speaks only Weir types: the handlers translate Kafka's messages. The consumer protocol
 * (KIP-848) is a later, separate state machine next to the classic one; the record format keeps
 * room for it (record types are versioned keys).
 */
package io.weir.broker.group;

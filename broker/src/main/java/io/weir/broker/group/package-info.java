/**
 * The group coordinator for the classic consumer group protocol (JoinGroup, SyncGroup, Heartbeat,
 * LeaveGroup), the consumer rebalance protocol of KIP-848 (ConsumerGroupHeartbeat,
 * ConsumerGroupDescribe) and committed offsets.
 *
 * <p>This package owns: the per-partition state machine ({@link io.weir.broker.group.GroupShard},
 * one per partition of {@code __consumer_offsets} this node leads), the binary format of the
 * records it keeps in that topic ({@link io.weir.broker.group.RecordCodec}), the small interfaces
 * through which it writes, loads and waits ({@link io.weir.broker.group.PartitionWriter},
 * {@link io.weir.broker.group.CoordinatorLoader}, {@link io.weir.broker.group.CoordinatorTimer}),
 * and the facade the API handlers call ({@link io.weir.broker.group.GroupCoordinator}), which runs
 * each shard on its own serial lane.
 *
 * <p>It speaks only Weir types: the handlers translate Kafka's messages. The consumer protocol is a
 * separate state machine next to the classic one ({@link io.weir.broker.group.ConsumerMembership},
 * its reconciliation step {@link io.weir.broker.group.Reconciler} and the server-side assignors
 * {@link io.weir.broker.group.UniformAssignor} and {@link io.weir.broker.group.RangeAssignor}, and
 * broker-side regex subscriptions {@link io.weir.broker.group.TopicRegexes}), with record key types
 * of its own. A group id belongs to one protocol at a time; a group with members moves between the
 * two online ({@link io.weir.broker.group.GroupMigration}), and the classic members of a consumer
 * group are served by {@link io.weir.broker.group.ClassicConsumerGroupMembership}, which reads and
 * writes the embedded consumer protocol's bytes ({@link io.weir.broker.group.ConsumerProtocolBytes}).
 *
 * <p>Settings: the node's ({@link io.weir.broker.group.GroupConfig}, {@link
 * io.weir.broker.group.ConsumerGroupConfig}), and each consumer group's own session timeout and
 * heartbeat interval (Kafka's group configs), which the shards read through {@link
 * io.weir.broker.group.ConsumerGroupOverrides.Lookup} from the current metadata image at each use.
 */
package io.weir.broker.group;

/**
 * Topic management on the broker: turning CreateTopics, DeleteTopics, CreatePartitions and topic
 * auto-creation into metadata records committed to the {@code MetadataStore}, and
 * registering this broker in the metadata at start.
 *
 * <p>Owns: {@link io.weir.broker.topic.TopicManager} (validation, placement, commits, one batch per
 * topic), {@code ReplicaPlacement} (rack-aware placement of new partitions),
 * {@link io.weir.broker.topic.PartitionAdmin} (leader elections and reassignments, sent to the
 * active controller), {@link io.weir.broker.topic.BrokerRegistrar} (a single node's RegisterBrokerRecord),
 * {@link io.weir.broker.topic.BrokerLifecycle} (a cluster broker's registration, heartbeats and
 * controlled shutdown with the active controller),
 * {@link io.weir.broker.topic.BrokerIdentity} and {@link io.weir.broker.topic.TopicDefaults} (what
 * the server configuration gives), and the two seams to the configuration registry,
 * {@link io.weir.broker.topic.TopicConfigValidator} and
 * {@link io.weir.broker.topic.TopicConfigDescriber}.
 *
 * <p>Pure domain logic: no kafka-clients types (the handlers in {@code io.weir.broker.handler}
 * translate), no storage. Creating a topic only commits records; the partition folders follow
 * from a metadata listener the server wires to the log manager.
 *
 * <p>Per-entry failures are {@link io.weir.broker.topic.TopicError} values, each mapped to exactly
 * one Kafka error code by the handlers.
 */
package io.weir.broker.topic;

/**
 * Topic, group and broker configuration as DescribeConfigs, AlterConfigs, IncrementalAlterConfigs
 * and ListConfigResources see it, and the way topic overrides reach the partition logs.
 *
 * <p>Owns: {@link io.weir.broker.config.ConfigManager} (describe with sources and synonyms;
 * validate and commit overrides to the metadata store as {@code ConfigRecord}s, one atomic batch
 * per resource), the per-type rules it applies (topics must exist and suit the partition logs;
 * groups, Kafka's group configs of KIP-848, need not exist and stay within the node's
 * {@code group.consumer.*} bounds) and {@link io.weir.broker.config.TopicLogConfigs} (the pure
 * mapping from a node's configuration plus a topic's overrides to a {@code LogConfig}, which the
 * broker's partition publisher applies to the logs whenever a topic's overrides change). The group
 * coordinator reads group overrides from the image itself, at each heartbeat.
 *
 * <p>Where values come from: topic and group overrides live in the metadata image's
 * configurations; node values and defaults come from the configuration registry ({@code
 * io.weir.metadata.config}). Broker configurations are static: Weir does not change them over the
 * wire yet.
 *
 * <p>This package names Weir types only; the per-API handlers translate to and from the wire.
 */
package io.weir.broker.config;

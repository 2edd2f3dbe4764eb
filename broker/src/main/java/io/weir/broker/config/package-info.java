/**
 * Topic and broker configuration as DescribeConfigs, AlterConfigs and IncrementalAlterConfigs see
 * it, and the way topic overrides reach the partition logs.
 *
 * <p>Owns: {@link io.weir.broker.config.ConfigManager} (describe with sources and synonyms;
 * validate and commit overrides to the metadata store as {@code ConfigRecord}s, one atomic batch
 * per resource) and {@link io.weir.broker.config.TopicLogConfigs} (the pure mapping from a
 * node's configuration plus a topic's overrides to a {@code LogConfig}, which the broker's
 * partition publisher applies to the logs whenever a topic's overrides change).
 *
 * <p>Where values come from: topic overrides live in the metadata image's configurations; node
 * values and defaults come from the configuration registry ({@code io.weir.metadata.config}).
 * Broker configurations are static: Weir does not change them over the wire yet.
 *
 * <p>This package names Weir types only; the per-API handlers translate to and from the wire.
 */
package io.weir.broker.config;

/**
 * The configuration registry: every key Weir accepts, with its type, default, validator, importance
 * and documentation, for the node ({@link io.weir.metadata.config.BrokerConfigs}) and for topics
 * ({@link io.weir.metadata.config.TopicConfigs}).
 *
 * <p>This package owns parsing and validating configuration (from a properties file plus
 * {@code key=value} overrides), the typed node configuration {@link
 * io.weir.metadata.config.BrokerConfig}, the resolution of a topic's effective values (topic
 * override, then broker value, then default, each with its source, as DescribeConfigs reports it),
 * and the generated reference documentation. Key names are Kafka's wherever the meaning is the
 * same. Everything here is immutable and safe to share between threads.
 */
package io.weir.metadata.config;

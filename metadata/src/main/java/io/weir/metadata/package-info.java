/**
 * The cluster model shared by broker and controller: identifiers ({@link io.weir.metadata.Uuid}),
 * topic name rules ({@link io.weir.metadata.TopicNames}) and the exceptions for bad metadata.
 *
 * <p>Sub-packages: {@code record} (the records that change the model and their binary form),
 * {@code image} (the immutable image and the delta that applies records to it), {@code store}
 * (single-node persistence of records in a local log with snapshots), {@code config} (the
 * configuration registry). Pure Java: no dependency on Kafka's libraries.
 */
package io.weir.metadata;

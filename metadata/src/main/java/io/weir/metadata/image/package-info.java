/**
 * The immutable image of the cluster model ({@link io.weir.metadata.image.MetadataImage} and its
 * parts: brokers, topics and partitions, configuration overrides, producer ids, features) and
 * the {@link io.weir.metadata.image.MetadataDelta} that validates records and builds the next
 * image from them.
 */
package io.weir.metadata.image;

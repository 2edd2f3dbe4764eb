/**
 * Single-node persistence of metadata records: {@link io.weir.metadata.store.LocalMetadataStore}
 * keeps a local log of committed batches and snapshots of the image, and tells
 * {@link io.weir.metadata.store.MetadataListener}s about every commit. The replicated controller
 * will later carry the same records in its own log.
 */
package io.weir.metadata.store;

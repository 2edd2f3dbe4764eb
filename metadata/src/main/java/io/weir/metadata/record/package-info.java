/**
 * The records that change the cluster model ({@link io.weir.metadata.record.MetadataRecord} and
 * its implementations) and their versioned binary form
 * ({@link io.weir.metadata.record.MetadataRecordCodec}). The same bytes serve the local metadata
 * log and, later, the controller's replicated log.
 */
package io.weir.metadata.record;

/**
 * Producer id allocation for InitProducerId: ids are reserved in blocks recorded in the metadata
 * log ({@link io.weir.metadata.record.ProducerIdsRecord}) before any id of a block is handed out,
 * so an id is never handed out twice, also across restarts.
 */
package io.weir.broker.producer;

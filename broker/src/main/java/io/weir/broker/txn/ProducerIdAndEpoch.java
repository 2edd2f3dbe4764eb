package io.weir.broker.txn;

/** A producer id and epoch handed to a transactional producer (InitProducerId, EndTxn v5). */
public record ProducerIdAndEpoch(long producerId, short epoch) {}

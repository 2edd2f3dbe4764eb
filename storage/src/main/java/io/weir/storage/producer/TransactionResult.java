package io.weir.storage.producer;

/** The outcome a transaction marker (a control batch) records for a producer's open transaction. */
public enum TransactionResult {
    COMMIT,
    ABORT
}

package io.weir.broker.txn;

import java.util.Objects;
import java.util.Optional;

/**
 * One record of {@code __transaction_state}: the latest metadata of a transactional id, or a
 * tombstone (empty) when the id expired. Compaction keeps the latest record per id. Binary format
 * in {@link TxnRecordCodec}. Immutable.
 */
public record TxnRecord(String transactionalId, Optional<TxnMetadata> value) {
    public TxnRecord {
        Objects.requireNonNull(transactionalId, "transactionalId");
        Objects.requireNonNull(value, "value");
    }

    static TxnRecord of(TxnMetadata metadata) {
        return new TxnRecord(metadata.transactionalId(), Optional.of(metadata));
    }
}

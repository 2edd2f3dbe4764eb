package io.weir.storage.producer;

import java.util.Objects;

/**
 * The content of an end-transaction control record: commit or abort, and the epoch of the
 * transaction coordinator that wrote it (used to fence markers from a deposed coordinator).
 *
 * @param result commit or abort
 * @param coordinatorEpoch the coordinator epoch from the control record's value
 */
public record TransactionMarker(TransactionResult result, int coordinatorEpoch) {
    public TransactionMarker {
        Objects.requireNonNull(result, "result");
    }

    public boolean isAbort() {
        return result == TransactionResult.ABORT;
    }
}

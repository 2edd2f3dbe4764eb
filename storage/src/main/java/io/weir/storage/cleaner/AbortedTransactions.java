package io.weir.storage.cleaner;

import io.weir.storage.AbortedTxn;
import io.weir.storage.RecordBatchView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The aborted transactions of the part of a log one cleaning pass reads, from the log's
 * aborted-transaction index, by producer id: tells whether a transactional batch belongs to an
 * aborted transaction (its producer aborted a transaction whose first offset is at or below the
 * batch and whose ABORT marker is above it). Everything the cleaner reads lies below the last
 * stable offset, so a transactional batch that is not aborted is committed. Immutable.
 */
final class AbortedTransactions {
    private final Map<Long, List<AbortedTxn>> byProducer = new HashMap<>();

    AbortedTransactions(List<AbortedTxn> aborted) {
        aborted.forEach(txn -> byProducer.computeIfAbsent(txn.producerId(), id -> new ArrayList<>()).add(txn));
    }

    /** Whether {@code batch}, a transactional data batch, belongs to an aborted transaction. */
    boolean isAborted(RecordBatchView batch) {
        List<AbortedTxn> ofProducer = byProducer.get(batch.producerId());
        if (ofProducer == null) {
            return false;
        }
        long offset = batch.baseOffset();
        return ofProducer.stream().anyMatch(txn -> txn.firstOffset() <= offset && offset < txn.lastOffset());
    }
}

package io.weir.storage.cleaner;

import io.weir.storage.RecordBatchView;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Decides, batch by batch, what a cleaning pass writes back. A record is kept when its key's
 * latest offset in the {@link OffsetMap} is not above its own (it is the latest, or newer than
 * what the map covers); a record without a key is dropped (it cannot be compacted; compacted
 * topics refuse them on produce); a tombstone is dropped once its batch's delete horizon has
 * passed, and a batch keeping a tombstone gets a horizon of now + {@code delete.retention.ms}
 * (KIP-534) the first time.
 *
 * <p>Transactions, as Kafka's cleaner treats them: the records of an aborted transaction
 * ({@link AbortedTransactions}) are all removed; a committed transaction's records are compacted
 * like any others. A transaction marker (control batch) stays while a batch of its transaction is
 * still in the log (the producer state replayed after a restart would otherwise see a transaction
 * that never ends); once none is, it gets a delete horizon of now + {@code delete.retention.ms}
 * and is removed by the first pass after it, so that a read_committed consumer that was reading
 * the transaction still sees how it ended. The entry of an aborted transaction in the
 * aborted-transaction index goes as soon as none of its batches is left
 * ({@link #takeDroppedAbortMarkers}), before its marker: an entry without its marker would make
 * consumers skip that producer's later, committed batches, while a marker without its entry is
 * harmless once the aborted records are gone. The entry leaves with the cleaned segment that
 * holds the marker, installed after the segments that held the records, so a crash in between
 * leaves an entry with its marker, never aborted records without their entry.
 *
 * <p>Kept as they are: any batch from which nothing is removed and no horizon must be set (copied
 * byte for byte). A batch
 * left with no records is dropped, except an idempotent producer's latest batch, which becomes an
 * empty batch with the same offsets, producer id, epoch and base sequence, as Kafka does: the
 * producer state rebuilt by replaying the log after a restart then still knows the producer's
 * last sequence, so a retry of it is still recognised as a duplicate and the next sequence is
 * accepted.
 *
 * <p>Thread-safety: none; one per pass.
 */
final class BatchFilter {
    private final OffsetMap map;
    private final long nowMs;
    private final long deleteRetentionMs;
    private final Map<Long, Long> producerLastBatchOffsets;
    private final AbortedTransactions aborted;
    /** Producers with a transactional batch written since their last marker, in this pass. */
    private final Set<Long> openTransactionsWritten = new HashSet<>();
    private final Set<Long> droppedAbortMarkers = new HashSet<>();
    private long recordsRead;
    private long recordsKept;
    private long pendingHorizonMs = Long.MAX_VALUE;

    BatchFilter(OffsetMap map, long nowMs, long deleteRetentionMs, Map<Long, Long> producerLastBatchOffsets) {
        this(map, nowMs, deleteRetentionMs, producerLastBatchOffsets, new AbortedTransactions(List.of()));
    }

    BatchFilter(OffsetMap map, long nowMs, long deleteRetentionMs, Map<Long, Long> producerLastBatchOffsets,
            AbortedTransactions aborted) {
        this.map = map;
        this.nowMs = nowMs;
        this.deleteRetentionMs = deleteRetentionMs;
        this.producerLastBatchOffsets = producerLastBatchOffsets;
        this.aborted = aborted;
    }

    /**
     * The bytes to write for {@code batch} (possibly a view of it), or empty to drop it. Batches
     * must be given in offset order, from the log start.
     */
    Optional<ByteBuffer> filter(RecordBatchView batch) {
        if (batch.isControl()) {
            return filterMarker(batch);
        }
        Optional<ByteBuffer> out = batch.isTransactional() && aborted.isAborted(batch) ? dropAborted(batch) : filterRecords(batch);
        if (batch.isTransactional() && out.isPresent()) {
            openTransactionsWritten.add(batch.producerId());
        }
        return out;
    }

    private Optional<ByteBuffer> dropAborted(RecordBatchView batch) {
        recordsRead += RecordBatchCodec.records(batch).size();
        return isProducersLastBatch(batch) ? Optional.of(RecordBatchCodec.emptyBatch(batch)) : Optional.empty();
    }

    /** A marker stays while its transaction has a batch in the log, then for delete.retention.ms. */
    private Optional<ByteBuffer> filterMarker(RecordBatchView batch) {
        if (openTransactionsWritten.remove(batch.producerId())) {
            return Optional.of(batch.bytes());
        }
        if (isAbortMarker(batch)) {
            droppedAbortMarkers.add(batch.baseOffset());
        }
        OptionalLong horizon = RecordBatchCodec.deleteHorizonMs(batch);
        if (horizon.isPresent() && nowMs >= horizon.getAsLong()) {
            return Optional.empty();
        }
        long horizonMs = horizon.orElse(saturatedAdd(nowMs, deleteRetentionMs));
        pendingHorizonMs = Math.min(pendingHorizonMs, horizonMs);
        return horizon.isPresent()
                ? Optional.of(batch.bytes())
                : Optional.of(RecordBatchCodec.rewrite(batch, RecordBatchCodec.records(batch), OptionalLong.of(horizonMs)));
    }

    /** The control record's key is a version (int16) then a type (int16): 0 ABORT, 1 COMMIT. */
    private static boolean isAbortMarker(RecordBatchView batch) {
        List<LogRecord> records = RecordBatchCodec.records(batch);
        return !records.isEmpty() && records.get(0).key().map(key -> key.remaining() >= 4 && key.getShort(key.position() + 2) == 0)
                .orElse(false);
    }

    /**
     * The offsets of the ABORT markers whose transactions have no batch left, since the last call:
     * their entries leave the aborted-transaction index with the cleaned segment.
     */
    Set<Long> takeDroppedAbortMarkers() {
        Set<Long> taken = Set.copyOf(droppedAbortMarkers);
        droppedAbortMarkers.clear();
        return taken;
    }

    private Optional<ByteBuffer> filterRecords(RecordBatchView batch) {
        List<LogRecord> records = RecordBatchCodec.records(batch);
        recordsRead += records.size();
        OptionalLong horizon = RecordBatchCodec.deleteHorizonMs(batch);
        boolean horizonPassed = horizon.isPresent() && nowMs >= horizon.getAsLong();
        List<LogRecord> kept = new ArrayList<>(records.size());
        boolean keptTombstone = false;
        for (LogRecord record : records) {
            if (shouldKeep(record, horizonPassed)) {
                kept.add(record);
                keptTombstone |= record.isTombstone();
            }
        }
        recordsKept += kept.size();
        OptionalLong newHorizon = keptTombstone
                ? OptionalLong.of(horizon.orElse(saturatedAdd(nowMs, deleteRetentionMs))) : OptionalLong.empty();
        if (newHorizon.isPresent()) {
            pendingHorizonMs = Math.min(pendingHorizonMs, newHorizon.getAsLong());
        }
        if (kept.size() == records.size() && newHorizon.equals(horizon)) {
            return Optional.of(batch.bytes());
        }
        if (kept.isEmpty()) {
            return isProducersLastBatch(batch) ? Optional.of(RecordBatchCodec.emptyBatch(batch)) : Optional.empty();
        }
        return Optional.of(RecordBatchCodec.rewrite(batch, kept, newHorizon));
    }

    private boolean shouldKeep(LogRecord record, boolean horizonPassed) {
        if (record.key().isEmpty()) {
            return false;
        }
        long latest = map.latestOffset(record.key().get());
        if (latest != OffsetMap.ABSENT && latest > record.offset()) {
            return false;
        }
        return !(record.isTombstone() && horizonPassed);
    }

    private boolean isProducersLastBatch(RecordBatchView batch) {
        if (batch.producerId() < 0) {
            return false;
        }
        Long last = producerLastBatchOffsets.get(batch.producerId());
        return last != null && last == batch.lastOffset();
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    long recordsRead() {
        return recordsRead;
    }

    long recordsKept() {
        return recordsKept;
    }

    /** The earliest delete horizon of a kept tombstone, empty if none was kept. */
    OptionalLong pendingHorizonMs() {
        return pendingHorizonMs == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(pendingHorizonMs);
    }
}

package io.weir.storage.cleaner;

import io.weir.storage.RecordBatchView;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides, batch by batch, what a cleaning pass writes back. A record is kept when its key's
 * latest offset in the {@link OffsetMap} is not above its own (it is the latest, or newer than
 * what the map covers); a record without a key is dropped (it cannot be compacted; compacted
 * topics refuse them on produce); a tombstone is dropped once its batch's delete horizon has
 * passed, and a batch keeping a tombstone gets a horizon of now + {@code delete.retention.ms}
 * (KIP-534) the first time.
 *
 * <p>Kept as they are: control batches and transactional batches (transactions are not yet
 * offered, so nothing aborted can be in the log; their markers and records stay whole), and any
 * batch from which nothing is removed and no horizon must be set (copied byte for byte). A batch
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
    private long recordsRead;
    private long recordsKept;
    private long pendingHorizonMs = Long.MAX_VALUE;

    BatchFilter(OffsetMap map, long nowMs, long deleteRetentionMs, Map<Long, Long> producerLastBatchOffsets) {
        this.map = map;
        this.nowMs = nowMs;
        this.deleteRetentionMs = deleteRetentionMs;
        this.producerLastBatchOffsets = producerLastBatchOffsets;
    }

    /** The bytes to write for {@code batch} (possibly a view of it), or empty to drop it. */
    Optional<ByteBuffer> filter(RecordBatchView batch) {
        if (batch.isControl() || batch.isTransactional()) {
            return Optional.of(batch.bytes());
        }
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

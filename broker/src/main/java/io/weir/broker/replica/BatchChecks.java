package io.weir.broker.replica;

import io.weir.storage.RecordBatchView;
import io.weir.storage.TimestampType;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The produce checks the log does not make itself: the KIP-937 CreateTime bounds. Structure, CRC,
 * magic, sizes and the producer state (sequences, epochs, transaction state) are checked by the
 * log's own append. Transactional batches are accepted as the producer state allows; Weir does not
 * yet verify with the transaction coordinator that the partition was added to the transaction
 * (KIP-890 part 1).
 *
 * <p>CreateTime bounds (KIP-937) are checked per record in uncompressed batches. Compressed batches
 * are not decompressed (they are stored as produced): their first record timestamp (baseTimestamp)
 * and maxTimestamp from the header are checked, so a record in the middle of a compressed batch
 * that is older than both is not caught. Thread-safety: stateless.
 */
final class BatchChecks {
    private static final int NO_COMPRESSION = 0;
    private static final int ZSTD_CODEC = 4;

    private BatchChecks() {}

    /** A failed check: the error and, for timestamps, the offending record's index. */
    record Failure(PartitionError error, String message, Optional<ProduceResult.RecordError> recordError) {}

    /**
     * Produce v3+ carries exactly one batch per partition (Kafka refuses more or none with
     * INVALID_RECORD) and zstd only from v7 (KIP-110).
     */
    static Optional<Failure> checkShape(ByteBuffer records, boolean zstdAllowed) {
        Iterator<RecordBatchView> it = RecordBatchView.batches(records.duplicate());
        if (!it.hasNext()) {
            return Optional.of(new Failure(PartitionError.INVALID_RECORD, "a partition must carry one record batch", Optional.empty()));
        }
        RecordBatchView batch = it.next();
        if (batch.magic() == RecordBatchView.MAGIC_V2 && batch.compressionCodec() == ZSTD_CODEC && !zstdAllowed) {
            return Optional.of(new Failure(PartitionError.UNSUPPORTED_COMPRESSION_TYPE,
                    "zstd needs produce version 7 or later", Optional.empty()));
        }
        if (it.hasNext()) {
            return Optional.of(new Failure(PartitionError.INVALID_RECORD, "a partition may carry only one record batch", Optional.empty()));
        }
        return Optional.empty();
    }

    static Optional<Failure> check(ByteBuffer records, TimestampType timestampType, TimestampLimits limits, long nowMs) {
        int recordIndex = 0;
        for (Iterator<RecordBatchView> it = RecordBatchView.batches(records.duplicate()); it.hasNext(); ) {
            RecordBatchView batch = it.next();
            if (batch.magic() != RecordBatchView.MAGIC_V2) {
                return Optional.empty(); // the log refuses it with the right code
            }
            if (timestampType == TimestampType.CREATE_TIME) {
                Optional<Failure> failure = checkTimestamps(batch, new LimitsAt(limits, nowMs), recordIndex);
                if (failure.isPresent()) {
                    return failure;
                }
            }
            recordIndex += Math.max(0, batch.recordsCount());
        }
        return Optional.empty();
    }

    private static Optional<Failure> checkTimestamps(RecordBatchView batch, LimitsAt limits, int recordIndex) {
        if (batch.compressionCodec() == NO_COMPRESSION) {
            OptionalInt rejected = RecordTimestamps.firstRejected(batch, limits::accepts);
            if (rejected.isPresent()) {
                return Optional.of(limits.failure(recordIndex + rejected.getAsInt()));
            }
            return Optional.empty();
        }
        // Compressed: the header's first and largest timestamps, without decompressing.
        for (long timestampMs : new long[] {batch.baseTimestamp(), batch.maxTimestamp()}) {
            if (!limits.accepts(timestampMs)) {
                return Optional.of(limits.failure(recordIndex));
            }
        }
        return Optional.empty();
    }

    /** The CreateTime bounds at one instant. */
    private record LimitsAt(TimestampLimits limits, long nowMs) {
        boolean accepts(long timestampMs) {
            return timestampMs < 0 || limits.accepts(timestampMs, nowMs);
        }

        Failure failure(int recordIndex) {
            String message = "timestamp of record " + recordIndex + " is out of the range allowed now ["
                    + (limits.beforeMaxMs() == Long.MAX_VALUE ? "any" : String.valueOf(nowMs - limits.beforeMaxMs())) + ", "
                    + (nowMs + limits.afterMaxMs()) + "]";
            return new Failure(PartitionError.INVALID_TIMESTAMP, message, Optional.of(new ProduceResult.RecordError(recordIndex, message)));
        }
    }
}

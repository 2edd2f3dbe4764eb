package io.weir.storage;

import io.weir.storage.producer.ProducerBatch;
import io.weir.storage.producer.TransactionMarker;
import io.weir.storage.producer.TransactionResult;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Turns stored or incoming v2 batch headers into the {@link ProducerBatch} values the producer state
 * works on. Data batches need only the 61-byte header. A control batch also needs its first record,
 * an end-transaction marker (control batches are never compressed): key = version int16, type int16
 * (0 abort, 1 commit); value = version int16, coordinatorEpoch int32. Thread-safety: stateless.
 */
final class ProducerBatches {
    private static final short ABORT = 0;
    private static final short COMMIT = 1;

    private ProducerBatches() {}

    /** A client batch (never a control batch), with the max timestamp the log will store. */
    static ProducerBatch fromProducer(RecordBatchView batch, long maxTimestampMs) {
        return ProducerBatch.data(batch.producerId(), batch.producerEpoch(), batch.baseSequence(),
                batch.lastOffsetDelta(), maxTimestampMs, batch.isTransactional());
    }

    /** Whether the producer state needs the whole batch, not only its header, to apply it. */
    static boolean needsRecords(RecordBatchView header) {
        return header.isControl() && header.producerId() >= 0;
    }

    /**
     * A batch already in the log (follower append, replay). Empty for batches the producer state
     * ignores: a control batch without records (compacted) or one that is not a transaction marker.
     * For a control batch with a producer id, {@code batch} must hold the whole batch.
     */
    static Optional<ProducerBatch> fromStored(RecordBatchView batch) {
        if (!batch.isControl()) {
            if (batch.producerId() < 0) {
                return Optional.empty();
            }
            return Optional.of(fromProducer(batch, batch.maxTimestamp()));
        }
        if (batch.producerId() < 0 || batch.recordsCount() <= 0 || batch.compressionCodec() != 0) {
            return Optional.empty();
        }
        return marker(batch).map(marker ->
                ProducerBatch.marker(batch.producerId(), batch.producerEpoch(), marker, batch.maxTimestamp()));
    }

    private static Optional<TransactionMarker> marker(RecordBatchView batch) {
        ByteBuffer records = batch.bytes().position(RecordBatchView.HEADER_BYTES);
        try {
            BatchRecords.readVarint(records); // record length
            records.get(); // attributes
            BatchRecords.readVarlong(records); // timestamp delta
            BatchRecords.readVarint(records); // offset delta
            int keyLength = BatchRecords.readVarint(records);
            if (keyLength < 4) {
                return Optional.empty();
            }
            int keyEnd = records.position() + keyLength;
            records.getShort(); // key version
            short type = records.getShort();
            records.position(keyEnd);
            int valueLength = BatchRecords.readVarint(records);
            if (valueLength < 6 || (type != ABORT && type != COMMIT)) {
                return Optional.empty();
            }
            records.getShort(); // value version
            int coordinatorEpoch = records.getInt();
            TransactionResult result = type == ABORT ? TransactionResult.ABORT : TransactionResult.COMMIT;
            return Optional.of(new TransactionMarker(result, coordinatorEpoch));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

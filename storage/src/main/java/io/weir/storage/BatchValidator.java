package io.weir.storage;

import io.weir.storage.errors.InvalidRecordException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Walks the batches of an append and applies the checks of {@link RecordBatchView}. A partial
 * trailing batch is not an error: like Kafka, the append keeps the complete batches before it and
 * reports the bytes it kept. Thread-safety: stateless.
 */
final class BatchValidator {
    private BatchValidator() {}

    /** Every complete batch, each passing {@link RecordBatchView#validateFromProducer}. */
    static List<RecordBatchView> fromProducer(ByteBuffer buffer, int maxMessageBytes) {
        List<RecordBatchView> batches = new ArrayList<>();
        for (Iterator<RecordBatchView> it = RecordBatchView.batches(buffer); it.hasNext(); ) {
            RecordBatchView batch = it.next();
            batch.validateFromProducer(maxMessageBytes);
            batches.add(batch);
        }
        return batches;
    }

    /**
     * Every complete batch of a coordinator's append (markers, transactional offset commits): each
     * passing {@link RecordBatchView#validate}, with a positive record count matching its last
     * offset delta; control batches are allowed.
     */
    static List<RecordBatchView> fromCoordinator(ByteBuffer buffer) {
        List<RecordBatchView> batches = new ArrayList<>();
        for (Iterator<RecordBatchView> it = RecordBatchView.batches(buffer); it.hasNext(); ) {
            RecordBatchView batch = it.next();
            batch.validate();
            if (batch.recordsCount() <= 0 || (long) batch.lastOffsetDelta() + 1 != batch.recordsCount()) {
                throw new InvalidRecordException("coordinator batch with " + batch.recordsCount()
                        + " records and lastOffsetDelta " + batch.lastOffsetDelta());
            }
            batches.add(batch);
        }
        return batches;
    }

    /** Every complete batch, each passing {@link RecordBatchView#validate}. */
    static List<RecordBatchView> fromLeader(ByteBuffer buffer) {
        List<RecordBatchView> batches = new ArrayList<>();
        for (Iterator<RecordBatchView> it = RecordBatchView.batches(buffer); it.hasNext(); ) {
            RecordBatchView batch = it.next();
            batch.validate();
            batches.add(batch);
        }
        return batches;
    }

    /** Bytes from the buffer's position to the end of the last batch. */
    static int validBytes(ByteBuffer buffer, List<RecordBatchView> batches) {
        if (batches.isEmpty()) {
            return 0;
        }
        RecordBatchView last = batches.get(batches.size() - 1);
        return last.position() + last.sizeInBytes() - buffer.position();
    }
}

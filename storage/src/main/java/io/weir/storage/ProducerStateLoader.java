package io.weir.storage;

import io.weir.storage.producer.CompletedTransaction;
import io.weir.storage.producer.ProducerStateManager;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Rebuilds a partition's producer state from its segments: the newest producer-state snapshot at or
 * below the log end, then every batch from the snapshot's offset (or the first segment) to the log
 * end, read header by header (61 bytes each; the whole batch only for transaction markers).
 * Thread-safety: none; the partition log calls it under its writer lock (or at open, before the log
 * is published).
 */
final class ProducerStateLoader {
    private ProducerStateLoader() {}

    /**
     * What a reload did: the offset replay started from, the batches replayed, and the transactions
     * their markers completed (the aborted ones belong in the transaction index).
     */
    record Replay(long fromOffset, int batches, List<CompletedTransaction> completed) {}

    /**
     * Reloads {@code producerState} for a log whose segments end at {@code logEndOffset}: drops the
     * snapshots above it, loads the newest at or below it and replays the batches after it.
     */
    static Replay reload(ProducerStateManager producerState, NavigableMap<Long, LogSegment> segments, long logEndOffset)
            throws IOException {
        OptionalLong snapshot = producerState.truncateAndReload(logEndOffset);
        long from = Math.max(snapshot.orElse(0L), segments.firstKey());
        List<CompletedTransaction> completed = new ArrayList<>();
        int batches = replay(producerState, segments, from, logEndOffset, completed);
        return new Replay(from, batches, completed);
    }

    /** Applies every batch whose offsets reach {@code fromOffset} and start below {@code toOffset}. */
    static int replay(ProducerStateManager producerState, NavigableMap<Long, LogSegment> segments, long fromOffset,
            long toOffset, List<CompletedTransaction> completed) throws IOException {
        if (fromOffset >= toOffset) {
            return 0;
        }
        Long first = segments.floorKey(fromOffset);
        int replayed = 0;
        for (Map.Entry<Long, LogSegment> entry : segments.tailMap(first == null ? segments.firstKey() : first, true)
                .entrySet()) {
            if (entry.getKey() >= toOffset) {
                break;
            }
            replayed += replaySegment(producerState, entry.getValue(), fromOffset, toOffset, completed);
        }
        return replayed;
    }

    private static int replaySegment(ProducerStateManager producerState, LogSegment segment, long fromOffset,
            long toOffset, List<CompletedTransaction> completed) throws IOException {
        int limit = segment.sizeInBytes();
        int position = fromOffset <= segment.baseOffset() ? 0
                : segment.translateOffset(fromOffset).map(BatchLocation::position).orElse(limit);
        int replayed = 0;
        while (true) {
            Optional<RecordBatchView> header = segment.readHeader(position, limit);
            if (header.isEmpty() || header.get().baseOffset() >= toOffset) {
                return replayed;
            }
            RecordBatchView batch = header.get();
            if (batch.lastOffset() >= fromOffset) {
                RecordBatchView whole = ProducerBatches.needsRecords(batch)
                        ? new RecordBatchView(segment.readBatch(new BatchLocation(batch.baseOffset(), batch.lastOffset(),
                                position, batch.sizeInBytes())), 0)
                        : batch;
                ProducerBatches.fromStored(whole).flatMap(producerBatch ->
                        producerState.updateFromAppendedBatch(producerBatch, whole.baseOffset())).ifPresent(completed::add);
                replayed++;
            }
            position += batch.sizeInBytes();
        }
    }
}

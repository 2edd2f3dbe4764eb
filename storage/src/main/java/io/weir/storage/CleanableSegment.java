package io.weir.storage;

import io.weir.storage.errors.KafkaStorageException;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A closed (non-active) segment of a partition log as the log cleaner sees it: its offset range,
 * size and timestamps, and a scan of its batches. A snapshot taken by
 * {@link PartitionLog#closedSegments()}: the segment may be replaced or deleted afterwards, in
 * which case {@link #forEachBatch} fails with {@link KafkaStorageException} and
 * {@link PartitionLog#replaceSegments} refuses it.
 *
 * <p>Thread-safety: safe to use from the cleaner's thread while the log takes appends.
 */
public final class CleanableSegment {
    private static final int SCAN_CHUNK_BYTES = 1024 * 1024;

    private final LogSegment segment;
    private final long endOffset;
    private final String logPrefix;

    CleanableSegment(LogSegment segment, long endOffset, String logPrefix) {
        this.segment = segment;
        this.endOffset = endOffset;
        this.logPrefix = logPrefix;
    }

    LogSegment segment() {
        return segment;
    }

    public long baseOffset() {
        return segment.baseOffset();
    }

    /** The next segment's base offset: every offset of this segment is below it. */
    public long endOffset() {
        return endOffset;
    }

    public int sizeInBytes() {
        return segment.sizeInBytes();
    }

    /** The largest batch maxTimestamp, or the file's modification time when no batch has one. */
    public long largestTimestampMs() {
        try {
            return segment.largestTimestamp();
        } catch (IOException e) {
            throw new KafkaStorageException(logPrefix + " reading segment " + baseOffset() + " failed", e);
        }
    }

    /** The first batch's maxTimestamp, empty for an empty segment. */
    public OptionalLong firstBatchTimestampMs() {
        try {
            Optional<RecordBatchView> first = segment.readHeader(0, segment.sizeInBytes());
            return first.isPresent() ? OptionalLong.of(first.get().maxTimestamp()) : OptionalLong.empty();
        } catch (IOException e) {
            throw new KafkaStorageException(logPrefix + " reading segment " + baseOffset() + " failed", e);
        }
    }

    /** Receives each batch; its buffer is reused after the call, so copy what must be kept. */
    @FunctionalInterface
    public interface BatchVisitor {
        void visit(RecordBatchView batch);
    }

    /**
     * Calls {@code visitor} with every batch of the segment in order.
     *
     * @throws KafkaStorageException when the segment was closed or reading failed
     */
    public void forEachBatch(BatchVisitor visitor) {
        if (!segment.tryRetain()) {
            throw new KafkaStorageException(logPrefix + " segment " + baseOffset() + " is gone");
        }
        try {
            segment.forEachBatch(Integer.MAX_VALUE, SCAN_CHUNK_BYTES, visitor::visit);
        } catch (IOException e) {
            throw new KafkaStorageException(logPrefix + " reading segment " + baseOffset() + " failed", e);
        } finally {
            segment.release();
        }
    }

    @Override
    public String toString() {
        return "CleanableSegment(base=" + baseOffset() + ", end=" + endOffset + ", size=" + sizeInBytes() + ")";
    }
}

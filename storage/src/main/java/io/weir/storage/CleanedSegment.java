package io.weir.storage;

import io.weir.storage.errors.KafkaStorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.Set;

/**
 * A segment the log cleaner is writing, to replace a group of closed segments: the files
 * {@code <base>.log.cleaned}, {@code <base>.index.cleaned} and {@code <base>.timeindex.cleaned},
 * where base is the first replaced segment's base offset. Installed by
 * {@link PartitionLog#replaceSegments}; {@link #close()} removes the files of one that was not.
 *
 * <p>Thread-safety: one writer (the cleaner); not shared.
 */
public final class CleanedSegment implements AutoCloseable {
    private final LogSegment segment;
    private final String logPrefix;
    private final Set<Long> droppedAbortMarkers = new HashSet<>();
    private boolean installed;
    private boolean closed;

    CleanedSegment(LogSegment segment, String logPrefix) {
        this.segment = segment;
        this.logPrefix = logPrefix;
    }

    LogSegment segment() {
        return segment;
    }

    void markInstalled() {
        installed = true;
    }

    public long baseOffset() {
        return segment.baseOffset();
    }

    public int sizeInBytes() {
        return segment.sizeInBytes();
    }

    /**
     * The aborted transaction whose ABORT marker is at {@code markerOffset} has no batch left: its
     * entry is not carried into the aborted-transaction index of the segment when it is installed.
     */
    public void dropAbortedTransaction(long markerOffset) {
        droppedAbortMarkers.add(markerOffset);
    }

    /** The ABORT marker offsets whose index entries go; see {@link #dropAbortedTransaction}. */
    Set<Long> droppedAbortMarkers() {
        return Set.copyOf(droppedAbortMarkers);
    }

    /** Appends whole batches (offsets increasing, within this segment's range), indexing them. */
    public void append(ByteBuffer batches) {
        try {
            segment.append(batches);
        } catch (IOException e) {
            throw new KafkaStorageException(logPrefix + " writing cleaned segment " + baseOffset() + " failed", e);
        }
    }

    /**
     * Sets the {@code .log} file's modification time, which time retention uses for a segment
     * without timestamps: the cleaner passes the replaced segments' largest timestamp so that
     * cleaning does not make old data look new.
     */
    public void setLastModifiedMs(long timestampMs) {
        try {
            Files.setLastModifiedTime(segment.logFile(), FileTime.fromMillis(timestampMs));
        } catch (IOException e) {
            throw new KafkaStorageException(logPrefix + " touching cleaned segment " + baseOffset() + " failed", e);
        }
    }

    /** Removes the files unless the segment was installed into the log. Idempotent. */
    @Override
    public void close() {
        if (installed || closed) {
            return;
        }
        closed = true;
        segment.release();
        try {
            segment.deleteFilesNow();
        } catch (IOException e) {
            throw new KafkaStorageException(logPrefix + " removing cleaned segment " + baseOffset() + " failed", e);
        }
    }
}

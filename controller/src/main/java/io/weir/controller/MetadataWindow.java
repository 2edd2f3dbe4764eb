package io.weir.controller;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.MetadataRecord;

/**
 * The most recent committed batches of the metadata log, kept in memory so that broker-only nodes
 * can fetch what they miss ({@link FetchedMetadataStore}). Offsets are image offsets (the offset
 * of the image's last record, -1 for the empty image): a batch of {@code n} records at base offset
 * {@code b} takes the image from offset {@code b} to {@code b + n}. The window holds whole batches whose records add up to at most
 * {@code maxRecords} (the newest batch is always kept, however large), so it covers image offsets
 * {@code [startOffset, endOffset]}: a follower whose image offset lies in that range and falls on a
 * batch boundary gets the batches after it, any other follower gets the whole image as a snapshot.
 *
 * <p>Thread-safety: thread-safe (every method holds this object's monitor); the state machine
 * appends on its applying thread, fetches read from request threads.
 */
final class MetadataWindow {
    /** Records kept by default: enough for minutes of churn, a few MB of memory. */
    static final int DEFAULT_MAX_RECORDS = 10_000;
    /** System property overriding {@link #DEFAULT_MAX_RECORDS} for voters started afterwards (tests use a tiny window). */
    static final String MAX_RECORDS_PROPERTY = "weir.controller.metadataWindowRecords";

    /** One committed batch: its records took the image from {@code baseOffset} to {@link #endOffset()}. */
    record Batch(long baseOffset, List<MetadataRecord> records) {
        Batch {
            records = List.copyOf(records);
        }

        long endOffset() {
            return baseOffset + records.size();
        }
    }

    /** What a follower at some offset should apply next. */
    sealed interface Fetched permits Batches, Snapshot {}

    /** The batches after the follower's offset, in order; empty when it is up to date. */
    record Batches(List<Batch> batches) implements Fetched {
        Batches {
            batches = List.copyOf(batches);
        }
    }

    /** The whole image as records, to replace the follower's image. */
    record Snapshot(long offset, List<MetadataRecord> records) implements Fetched {
        Snapshot {
            records = List.copyOf(records);
        }
    }

    private final int maxRecords;
    private final ArrayDeque<Batch> batches = new ArrayDeque<>();
    private long startOffset = MetadataImage.EMPTY.offset();
    private long endOffset = MetadataImage.EMPTY.offset();
    private int recordCount;

    MetadataWindow(int maxRecords) {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be positive: " + maxRecords);
        }
        this.maxRecords = maxRecords;
    }

    /** Forgets every batch: the image was replaced (a snapshot was loaded) at {@code offset}. */
    synchronized void reset(long offset) {
        batches.clear();
        recordCount = 0;
        startOffset = offset;
        endOffset = offset;
    }

    /** Adds the next committed batch; evicts the oldest ones beyond the bound. */
    synchronized void append(long baseOffset, List<? extends MetadataRecord> records) {
        if (baseOffset != endOffset) {
            // Not contiguous (cannot happen while the state machine appends every applied batch): restart here.
            reset(baseOffset);
        }
        Batch batch = new Batch(baseOffset, List.copyOf(records));
        batches.addLast(batch);
        recordCount += batch.records().size();
        endOffset = batch.endOffset();
        while (recordCount > maxRecords && batches.size() > 1) {
            Batch evicted = batches.removeFirst();
            recordCount -= evicted.records().size();
            startOffset = evicted.endOffset();
        }
    }

    synchronized long startOffset() {
        return startOffset;
    }

    synchronized long endOffset() {
        return endOffset;
    }

    /**
     * What a follower whose image is at {@code offset} should apply.
     *
     * @param offset the follower's image offset
     * @param image the current image, sent whole when the window cannot serve {@code offset}
     * @return the batches after {@code offset}, none when the follower is at or past the end (it
     *     may be ahead of a new leader that is still applying), or a snapshot of {@code image}
     */
    synchronized Fetched after(long offset, MetadataImage image) {
        Objects.requireNonNull(image, "image");
        if (offset >= endOffset) {
            return new Batches(List.of());
        }
        if (offset >= startOffset) {
            List<Batch> result = new ArrayList<>();
            Iterator<Batch> it = batches.descendingIterator();
            while (it.hasNext()) {
                Batch batch = it.next();
                if (batch.baseOffset() < offset) {
                    break;
                }
                result.add(batch);
            }
            Collections.reverse(result);
            if (!result.isEmpty() && result.get(0).baseOffset() == offset) {
                return new Batches(result);
            }
        }
        return new Snapshot(image.offset(), image.toRecords());
    }
}

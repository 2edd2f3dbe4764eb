package io.weir.metadata.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import io.weir.metadata.CorruptMetadataException;
import io.weir.metadata.MetadataValidationException;
import io.weir.metadata.image.MetadataDelta;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.record.MetadataRecordCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-node persistence of the metadata: committed record batches are appended to
 * {@code metadata.log} and forced to disk (format in {@link MetadataLog}); once more than a
 * threshold of records has been logged since the last snapshot, the image is written to
 * {@code metadata.snapshot} (format in {@link MetadataSnapshot}) and the log is emptied. Opening
 * loads the snapshot, replays the log after it (truncating a torn tail with one WARN), and
 * publishes the image. The directory is the store's alone; a conventional place is
 * {@code <first log dir>/__cluster_metadata-0}.
 *
 * <p>Offsets: the first record ever committed has offset 0, and each record the next one; the
 * image's {@link MetadataImage#offset()} is the last committed offset.
 *
 * <p>Thread-safety: {@link #image()} is a lock-free read of a volatile field and may be called
 * from any thread. {@link #commit(List)} is synchronized (single writer): it validates the whole
 * batch against the current image, writes and forces it, then publishes the new image, so a batch
 * is applied whole or not at all. Listeners run on the committing thread, in commit order.
 */
public final class LocalMetadataStore implements MetadataStore {

    /** Records logged after which a snapshot is written, unless {@link #open(Path, int)} says otherwise. */
    public static final int DEFAULT_SNAPSHOT_EVERY_RECORDS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(LocalMetadataStore.class);

    private final Path dir;
    private final String logPrefix;
    private final int snapshotEveryRecords;
    private final MetadataLog log;
    private final List<MetadataListener> listeners = new CopyOnWriteArrayList<>();
    // Written only under the monitor; volatile so readers on any thread see a whole, current image.
    private volatile MetadataImage image;
    private int recordsSinceSnapshot;
    private boolean notifying;
    private boolean failed;
    private boolean closed;

    private LocalMetadataStore(Path dir, String logPrefix, int snapshotEveryRecords, MetadataLog log,
            MetadataImage image, int recordsSinceSnapshot) {
        this.dir = dir;
        this.logPrefix = logPrefix;
        this.snapshotEveryRecords = snapshotEveryRecords;
        this.log = log;
        this.image = image;
        this.recordsSinceSnapshot = recordsSinceSnapshot;
    }

    /**
     * Opens the store in {@code dir} (created if missing) with the default snapshot threshold.
     *
     * @param dir the store's directory
     * @return the open store, its image rebuilt from disk
     * @throws IOException if the files cannot be read or written
     * @throws CorruptMetadataException if the snapshot or an intact log batch cannot be decoded
     * @throws MetadataValidationException if the stored records do not apply in order
     */
    public static LocalMetadataStore open(Path dir) throws IOException {
        return open(dir, DEFAULT_SNAPSHOT_EVERY_RECORDS);
    }

    /**
     * Opens the store in {@code dir} (created if missing).
     *
     * @param dir the store's directory
     * @param snapshotEveryRecords write a snapshot once this many records were logged after the
     *     last one; at least 1
     * @return the open store, its image rebuilt from disk
     * @throws IOException if the files cannot be read or written
     * @throws CorruptMetadataException if the snapshot or an intact log batch cannot be decoded
     * @throws MetadataValidationException if the stored records do not apply in order
     */
    public static LocalMetadataStore open(Path dir, int snapshotEveryRecords) throws IOException {
        if (snapshotEveryRecords < 1) {
            throw new IllegalArgumentException("snapshotEveryRecords must be at least 1, got " + snapshotEveryRecords);
        }
        Path absolute = dir.toAbsolutePath();
        String logPrefix = "[metadata " + absolute + "]";
        Files.createDirectories(absolute);
        MetadataSnapshot.deleteTemp(absolute);
        MetadataImage snapshot = MetadataSnapshot.read(absolute).orElse(MetadataImage.EMPTY);
        List<MetadataLog.Batch> batches = new ArrayList<>();
        MetadataLog log = MetadataLog.open(absolute, logPrefix, batches);
        try {
            MetadataDelta delta = new MetadataDelta(snapshot);
            long offset = replayLog(snapshot, batches, delta);
            MetadataImage image = delta.recordCount() == 0 ? snapshot : delta.apply(offset);
            LOG.info("{} loaded metadata at offset {}: {} topics, {} brokers (snapshot at offset {}, then {} records"
                    + " from the log)", logPrefix, image.offset(), image.topics().size(),
                    image.cluster().brokers().size(), snapshot.offset(), delta.recordCount());
            return new LocalMetadataStore(absolute, logPrefix, snapshotEveryRecords, log, image, delta.recordCount());
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    /** Replays the batches after the snapshot into {@code delta}; returns the last offset. */
    private static long replayLog(MetadataImage snapshot, List<MetadataLog.Batch> batches, MetadataDelta delta) {
        long offset = snapshot.offset();
        for (MetadataLog.Batch batch : batches) {
            if (batch.lastOffset() <= snapshot.offset()) {
                continue; // written before the snapshot; the log was not emptied before a crash
            }
            if (batch.baseOffset() != offset + 1) {
                throw new CorruptMetadataException("Log batch at offset " + batch.baseOffset()
                        + " does not follow offset " + offset);
            }
            delta.replayAll(batch.records());
            offset = batch.lastOffset();
        }
        return offset;
    }

    /**
     * The current image. Lock-free.
     *
     * @return the image of every committed record
     */
    @Override
    public MetadataImage image() {
        return image;
    }

    /**
     * Validates a batch against the current image, appends it to the log, forces it to disk,
     * publishes the new image, then tells the listeners. An empty batch changes nothing.
     *
     * @param records the batch, in order
     * @return the new image
     * @throws MetadataValidationException if a record contradicts the image (nothing is written)
     * @throws io.weir.metadata.InvalidTopicNameException if a topic record has an illegal name
     *     (nothing is written)
     * @throws IllegalArgumentException if the batch encodes to more than 64 MiB
     * @throws UncheckedIOException if writing fails; the store then refuses further commits
     * @throws IllegalStateException if the store is closed or failed, or if called by a listener
     */
    @Override
    public synchronized MetadataImage commit(List<? extends MetadataRecord> records) {
        checkWritable();
        if (records.isEmpty()) {
            return image;
        }
        MetadataImage current = image;
        byte[] encoded = MetadataRecordCodec.serializeAll(records);
        if (encoded.length > MetadataLog.MAX_BATCH_BYTES - MetadataLog.HEADER_BYTES) {
            throw new IllegalArgumentException("Metadata batch of " + records.size() + " records encodes to "
                    + encoded.length + " bytes, above the limit of " + MetadataLog.MAX_BATCH_BYTES);
        }
        MetadataDelta delta = new MetadataDelta(current);
        delta.replayAll(records);
        long baseOffset = current.offset() + 1;
        MetadataImage next = delta.apply(baseOffset + records.size() - 1);
        try {
            log.append(baseOffset, encoded);
        } catch (IOException e) {
            failed = true;
            LOG.error("{} cannot write metadata at offset {}; refusing further changes", logPrefix, baseOffset, e);
            throw new UncheckedIOException(e);
        }
        image = next;
        recordsSinceSnapshot += records.size();
        LOG.debug("{} committed {} records at offsets {}..{}", logPrefix, records.size(), baseOffset, next.offset());
        notifyListeners(delta, next);
        if (recordsSinceSnapshot >= snapshotEveryRecords) {
            maybeWriteSnapshot();
        }
        return next;
    }

    /**
     * Registers a listener for every later commit.
     *
     * @param listener the listener
     * @return the image at registration: the listener hears of every change after it, exactly once
     */
    @Override
    public synchronized MetadataImage addListener(MetadataListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return image;
    }

    /**
     * Unregisters a listener.
     *
     * @param listener the listener
     */
    @Override
    public synchronized void removeListener(MetadataListener listener) {
        listeners.remove(listener);
    }

    /**
     * Writes a snapshot of the current image now and empties the log.
     *
     * @throws IOException if the snapshot cannot be written (the log is then kept)
     */
    public synchronized void writeSnapshot() throws IOException {
        checkWritable();
        MetadataSnapshot.write(dir, image);
        log.reset();
        recordsSinceSnapshot = 0;
        LOG.info("{} wrote a metadata snapshot at offset {}", logPrefix, image.offset());
    }

    /**
     * The store's directory.
     *
     * @return its absolute path
     */
    public Path directory() {
        return dir;
    }

    /** Closes the log file; {@link #image()} keeps answering, commits are refused. */
    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            log.close();
            LOG.info("{} closed at offset {}", logPrefix, image.offset());
        }
    }

    synchronized int recordsSinceSnapshot() {
        return recordsSinceSnapshot;
    }

    private void maybeWriteSnapshot() {
        try {
            writeSnapshot();
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("{} cannot write a metadata snapshot at offset {}; the log keeps every record", logPrefix,
                    image.offset(), e);
        }
    }

    private void notifyListeners(MetadataDelta delta, MetadataImage next) {
        notifying = true;
        try {
            for (MetadataListener listener : listeners) {
                try {
                    listener.onMetadataUpdate(delta, next);
                } catch (RuntimeException e) {
                    LOG.error("{} metadata listener {} failed at offset {}", logPrefix, listener, next.offset(), e);
                }
            }
        } finally {
            notifying = false;
        }
    }

    private void checkWritable() {
        if (notifying) {
            throw new IllegalStateException("A metadata listener must not commit");
        }
        if (closed) {
            throw new IllegalStateException("The metadata store in " + dir + " is closed");
        }
        if (failed) {
            throw new IllegalStateException("The metadata store in " + dir + " failed to write; reopen it");
        }
    }
}

package io.weir.controller;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import io.weir.metadata.MetadataException;
import io.weir.metadata.image.MetadataDelta;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.store.MetadataListener;
import io.weir.metadata.store.MetadataStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata of a broker-only node: an image of its own, moved forward by what the node fetches
 * from the active controller ({@link #apply(MetadataWindow.Fetched)}, called by
 * {@link BrokerOnlyNode}'s fetch loop). Batches are applied in order with a {@link MetadataDelta},
 * one listener call each, exactly as a voter applies them. A snapshot replaces the image and is
 * told to listeners in two steps: first a delta on the old image that removes every topic the
 * snapshot no longer has (so that partition listeners delete their logs, as for a
 * {@code RemoveTopicRecord}), then a delta from the empty image to the snapshot (a reload, the same
 * delta a voter hands out when it loads a snapshot). A commit goes to the active controller
 * through the node's sender, which returns once this image includes it.
 *
 * <p>Thread-safety: thread-safe. {@link #apply} and {@link #addListener} hold this object's
 * monitor, so a listener hears of every change after its registration exactly once; listeners run
 * on the fetch thread. {@link #image()} reads a volatile field. {@link #commit(List)} blocks.
 */
final class FetchedMetadataStore implements MetadataStore {
    private static final Logger LOG = LoggerFactory.getLogger(FetchedMetadataStore.class);

    private final String logPrefix;
    private final ControllerSender sender;
    private final List<MetadataListener> listeners = new CopyOnWriteArrayList<>();
    // Written under the monitor; volatile so readers on any thread see a whole, current image.
    private volatile MetadataImage image = MetadataImage.EMPTY;
    private volatile long snapshotsApplied;

    FetchedMetadataStore(String logPrefix, ControllerSender sender) {
        this.logPrefix = logPrefix;
        this.sender = Objects.requireNonNull(sender, "sender");
    }

    @Override
    public MetadataImage image() {
        return image;
    }

    /** Snapshots applied since start: each one means this node had fallen behind the window. */
    long snapshotsApplied() {
        return snapshotsApplied;
    }

    @Override
    public MetadataImage commit(List<? extends MetadataRecord> records) {
        if (!records.isEmpty()) {
            sender.commitAndWait(records);
        }
        return image();
    }

    /** An empty batch: the active controller answers with its offset, and this node waits for it. */
    @Override
    public MetadataImage sync() {
        sender.commitAndWait(List.of());
        return image();
    }

    @Override
    public synchronized MetadataImage addListener(MetadataListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return image;
    }

    @Override
    public void removeListener(MetadataListener listener) {
        listeners.remove(listener);
    }

    /**
     * Applies what the active controller sent for this image's offset.
     *
     * @return whether the image moved
     */
    synchronized boolean apply(MetadataWindow.Fetched fetched) {
        if (fetched instanceof MetadataWindow.Snapshot snapshot) {
            return applySnapshot(snapshot);
        }
        boolean moved = false;
        for (MetadataWindow.Batch batch : ((MetadataWindow.Batches) fetched).batches()) {
            MetadataImage current = image;
            if (batch.endOffset() <= current.offset()) {
                continue;
            }
            if (batch.baseOffset() != current.offset()) {
                LOG.warn("{} got a batch at offset {} while at {}; fetching again", logPrefix, batch.baseOffset(),
                        current.offset());
                return moved;
            }
            MetadataDelta delta = new MetadataDelta(current);
            try {
                delta.replayAll(batch.records());
            } catch (MetadataException | IllegalArgumentException e) {
                LOG.error("{} cannot apply the batch at offset {}: {}", logPrefix, batch.baseOffset(), e.getMessage());
                return moved;
            }
            publish(delta, delta.apply(batch.endOffset()));
            moved = true;
        }
        return moved;
    }

    private boolean applySnapshot(MetadataWindow.Snapshot snapshot) {
        MetadataImage old = image;
        if (snapshot.offset() < old.offset()) {
            return false;
        }
        MetadataDelta reload = new MetadataDelta(MetadataImage.EMPTY);
        reload.replayAll(snapshot.records());
        MetadataImage next = reload.apply(snapshot.offset());
        MetadataDelta removal = MetadataDelta.topicsRemovedBetween(old, next);
        if (removal.recordCount() > 0) {
            publish(removal, removal.apply(old.offset()));
        }
        publish(reload, next);
        snapshotsApplied++;
        LOG.info("{} replaced its metadata with a snapshot at offset {} (was at {}): {} topics, {} removed", logPrefix,
                next.offset(), old.offset(), next.topics().topicsById().size(), removal.recordCount());
        return true;
    }

    private void publish(MetadataDelta delta, MetadataImage next) {
        image = next;
        for (MetadataListener listener : listeners) {
            try {
                listener.onMetadataUpdate(delta, next);
            } catch (RuntimeException e) {
                LOG.error("{} metadata listener {} failed at offset {}", logPrefix, listener, next.offset(), e);
            }
        }
    }

    /** Does nothing: the {@link BrokerOnlyNode} owns the fetch loop. */
    @Override
    public void close() {}
}

package io.weir.metadata.store;

import java.io.Closeable;
import java.util.List;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.MetadataRecord;

/**
 * The metadata as a node sees it: the image of every committed record batch, listeners told of
 * each later batch in commit order, and a way to commit new records. A single node keeps it in a
 * {@link LocalMetadataStore}; a cluster node follows the controller quorum's log, where a commit is
 * validated and applied by the active controller.
 *
 * <p>Thread-safety: every method may be called from any thread except that {@link #commit(List)}
 * must not be called from a listener. {@link #commit(List)} may block (on disk, or until the
 * active controller has committed the batch and this node's image includes it): call it from a
 * thread that may wait, never from a network thread.
 */
public interface MetadataStore extends Closeable {

    /**
     * The current image. Lock-free.
     *
     * @return the image of every committed record this node has applied
     */
    MetadataImage image();

    /**
     * Validates a batch against the latest image, commits it whole or not at all, and returns once
     * this node's image includes it.
     *
     * @param records the batch, in order
     * @return an image that includes the batch
     * @throws io.weir.metadata.MetadataValidationException if a record contradicts the image
     *     (nothing is committed)
     * @throws io.weir.metadata.MetadataException if the batch cannot be committed now (for example
     *     no active controller); nothing may have been committed, or the whole batch may have been
     */
    MetadataImage commit(List<? extends MetadataRecord> records);

    /**
     * Whether this node's image may be trusted to say what it leads: false while its voter knows
     * no active controller, which is also the state of a former controller that was paused (SIGSTOP,
     * a long GC) from the moment it learns of a newer term until it has heard the new controller.
     * A broker does not act as leader while it is false. Cheap enough for every request.
     *
     * @return true when this node follows a known, ready active controller (always on a single node)
     */
    default boolean isCurrent() {
        return true;
    }

    /**
     * Whether this node may act as the leader its image says it is, and tell clients who leads:
     * while it {@link #isCurrent() is current}, and also, on a voter, during an election while
     * the lease of its last acknowledged broker heartbeats lasts (no controller can have moved its
     * leaderships meanwhile), unless it ran the active controller itself within the session
     * timeout. Cheap enough for every request.
     *
     * @return true when this node's leaderships may be served (always on a single node)
     */
    default boolean mayLead() {
        return isCurrent();
    }

    /**
     * Waits until this node's image includes everything the active controller had applied when
     * asked: for a decision that must not rest on a view that lags another node's (placing replicas
     * on the brokers a client has just seen registered). A round trip to the active controller in a
     * cluster; nothing to wait for on a single node. Blocks: not on a network thread.
     *
     * @return an image at least as new as the active controller's
     * @throws io.weir.metadata.MetadataException if no active controller answers in time
     */
    default MetadataImage sync() {
        return image();
    }

    /**
     * Registers a listener for every later commit.
     *
     * @param listener the listener
     * @return the image at registration: the listener hears of every change after it, exactly once
     */
    MetadataImage addListener(MetadataListener listener);

    /**
     * Unregisters a listener.
     *
     * @param listener the listener
     */
    void removeListener(MetadataListener listener);
}

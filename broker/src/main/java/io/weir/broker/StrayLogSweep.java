package io.weir.broker;

import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.store.MetadataStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits, once per start of the node, until its metadata image is known to be whole, then hands that
 * image to the stray-log removal ({@link PartitionPublisher#removeStrayLogs}). The signal is
 * {@link MetadataStore#sync()} followed by {@link MetadataStore#isCurrent()}:
 *
 * <ul>
 *   <li>single node ({@code LocalMetadataStore}): {@code sync()} returns the image at once; the
 *       local metadata log, replayed at start-up, is the truth, so the sweep runs at start-up;
 *   <li>voter ({@code QuorumMetadataStore}) and broker-only node ({@code FetchedMetadataStore}):
 *       {@code sync()} asks the active controller for its offset (answered only by the ready Raft
 *       leader, which has applied every committed entry) and returns once this node's image has
 *       applied up to it; a voter that replays a stale or lost log of its own, or a broker-only node
 *       that starts from the empty image, is therefore caught up before anything is judged. It fails
 *       while no active controller answers, and is then tried again every
 *       {@value #RETRY_BACKOFF_MS} ms until it succeeds or the node stops.
 * </ul>
 *
 * <p>An image that has applied nothing or holds no topic never deletes anything ({@link
 * StrayLogs#tellsWholeMetadata}), in case a quorum came up with its metadata lost.
 *
 * <p>Thread-safety: runs on the executor it is given (which may block in {@code sync()} up to the
 * controller request timeout); {@link #start()} is called once.
 */
final class StrayLogSweep {
    private static final Logger log = LoggerFactory.getLogger(StrayLogSweep.class);
    /** How long to wait before asking again when no active controller answered. */
    static final long RETRY_BACKOFF_MS = 1_000;

    private final int nodeId;
    private final MetadataStore store;
    private final ToIntFunction<MetadataImage> removeStrayLogs;
    private final ScheduledExecutorService executor;
    private final long retryBackoffMs;
    private final CompletableFuture<Integer> done = new CompletableFuture<>();

    StrayLogSweep(int nodeId, MetadataStore store, ToIntFunction<MetadataImage> removeStrayLogs,
            ScheduledExecutorService executor, long retryBackoffMs) {
        this.nodeId = nodeId;
        this.store = store;
        this.removeStrayLogs = removeStrayLogs;
        this.executor = executor;
        this.retryBackoffMs = retryBackoffMs;
    }

    /**
     * Starts waiting for the whole metadata.
     *
     * @return completes with how many stray logs were removed, or exceptionally if removal failed
     */
    CompletableFuture<Integer> start() {
        submit(0);
        return done;
    }

    private void attempt() {
        MetadataImage image;
        try {
            image = store.sync();
        } catch (RuntimeException e) {
            log.debug("[node {}] the active controller's metadata offset is not known yet: {}", nodeId, e.toString());
            submit(retryBackoffMs);
            return;
        }
        if (!store.isCurrent()) {
            submit(retryBackoffMs);
            return;
        }
        try {
            int removed = removeStrayLogs.applyAsInt(image);
            log.info("[node {}] metadata whole at offset {}: removed {} stray log(s)", nodeId, image.offset(), removed);
            done.complete(removed);
        } catch (RuntimeException e) {
            log.error("[node {}] removing stray logs failed; they stay until the next start", nodeId, e);
            done.completeExceptionally(e);
        }
    }

    private void submit(long delayMs) {
        try {
            executor.schedule(this::attempt, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            done.cancel(false);
        }
    }
}

package io.weir.broker.fetch;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fetch waiting for {@code minBytes} (long poll). It completes exactly once: when a re-read
 * after an append finds enough bytes (or an error), or when its timeout fires, whichever first.
 *
 * <p>Thread-safety: {@link #tryComplete} and {@link #forceComplete} may run concurrently on any
 * threads; a compare-and-set decides which one answers, and the loser releases its reads.
 */
final class DelayedFetch {

    private final FetchRequest request;
    private final Optional<FetchSession> session;
    private final boolean incremental;
    private final List<PartitionFetch> fetches;
    private final CompletableFuture<FetchResponse> future;
    private final AtomicBoolean completed = new AtomicBoolean();
    /** A re-read is queued and has not started: further appends need not queue another. */
    private final AtomicBoolean recheckQueued = new AtomicBoolean();
    private final AtomicReference<FetchTimer.Timeout> timeout = new AtomicReference<>(() -> {});

    DelayedFetch(FetchRequest request, FetchSessionCache.Resolution.Resolved resolved, CompletableFuture<FetchResponse> future) {
        this.request = request;
        this.session = resolved.session();
        this.incremental = resolved.incremental();
        this.fetches = resolved.partitions();
        this.future = future;
    }

    List<PartitionFetch> fetches() {
        return fetches;
    }

    void setTimeout(FetchTimer.Timeout handle) {
        timeout.set(handle);
    }

    boolean isCompleted() {
        return completed.get();
    }

    /**
     * Claims the one queued re-read: true if none was queued, so the caller queues
     * {@link #tryComplete}; false if one is queued and has not started, and will see this append.
     */
    boolean claimRecheck() {
        return !completed.get() && recheckQueued.compareAndSet(false, true);
    }

    /** Re-reads; completes if {@code minBytes} are now there or a partition errs. Returns whether it completed. */
    boolean tryComplete(PartitionReader reader) {
        // Cleared before reading: an append after this point queues a new re-read.
        recheckQueued.set(false);
        if (completed.get()) {
            return true;
        }
        PartitionReader.Reads reads = reader.readAll(fetches, request);
        if (reads.recordBytes() < request.minBytes() && !reads.mustAnswer()) {
            reads.release();
            return false;
        }
        return complete(reads);
    }

    /** Answers with whatever is there now (the wait is over). */
    void forceComplete(PartitionReader reader) {
        if (!completed.get()) {
            complete(reader.readAll(fetches, request));
        }
    }

    private boolean complete(PartitionReader.Reads reads) {
        if (!completed.compareAndSet(false, true)) {
            reads.release();
            return true;
        }
        timeout.get().cancel();
        try {
            future.complete(FetchManager.respond(session, incremental, reads));
        } catch (RuntimeException e) {
            reads.release();
            future.completeExceptionally(e);
        }
        return true;
    }
}

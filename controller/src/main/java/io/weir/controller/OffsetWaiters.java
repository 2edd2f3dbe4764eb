package io.weir.controller;

import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import io.weir.metadata.ControllerUnavailableException;
import io.weir.metadata.image.MetadataDelta;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.store.MetadataListener;

/**
 * Futures completed when this node's image reaches an offset: a metadata listener of the local
 * voter completes every waiter at or below each applied image's offset.
 *
 * <p>Thread-safety: thread-safe; waiters are kept under this object's monitor and completed
 * outside it.
 */
final class OffsetWaiters implements MetadataListener {
    private record Waiter(long offset, CompletableFuture<MetadataImage> future) {}

    private final PriorityQueue<Waiter> waiting = new PriorityQueue<>((a, b) -> Long.compare(a.offset(), b.offset()));
    private volatile MetadataImage image = MetadataImage.EMPTY;

    /**
     * Completes when the image includes {@code offset}.
     *
     * @param offset the offset to reach
     * @param timeoutMs fail with {@link ControllerUnavailableException} after this long
     * @return the image at or past {@code offset}
     */
    CompletableFuture<MetadataImage> await(long offset, long timeoutMs) {
        CompletableFuture<MetadataImage> future = new CompletableFuture<>();
        Waiter waiter = new Waiter(offset, future);
        synchronized (this) {
            if (image.offset() >= offset) {
                return CompletableFuture.completedFuture(image);
            }
            waiting.add(waiter);
        }
        CompletableFuture<MetadataImage> bounded = future.orTimeout(timeoutMs, TimeUnit.MILLISECONDS);
        // A timed-out waiter leaves the queue at once: long-polling fetches time out routinely.
        bounded.whenComplete((image, error) -> {
            if (error != null) {
                synchronized (this) {
                    waiting.remove(waiter);
                }
            }
        });
        return bounded.exceptionallyCompose(e -> CompletableFuture.failedFuture(new ControllerUnavailableException(
                "This node's metadata did not reach offset " + offset + " in " + timeoutMs + " ms")));
    }

    @Override
    public void onMetadataUpdate(MetadataDelta delta, MetadataImage next) {
        PriorityQueue<Waiter> ready = new PriorityQueue<>(waiting.comparator());
        synchronized (this) {
            image = next;
            while (!waiting.isEmpty() && waiting.peek().offset() <= next.offset()) {
                ready.add(waiting.poll());
            }
        }
        ready.forEach(waiter -> waiter.future().complete(next));
    }

    /** Starts from the image the voter had when this listener was added. */
    synchronized void init(MetadataImage current) {
        if (current.offset() > image.offset()) {
            image = current;
        }
    }

    void failAll(RuntimeException error) {
        PriorityQueue<Waiter> all;
        synchronized (this) {
            all = new PriorityQueue<>(waiting);
            waiting.clear();
        }
        all.forEach(waiter -> waiter.future().completeExceptionally(error));
    }
}

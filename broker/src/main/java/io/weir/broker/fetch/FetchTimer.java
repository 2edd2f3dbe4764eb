package io.weir.broker.fetch;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay, for long-poll timeouts. Tests inject a manual timer; production can
 * use {@link #onScheduler(ScheduledExecutorService)} (a delay heap: O(log n) per fetch, fine for
 * thousands of waiting fetches) or adapt a timer wheel where Netty may be named, e.g. with
 * Netty's {@code HashedWheelTimer wheel}:
 * {@code (task, ms) -> { var t = wheel.newTimeout(x -> task.run(), ms, MILLISECONDS); return t::cancel; }}.
 *
 * <p>Implementations must be thread-safe; tasks must be short (they hand work to an executor).
 */
@FunctionalInterface
public interface FetchTimer {

    /** A scheduled task that can be cancelled; cancelling after it ran does nothing. */
    @FunctionalInterface
    interface Timeout {
        void cancel();
    }

    Timeout schedule(Runnable task, long delayMs);

    /** A timer on {@code scheduler}, which should drop cancelled tasks (remove-on-cancel). */
    static FetchTimer onScheduler(ScheduledExecutorService scheduler) {
        return (task, delayMs) -> {
            ScheduledFuture<?> future = scheduler.schedule(task, delayMs, TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        };
    }

    /** A single daemon thread "weir-fetch-timer" that drops cancelled tasks at once. */
    static ScheduledExecutorService newScheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = Executors.defaultThreadFactory().newThread(runnable);
            thread.setName("weir-fetch-timer");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }
}

package io.weir.broker.group;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CoordinatorTimer} on a {@link ScheduledExecutorService} (a delay heap: fine for the
 * thousands of session timers of a busy node). Keyed tasks replace each other; the scheduler should
 * drop cancelled tasks (remove-on-cancel). Thread-safe.
 */
public final class SchedulerTimer implements CoordinatorTimer {
    private final ScheduledExecutorService scheduler;
    private final ConcurrentHashMap<String, ScheduledFuture<?>> tasks = new ConcurrentHashMap<>();

    public SchedulerTimer(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void schedule(String key, long delayMs, Runnable task) {
        try {
            ScheduledFuture<?>[] holder = new ScheduledFuture<?>[1];
            holder[0] = scheduler.schedule(() -> {
                tasks.remove(key, holder[0]);
                task.run();
            }, delayMs, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> previous = tasks.put(key, holder[0]);
            if (previous != null) {
                previous.cancel(false);
            }
        } catch (RejectedExecutionException e) {
            // Shutting down: the timer is gone with the coordinator.
        }
    }

    @Override
    public void cancel(String key) {
        ScheduledFuture<?> previous = tasks.remove(key);
        if (previous != null) {
            previous.cancel(false);
        }
    }
}

package io.weir.broker.concurrent;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: a lane. One lane per
 * partition keeps that partition's appends in arrival order while different partitions run in
 * parallel; one lane per coordinator shard means a shard's state is only ever touched by one thread
 * at a time (the lock hands it from one task to the next). A lane runs at most
 * {@value #MAX_TASKS_PER_TURN} tasks before handing its thread back, so one busy lane cannot hold a
 * thread forever. Thread-safety: {@link #execute} may be called from any thread.
 */
public final class SerialExecutor implements Executor {
    private static final int MAX_TASKS_PER_TURN = 64;

    private final Executor executor;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    public SerialExecutor(Executor executor) {
        this.executor = executor;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        try {
            executor.execute(this::drain);
        } catch (RuntimeException e) {
            // Rejected (executor shut down): the task will not run; let the caller answer with an error.
            synchronized (this) {
                tasks.remove(task);
                running = false;
            }
            throw e;
        }
    }

    private void drain() {
        for (int ran = 0; ran < MAX_TASKS_PER_TURN; ran++) {
            Runnable next;
            synchronized (this) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            // Tasks complete futures and never throw; a throwing task must not stop the lane.
            try {
                next.run();
            } catch (RuntimeException e) {
                Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
            }
        }
        // Turn over: still "running", so the queue stays ours; continue on a fresh executor task.
        executor.execute(this::drain);
    }
}

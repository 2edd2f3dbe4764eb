package io.weir.broker.group;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: a shard's lane. Tasks
 * submitted while a task runs (also from inside it) queue behind it, so a shard's state is only
 * ever touched by one thread at a time, and the happens-before of the lock hands it from one
 * task to the next. At most {@value #MAX_TASKS_PER_TURN} tasks run per turn before the thread is
 * handed back. Thread-safety: {@link #execute} may be called from any thread.
 */
public final class SerialExecutor implements Executor {
    private static final int MAX_TASKS_PER_TURN = 128;

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
            try {
                next.run();
            } catch (RuntimeException e) {
                Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
            }
        }
        executor.execute(this::drain);
    }
}

package io.weir.broker.fetch;

import java.util.ArrayList;
import java.util.List;

/** A {@link FetchTimer} whose timeouts fire only when a test says so. */
final class ManualTimer implements FetchTimer {

    private record Task(Runnable task, long delayMs, boolean[] cancelled) {}

    private final List<Task> tasks = new ArrayList<>();

    @Override
    public synchronized Timeout schedule(Runnable task, long delayMs) {
        boolean[] cancelled = {false};
        tasks.add(new Task(task, delayMs, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Runs every scheduled, uncancelled task. */
    void fireAll() {
        List<Task> due;
        synchronized (this) {
            due = new ArrayList<>(tasks);
            tasks.clear();
        }
        due.stream().filter(t -> !t.cancelled()[0]).forEach(t -> t.task().run());
    }

    synchronized long pending() {
        return tasks.stream().filter(t -> !t.cancelled()[0]).count();
    }
}

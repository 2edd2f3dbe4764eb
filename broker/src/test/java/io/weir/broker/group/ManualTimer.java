package io.weir.broker.group;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A timer and clock moved by hand: {@link #advance} runs every task that falls due, in time order, on the caller's thread. */
final class ManualTimer implements CoordinatorTimer {
    private long nowMs;
    private long sequence;
    private final Map<String, Task> tasks = new HashMap<>();

    private record Task(long dueMs, long sequence, Runnable body) {}

    ManualTimer(long startMs) {
        this.nowMs = startMs;
    }

    @Override
    public synchronized void schedule(String key, long delayMs, Runnable task) {
        tasks.put(key, new Task(nowMs + delayMs, sequence++, task));
    }

    @Override
    public synchronized void cancel(String key) {
        tasks.remove(key);
    }

    long nowMs() {
        return nowMs;
    }

    int pending() {
        return tasks.size();
    }

    /** Moves time forward, running each task that falls due (tasks may schedule more). */
    void advance(long ms) {
        long target = nowMs + ms;
        while (true) {
            Optional<Map.Entry<String, Task>> next = tasks.entrySet().stream()
                    .filter(e -> e.getValue().dueMs() <= target)
                    .min(Comparator.comparingLong((Map.Entry<String, Task> e) -> e.getValue().dueMs())
                            .thenComparingLong(e -> e.getValue().sequence()));
            if (next.isEmpty()) {
                break;
            }
            tasks.remove(next.get().getKey());
            nowMs = Math.max(nowMs, next.get().getValue().dueMs());
            next.get().getValue().body().run();
        }
        nowMs = target;
    }

    Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(nowMs);
            }
        };
    }
}

package io.weir.broker.group;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * What the parts of one shard share: its partition, settings (the node's, and each group's own
 * overrides), clock, lane, writer and timers.
 * Timers are keyed per shard and checked on the lane: a task that fired but was cancelled or
 * replaced before it reached the lane does nothing. Owned by the shard's lane.
 */
final class ShardContext {
    final int partition;
    final GroupConfig config;
    /** Each group's own settings, read when used (so a change applies at the next heartbeat). */
    final ConsumerGroupOverrides.Lookup overrides;
    final String logPrefix;
    private final Clock clock;
    private final Executor lane;
    private final PartitionWriter writer;
    private final CoordinatorTimer timer;
    private final Map<String, Long> timerTokens = new HashMap<>();
    private long nextToken;

    ShardContext(int partition, GroupConfig config, Clock clock, Executor lane, PartitionWriter writer, CoordinatorTimer timer,
            int nodeId) {
        this(partition, config, ConsumerGroupOverrides.Lookup.NONE, clock, lane, writer, timer, nodeId);
    }

    ShardContext(int partition, GroupConfig config, ConsumerGroupOverrides.Lookup overrides, Clock clock, Executor lane,
            PartitionWriter writer, CoordinatorTimer timer, int nodeId) {
        this.partition = partition;
        this.config = config;
        this.overrides = overrides;
        this.clock = clock;
        this.lane = lane;
        this.writer = writer;
        this.timer = timer;
        this.logPrefix = "[node " + nodeId + " __consumer_offsets-" + partition + "]";
    }

    long nowMs() {
        return clock.millis();
    }

    /** Runs {@code task} on the lane after {@code delayMs}, replacing the task under {@code key}. */
    void schedule(String key, long delayMs, Runnable task) {
        long token = ++nextToken;
        timerTokens.put(key, token);
        timer.schedule(globalKey(key), delayMs, () -> lane.execute(() -> {
            Long current = timerTokens.get(key);
            if (current != null && current == token) {
                timerTokens.remove(key);
                task.run();
            }
        }));
    }

    void cancel(String key) {
        if (timerTokens.remove(key) != null) {
            timer.cancel(globalKey(key));
        }
    }

    void cancelAll() {
        timerTokens.keySet().forEach(key -> timer.cancel(globalKey(key)));
        timerTokens.clear();
    }

    private String globalKey(String key) {
        return partition + "/" + key;
    }

    /** Appends the records; the returned future completes on the lane. */
    CompletableFuture<Void> write(List<CoordinatorRecord> records) {
        CompletableFuture<Void> onLane = new CompletableFuture<>();
        CompletableFuture<Void> written;
        try {
            written = writer.append(partition, records);
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        written.whenComplete((ignored, failure) -> lane.execute(() -> {
            if (failure != null) {
                onLane.completeExceptionally(failure);
            } else {
                onLane.complete(null);
            }
        }));
        return onLane;
    }
}

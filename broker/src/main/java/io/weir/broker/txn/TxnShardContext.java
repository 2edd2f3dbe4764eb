package io.weir.broker.txn;

import io.weir.broker.group.CoordinatorTimer;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * What a transaction shard works with: its partition and coordinator epoch, settings, clock, lane,
 * record log, marker writer, id source and timers. Timers and every asynchronous completion are
 * brought back onto the lane; a timer that was cancelled or replaced before reaching the lane does
 * nothing. Owned by the shard's lane.
 */
final class TxnShardContext {
    final int partition;
    final int coordinatorEpoch;
    final TxnConfig config;
    final String logPrefix;
    final TxnMarkerWriter markers;
    final TxnCompletionListener completions;
    final ProducerIdSource producerIds;
    private final Clock clock;
    private final Executor lane;
    private final TxnLog log;
    private final CoordinatorTimer timer;
    private final Map<String, Long> timerTokens = new HashMap<>();
    private long nextToken;

    TxnShardContext(int partition, int coordinatorEpoch, TxnConfig config, Clock clock, Executor lane, TxnLog log,
            TxnMarkerWriter markers, TxnCompletionListener completions, ProducerIdSource producerIds, CoordinatorTimer timer,
            int nodeId) {
        this.partition = partition;
        this.coordinatorEpoch = coordinatorEpoch;
        this.config = config;
        this.clock = clock;
        this.lane = lane;
        this.log = log;
        this.markers = markers;
        this.completions = completions;
        this.producerIds = producerIds;
        this.timer = timer;
        this.logPrefix = "[node " + nodeId + " __transaction_state-" + partition + "]";
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

    void cancelAll() {
        timerTokens.keySet().forEach(key -> timer.cancel(globalKey(key)));
        timerTokens.clear();
    }

    private String globalKey(String key) {
        return "txn/" + partition + "/" + key;
    }

    /** Appends the records; the returned future completes on the lane. */
    CompletableFuture<Void> write(List<TxnRecord> records) {
        CompletableFuture<Void> written;
        try {
            written = log.append(partition, records);
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        return onLane(written);
    }

    /** The same outcome as {@code future}, completed on the lane. */
    <T> CompletableFuture<T> onLane(CompletableFuture<T> future) {
        CompletableFuture<T> onLane = new CompletableFuture<>();
        future.whenComplete((value, failure) -> lane.execute(() -> {
            if (failure != null) {
                onLane.completeExceptionally(failure);
            } else {
                onLane.complete(value);
            }
        }));
        return onLane;
    }
}

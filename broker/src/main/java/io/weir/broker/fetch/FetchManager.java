package io.weir.broker.fetch;

import io.weir.storage.TopicPartitionKey;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers Fetch requests: resolves the fetch session, reads the partitions within the request's
 * limits and, when fewer than {@code minBytes} are available, parks the fetch for up to
 * {@code maxWaitMs} (long poll). {@link #onAppend} wakes the parked fetches that read the
 * partition; a {@link FetchTimer} ends the wait.
 *
 * <p>Threads: {@link #fetch} runs on the caller's thread (the connection's event loop) and does
 * the first read there: a read is an index lookup and a few batch-header reads from the page
 * cache, no record is copied. Re-reads after an append and on timeout run on {@code executor},
 * never on the appending thread or the timer thread. At most {@code maxWaitingFetches} fetches
 * wait at once; beyond that a fetch is answered at once with what it read (an empty answer the
 * client simply repeats). Thread-safe.
 *
 * <p>Wiring: register {@link #onAppend} as the replica manager's append listener, called after
 * the high watermark (consumers) or log end (followers) of the partition moved. The last stable
 * offset (read_committed) only moves with such an append (a transaction marker moves the high
 * watermark as well), so the same call wakes read_committed fetches. With a replica selector
 * (KIP-392) consumers also wait at followers: register it with the replica fetchers too, called
 * after a follower's high watermark moved.
 */
public final class FetchManager {

    private static final Logger log = LoggerFactory.getLogger(FetchManager.class);

    private final FetchablePartitions partitions;
    private final PartitionReader reader;
    private final FetchSessionCache sessions;
    private final FetchTimer timer;
    private final Executor executor;
    private final int maxWaitingFetches;
    private final ConcurrentHashMap<TopicPartitionKey, Set<DelayedFetch>> watchers = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * @param partitions the hosted partitions
     * @param sessions the fetch session cache
     * @param timer ends long polls
     * @param executor runs re-reads of waiting fetches (a small dedicated pool, or one thread)
     * @param maxWaitingFetches the most fetches parked at once
     */
    public FetchManager(FetchablePartitions partitions, FetchSessionCache sessions, FetchTimer timer, Executor executor,
            int maxWaitingFetches) {
        this.reader = new PartitionReader(partitions);
        this.sessions = sessions;
        this.timer = timer;
        this.executor = executor;
        this.maxWaitingFetches = maxWaitingFetches;
        this.partitions = partitions;
    }

    /** Answers {@code request}, now or after waiting; the answer's slices belong to the caller. */
    public CompletableFuture<FetchResponse> fetch(FetchRequest request) {
        FetchSessionCache.Resolution resolution = sessions.resolve(request);
        if (resolution instanceof FetchSessionCache.Resolution.Failed failed) {
            return CompletableFuture.completedFuture(new FetchResponse(failed.errorCode(), 0, List.of()));
        }
        FetchSessionCache.Resolution.Resolved resolved = (FetchSessionCache.Resolution.Resolved) resolution;
        if (request.isFromFollower()) {
            recordFollowerFetch(request.replicaId(), resolved.partitions());
        }
        PartitionReader.Reads reads = reader.readAll(resolved.partitions(), request);
        boolean answerNow = request.maxWaitMs() <= 0 || reads.recordBytes() >= request.minBytes() || reads.mustAnswer()
                || resolved.partitions().isEmpty();
        if (answerNow || !tryReserveWaitingSlot()) {
            return CompletableFuture.completedFuture(respond(resolved.session(), resolved.incremental(), reads));
        }
        reads.release();
        return park(request, resolved);
    }

    private void recordFollowerFetch(int replicaId, List<PartitionFetch> fetches) {
        for (PartitionFetch fetch : fetches) {
            lookUp(fetch.id()).ifPresent(p -> partitions.onFollowerFetch(replicaId, p, fetch));
        }
    }

    private Optional<FetchablePartition> lookUp(PartitionId id) {
        return id.usesTopicId() ? partitions.partition(id.topicId(), id.partition()) : partitions.partition(id.topic(), id.partition());
    }

    private boolean tryReserveWaitingSlot() {
        int now;
        do {
            now = waiting.get();
            if (now >= maxWaitingFetches) {
                return false;
            }
        } while (!waiting.compareAndSet(now, now + 1));
        return true;
    }

    private CompletableFuture<FetchResponse> park(FetchRequest request, FetchSessionCache.Resolution.Resolved resolved) {
        CompletableFuture<FetchResponse> future = new CompletableFuture<>();
        DelayedFetch delayed = new DelayedFetch(request, resolved, future);
        Set<TopicPartitionKey> keys = keysOf(delayed);
        keys.forEach(key -> watchers.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(delayed));
        future.whenComplete((response, failure) -> unpark(delayed, keys));
        delayed.setTimeout(timer.schedule(() -> runOnExecutor(() -> delayed.forceComplete(reader), delayed), request.maxWaitMs()));
        // An append between the first read and the registration above would otherwise go unseen.
        recheck(delayed);
        return future;
    }

    private Set<TopicPartitionKey> keysOf(DelayedFetch delayed) {
        Set<TopicPartitionKey> keys = new HashSet<>();
        for (PartitionFetch fetch : delayed.fetches()) {
            lookUp(fetch.id()).ifPresent(p -> keys.add(p.key()));
        }
        return keys;
    }

    private void unpark(DelayedFetch delayed, Set<TopicPartitionKey> keys) {
        waiting.decrementAndGet();
        for (TopicPartitionKey key : keys) {
            watchers.computeIfPresent(key, (k, set) -> {
                set.remove(delayed);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /**
     * New data in {@code partition} (its high watermark or log end moved): re-checks the fetches
     * waiting on it, on the executor. Cheap and non-blocking; call from any thread.
     */
    public void onAppend(TopicPartitionKey partition) {
        Set<DelayedFetch> parked = watchers.get(partition);
        if (parked == null) {
            return;
        }
        for (DelayedFetch delayed : parked) {
            recheck(delayed);
        }
    }

    /** Queues a re-read unless one is queued and not yet started (a burst of appends queues one). */
    private void recheck(DelayedFetch delayed) {
        if (delayed.claimRecheck()) {
            runOnExecutor(() -> delayed.tryComplete(reader), delayed);
        }
    }

    /** Fetches parked now. */
    public int waitingFetches() {
        return waiting.get();
    }

    /** The fetch session cache. */
    public FetchSessionCache sessions() {
        return sessions;
    }

    private void runOnExecutor(Runnable task, DelayedFetch delayed) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("fetch executor refused a re-read; answering the fetch here", e);
            delayed.forceComplete(reader);
        }
    }

    static FetchResponse respond(Optional<FetchSession> session, boolean incremental, PartitionReader.Reads reads) {
        if (session.isEmpty()) {
            return new FetchResponse(FetchErrors.NONE, 0, reads.results());
        }
        return new FetchResponse(FetchErrors.NONE, session.get().id(), session.get().filterAndRemember(reads.results(), incremental));
    }
}

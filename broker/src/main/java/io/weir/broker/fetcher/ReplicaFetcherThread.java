package io.weir.broker.fetcher;

import io.weir.broker.net.BrokerClient;
import io.weir.broker.net.BrokerClientException;
import io.weir.storage.PartitionLog;
import io.weir.storage.TopicPartitionKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fetcher thread: follows a set of partitions led by one broker. Each round it first asks
 * the leader (OffsetForLeaderEpoch v4) where the partitions that must truncate diverge and
 * truncates them, then fetches the others (Fetch v17, sessionless) and appends what comes back.
 * Errors pause only the partition they concern, for {@code replica.fetch.backoff.ms}: fencing
 * and not-leader errors wait for the metadata to name a new leader or epoch; out of range
 * restarts the log at the leader's log start (when behind it) or truncates again by epochs.
 *
 * <p>Thread-safety: the partition map is guarded by {@code lock}, which is also held while a
 * response is applied (never while waiting on the network), so {@link #remove} returns only once
 * no write of the removed partition is under way.
 */
final class ReplicaFetcherThread implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ReplicaFetcherThread.class);
    private static final short FETCH_VERSION = 17;
    private static final short OFFSET_FOR_LEADER_EPOCH_VERSION = 4;

    private final FetcherConfig config;
    private final BrokerClient client;
    private final Clock clock;
    private final String logPrefix;
    private final Object lock = new Object();
    private final List<Consumer<TopicPartitionKey>> highWatermarkListeners;
    private final Map<TopicPartitionKey, FetchState> partitions = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    ReplicaFetcherThread(FetcherConfig config, BrokerClient client, Clock clock, String name,
            List<Consumer<TopicPartitionKey>> highWatermarkListeners) {
        this.config = config;
        this.highWatermarkListeners = highWatermarkListeners;
        this.client = client;
        this.clock = clock;
        this.logPrefix = "[node " + config.nodeId() + " " + name + "]";
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void add(FetchState state) {
        synchronized (lock) {
            partitions.put(state.key(), state);
            lock.notifyAll();
        }
    }

    /** Stops following {@code key}; returns once no write of it is under way. */
    void remove(TopicPartitionKey key) {
        synchronized (lock) {
            partitions.remove(key);
        }
    }

    boolean isEmpty() {
        synchronized (lock) {
            return partitions.isEmpty();
        }
    }

    /** Stops the thread and waits (bounded) for it to end. */
    void shutdown() {
        running = false;
        client.close();
        synchronized (lock) {
            lock.notifyAll();
        }
        try {
            thread.join(config.requestTimeoutMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        log.info("{} started", logPrefix);
        while (running) {
            try {
                doWork();
            } catch (BrokerClientException e) {
                log.debug("{} {}", logPrefix, e.getMessage());
                delayAll();
            } catch (RuntimeException e) {
                log.error("{} fetch round failed", logPrefix, e);
                delayAll();
            }
        }
        log.info("{} stopped", logPrefix);
    }

    private void doWork() {
        List<FetchState> truncating = new ArrayList<>();
        List<FetchState> fetching = new ArrayList<>();
        synchronized (lock) {
            long nowMs = clock.millis();
            for (FetchState state : partitions.values()) {
                if (state.ready(nowMs)) {
                    (state.truncating ? truncating : fetching).add(state);
                }
            }
            if (truncating.isEmpty() && fetching.isEmpty()) {
                awaitWork(nowMs);
                return;
            }
        }
        if (!truncating.isEmpty()) {
            truncate(truncating);
        }
        if (!fetching.isEmpty()) {
            fetch(fetching);
        }
    }

    private void awaitWork(long nowMs) {
        long waitMs = config.backoffMs();
        for (FetchState state : partitions.values()) {
            waitMs = Math.min(waitMs, state.delayedUntilMs - nowMs);
        }
        try {
            lock.wait(Math.max(1, waitMs));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void delayAll() {
        synchronized (lock) {
            long until = clock.millis() + config.backoffMs();
            partitions.values().forEach(state -> state.delayedUntilMs = until);
        }
    }

    private void truncate(List<FetchState> states) {
        OffsetForLeaderEpochRequestData request = new OffsetForLeaderEpochRequestData().setReplicaId(config.nodeId());
        Map<TopicPartitionKey, FetchState> sent = new HashMap<>();
        synchronized (lock) {
            for (FetchState state : states) {
                if (partitions.get(state.key()) != state) {
                    continue;
                }
                OptionalInt latest = state.partition.log().leaderEpochCache().latestEpoch();
                if (latest.isEmpty()) {
                    truncateTo(state, state.partition.log().logStartOffset());
                    continue;
                }
                OffsetForLeaderTopic topic = request.topics().find(state.key().topic());
                if (topic == null) {
                    topic = new OffsetForLeaderTopic().setTopic(state.key().topic());
                    request.topics().add(topic);
                }
                topic.partitions().add(new OffsetForLeaderPartition().setPartition(state.key().partition())
                        .setCurrentLeaderEpoch(state.leaderEpoch).setLeaderEpoch(latest.getAsInt()));
                sent.put(state.key(), state);
            }
        }
        if (sent.isEmpty()) {
            return;
        }
        OffsetForLeaderEpochResponseData response = client.send(request, OFFSET_FOR_LEADER_EPOCH_VERSION,
                OffsetForLeaderEpochResponseData.class);
        synchronized (lock) {
            for (OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult topic : response.topics()) {
                for (OffsetForLeaderEpochResponseData.EpochEndOffset result : topic.partitions()) {
                    FetchState state = sent.get(new TopicPartitionKey(topic.topic(), result.partition()));
                    if (state != null && partitions.get(state.key()) == state) {
                        onEpochEndOffset(state, result);
                    }
                }
            }
        }
    }

    private void onEpochEndOffset(FetchState state, OffsetForLeaderEpochResponseData.EpochEndOffset result) {
        if (result.errorCode() != Errors.NONE.code()) {
            pause(state, Errors.forCode(result.errorCode()).name());
            return;
        }
        PartitionLog partitionLog = state.partition.log();
        truncateTo(state, Truncation.truncationOffset(partitionLog, result.leaderEpoch(), result.endOffset()));
    }

    private void truncateTo(FetchState state, long offset) {
        PartitionLog partitionLog = state.partition.log();
        long before = partitionLog.logEndOffset();
        if (partitionLog.truncateTo(offset)) {
            log.info("{} {} truncated from log end {} to {} by leader epochs (leader {} at epoch {})", logPrefix, state.key(),
                    before, partitionLog.logEndOffset(), state.leaderId, state.leaderEpoch);
        }
        state.truncating = false;
    }

    private void pause(FetchState state, String why) {
        state.delayedUntilMs = clock.millis() + config.backoffMs();
        log.debug("{} {} paused for {} ms: {}", logPrefix, state, config.backoffMs(), why);
    }

    private void fetch(List<FetchState> states) {
        Map<String, FetchState> sent = new HashMap<>();
        FetchRequestData request;
        synchronized (lock) {
            request = fetchRequest(states, sent);
        }
        if (sent.isEmpty()) {
            return;
        }
        FetchResponseData response = client.send(request, FETCH_VERSION, FetchResponseData.class);
        if (response.errorCode() != Errors.NONE.code()) {
            throw new BrokerClientException("fetch failed: " + Errors.forCode(response.errorCode()));
        }
        synchronized (lock) {
            for (FetchResponseData.FetchableTopicResponse topic : response.responses()) {
                for (FetchResponseData.PartitionData data : topic.partitions()) {
                    FetchState state = sent.get(topic.topicId() + "-" + data.partitionIndex());
                    if (state != null && partitions.get(state.key()) == state) {
                        onPartitionData(state, data);
                    }
                }
            }
        }
    }

    private FetchRequestData fetchRequest(List<FetchState> states, Map<String, FetchState> sent) {
        Map<Uuid, FetchRequestData.FetchTopic> topics = new LinkedHashMap<>();
        for (FetchState state : states) {
            if (partitions.get(state.key()) != state || state.truncating) {
                continue;
            }
            PartitionLog partitionLog = state.partition.log();
            Uuid topicId = new Uuid(state.topicId().mostSignificantBits(), state.topicId().leastSignificantBits());
            topics.computeIfAbsent(topicId, id -> new FetchRequestData.FetchTopic().setTopicId(id)).partitions()
                    .add(new FetchRequestData.FetchPartition().setPartition(state.key().partition())
                            .setCurrentLeaderEpoch(state.leaderEpoch).setFetchOffset(partitionLog.logEndOffset())
                            .setLastFetchedEpoch(partitionLog.leaderEpochCache().latestEpoch().orElse(-1))
                            .setLogStartOffset(partitionLog.logStartOffset()).setPartitionMaxBytes(config.partitionMaxBytes()));
            sent.put(topicId + "-" + state.key().partition(), state);
        }
        FetchRequestData request = new FetchRequestData().setMaxWaitMs(config.maxWaitMs()).setMinBytes(config.minBytes())
                .setMaxBytes(config.responseMaxBytes()).setIsolationLevel((byte) 0).setSessionId(0).setSessionEpoch(-1)
                .setTopics(new ArrayList<>(topics.values()));
        request.replicaState().setReplicaId(config.nodeId()).setReplicaEpoch(-1);
        return request;
    }

    private void onPartitionData(FetchState state, FetchResponseData.PartitionData data) {
        Errors error = Errors.forCode(data.errorCode());
        if (error == Errors.OFFSET_OUT_OF_RANGE) {
            onOutOfRange(state, data);
            return;
        }
        if (error != Errors.NONE) {
            pause(state, error.name());
            return;
        }
        FetchResponseData.EpochEndOffset diverging = data.divergingEpoch();
        if (diverging != null && diverging.epoch() >= 0) {
            truncateTo(state, Truncation.truncationOffset(state.partition.log(), diverging.epoch(), diverging.endOffset()));
            return;
        }
        try {
            append(state, data);
        } catch (RuntimeException e) {
            log.info("{} {} append failed, truncating by epochs again: {}", logPrefix, state.key(), e.getMessage());
            state.truncating = true;
            pause(state, e.getMessage());
        }
    }

    private void append(FetchState state, FetchResponseData.PartitionData data) {
        PartitionLog partitionLog = state.partition.log();
        BaseRecords records = data.records();
        if (records instanceof MemoryRecords memory && memory.sizeInBytes() > 0) {
            partitionLog.appendAsFollower(memory.buffer());
        }
        if (partitionLog.updateHighWatermark(Math.min(data.highWatermark(), partitionLog.logEndOffset()))) {
            highWatermarkListeners.forEach(listener -> listener.accept(state.key()));
        }
        long leaderLogStart = data.logStartOffset();
        if (leaderLogStart > partitionLog.logStartOffset() && leaderLogStart <= partitionLog.highWatermark()) {
            partitionLog.maybeIncrementLogStartOffset(leaderLogStart);
        }
    }

    private void onOutOfRange(FetchState state, FetchResponseData.PartitionData data) {
        PartitionLog partitionLog = state.partition.log();
        long leaderLogStart = data.logStartOffset();
        if (leaderLogStart > partitionLog.logEndOffset()) {
            log.info("{} {} is behind the leader's log start {}: starting the log there", logPrefix, state.key(), leaderLogStart);
            partitionLog.truncateFullyAndStartAt(leaderLogStart);
            return;
        }
        state.truncating = true;
        pause(state, "offset out of range");
    }
}

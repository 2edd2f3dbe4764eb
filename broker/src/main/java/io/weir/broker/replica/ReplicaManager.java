package io.weir.broker.replica;

import io.weir.broker.concurrent.SerialExecutor;
import io.weir.metadata.Uuid;
import io.weir.storage.AppendResult;
import io.weir.storage.EpochEndOffset;
import io.weir.storage.LogConfig;
import io.weir.storage.LogManager;
import io.weir.storage.PartitionLog;
import io.weir.storage.TopicPartitionKey;
import java.nio.ByteBuffer;
import java.time.Clock;
import io.weir.storage.ControlBatches;
import io.weir.storage.producer.AppendOrigin;
import io.weir.storage.producer.TransactionResult;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions this broker hosts, and the Produce, ListOffsets, DeleteRecords and
 * OffsetForLeaderEpoch operations on them. Single node: this broker leads every partition it
 * hosts with ISR = itself, so each append moves the high watermark to the log end before it is
 * acknowledged (acks 1 and -1 answer alike).
 *
 * <p>Threading: every log operation that may touch the disk runs on the I/O executor given at
 * construction, never on the caller's thread (the callers are network event loops). Each
 * partition has a serial lane on that executor: operations on one partition run one at a time in
 * the order they were submitted, so two requests from one connection to one partition are
 * appended in arrival order, while different partitions proceed in parallel. Append listeners
 * are called on the I/O thread right after the high watermark moved; they must not block.
 *
 * <p>Thread-safety: all methods may be called from any thread. {@link #becomeLeader} and
 * {@link #stopReplica} are meant for the one metadata listener thread.
 */
public final class ReplicaManager {
    private static final Logger log = LoggerFactory.getLogger(ReplicaManager.class);

    private final int nodeId;
    private final LogManager logManager;
    private final Executor ioExecutor;
    private final Clock clock;
    private final ConcurrentHashMap<TopicPartitionKey, Partition> partitions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Uuid, String> topicNames = new ConcurrentHashMap<>();
    private final List<Consumer<TopicPartitionKey>> appendListeners = new CopyOnWriteArrayList<>();

    /**
     * @param nodeId this broker, for log lines
     * @param logManager opens, creates and deletes partition logs
     * @param ioExecutor runs appends and lookups ({@code num.io.threads} threads is the usual size)
     * @param clock broker time, for the CreateTime bounds
     */
    public ReplicaManager(int nodeId, LogManager logManager, Executor ioExecutor, Clock clock) {
        this.nodeId = nodeId;
        this.logManager = logManager;
        this.ioExecutor = ioExecutor;
        this.clock = clock;
    }

    /** The logs behind the partitions, for DescribeLogDirs. */
    public LogManager logManager() {
        return logManager;
    }

    /** {@link #becomeLeader(String, Uuid, int, int, LogConfig, TimestampLimits)} with Kafka's default bounds. */
    public Partition becomeLeader(String topic, Uuid topicId, int partition, int leaderEpoch, LogConfig config) {
        return becomeLeader(topic, topicId, partition, leaderEpoch, config, TimestampLimits.DEFAULTS);
    }

    /**
     * Hosts (or keeps hosting, at a new epoch or config) the partition as its leader: opens or
     * creates the log, starts the epoch at the log end, and moves the high watermark to the log
     * end (the ISR is this broker alone). Blocks on disk I/O: call from the metadata thread.
     */
    public Partition becomeLeader(String topic, Uuid topicId, int partition, int leaderEpoch, LogConfig config, TimestampLimits limits) {
        TopicPartitionKey key = new TopicPartitionKey(topic, partition);
        PartitionLog partitionLog = logManager.getOrCreateLog(topic, partition, config);
        partitionLog.updateConfig(config);
        Partition previous = partitions.get(key);
        SerialExecutor lane = previous != null ? previous.lane() : new SerialExecutor(ioExecutor);
        if (leaderEpoch >= 0 && partitionLog.leaderEpochCache().latestEpoch().orElse(-1) < leaderEpoch) {
            partitionLog.leaderEpochCache().assign(leaderEpoch, partitionLog.logEndOffset());
        }
        partitionLog.updateHighWatermark(partitionLog.logEndOffset());
        Partition hosted = new Partition(key, topicId, leaderEpoch, partitionLog, limits, lane);
        partitions.put(key, hosted);
        topicNames.put(topicId, topic);
        log.info("[node {} {}] leader at epoch {}, log end {}", nodeId, key, leaderEpoch, partitionLog.logEndOffset());
        return hosted;
    }

    /** Stops hosting the partition; with {@code delete} its log is removed from disk too. */
    public void stopReplica(String topic, int partition, boolean delete) {
        TopicPartitionKey key = new TopicPartitionKey(topic, partition);
        Partition removed = partitions.remove(key);
        if (removed != null && partitions.keySet().stream().noneMatch(k -> k.topic().equals(topic))) {
            topicNames.remove(removed.topicId(), topic);
        }
        if (delete) {
            logManager.deleteLog(topic, partition);
        }
        log.info("[node {} {}] stopped{}", nodeId, key, delete ? " and deleted" : "");
    }

    public Optional<Partition> partition(TopicPartitionKey key) {
        return Optional.ofNullable(partitions.get(key));
    }

    /** The name of a hosted topic by its id (Produce v13 names topics by id). */
    public Optional<String> topicName(Uuid topicId) {
        return Optional.ofNullable(topicNames.get(topicId));
    }

    /** Called with each partition whose high watermark an append moved (fetch long-polls wait on this). */
    public void addAppendListener(Consumer<TopicPartitionKey> listener) {
        appendListeners.add(listener);
    }

    /**
     * Appends each partition's records as leader. Each entry's future completes on an I/O thread
     * with that partition's result; a failing partition never fails another. The buffers are read
     * (and their batch headers rewritten in place) until the returned future completes.
     *
     * @param zstdAllowed whether the request's version may carry zstd batches (Produce v7+)
     */
    public CompletableFuture<Map<TopicPartitionKey, ProduceResult>> appendRecords(Map<TopicPartitionKey, ByteBuffer> recordsByPartition,
            boolean zstdAllowed) {
        Map<TopicPartitionKey, CompletableFuture<ProduceResult>> pending = new LinkedHashMap<>();
        recordsByPartition.forEach((key, records) -> pending.put(key, appendTo(key, records, zstdAllowed)));
        return CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Map<TopicPartitionKey, ProduceResult> results = new LinkedHashMap<>();
            pending.forEach((key, future) -> results.put(key, future.join()));
            return results;
        });
    }

    private CompletableFuture<ProduceResult> appendTo(TopicPartitionKey key, ByteBuffer records, boolean zstdAllowed) {
        Partition partition = partitions.get(key);
        if (partition == null) {
            return CompletableFuture.completedFuture(ProduceResult.error(PartitionError.UNKNOWN_TOPIC_OR_PARTITION.code(), -1,
                    List.of(), Optional.empty()));
        }
        CompletableFuture<ProduceResult> result = new CompletableFuture<>();
        partition.lane().execute(() -> result.complete(appendOnLane(partition, records, zstdAllowed)));
        return result;
    }

    private ProduceResult appendOnLane(Partition partition, ByteBuffer records, boolean zstdAllowed) {
        PartitionLog partitionLog = partition.log();
        try {
            Optional<BatchChecks.Failure> failure = BatchChecks.checkShape(records, zstdAllowed)
                    .or(() -> BatchChecks.check(records, partitionLog.config().timestampType(), partition.timestampLimits(),
                            clock.millis()));
            if (failure.isPresent()) {
                BatchChecks.Failure f = failure.get();
                log.debug("[node {} {}] produce refused: {}", nodeId, partition.key(), f.message());
                return ProduceResult.error(f.error().code(), partitionLog.logStartOffset(), f.recordError().stream().toList(),
                        Optional.of(f.message()));
            }
            AppendResult appended = partitionLog.appendAsLeader(records, partition.leaderEpoch());
            if (appended.recordCount() > 0 && partitionLog.updateHighWatermark(partitionLog.logEndOffset())) {
                notifyAppend(partition.key());
            }
            return new ProduceResult(PartitionError.NONE.code(), appended.firstOffset(), appended.logAppendTimeMs(),
                    appended.logStartOffset(), List.of(), Optional.empty());
        } catch (RuntimeException e) {
            String prefix = "[node " + nodeId + " " + partition.key() + "] ";
            short code = ErrorCodes.codeOf(e, prefix);
            log.debug("{}produce failed with error {}: {}", prefix, code, e.getMessage());
            // Internal exception messages are for the log, not the client.
            return ProduceResult.error(code, partitionLog.logStartOffset(), List.of(), Optional.empty());
        }
    }

    /**
     * WriteTxnMarkers for one transaction: appends to each partition, on its lane, an
     * end-transaction control batch ({@link ControlBatches#endTransactionMarker}: COMMIT or ABORT,
     * {@code coordinatorEpoch}, the producer's id and epoch, base sequence -1) as a
     * {@link AppendOrigin#COORDINATOR} append, checked against the partition's producer state
     * under {@code transactionVersion}'s rules (from version 2, KIP-890, the marker's epoch must
     * be newer than the epoch of the transaction's data, unless it retries the marker that already
     * closed it). The last stable offset and the aborted-transaction index move with the marker;
     * waiting fetches are woken. Completes, on an I/O thread, once every partition answered
     * (single node: appended and below the high watermark).
     *
     * @return per partition 0 (NONE) or the error: UNKNOWN_TOPIC_OR_PARTITION (not hosted),
     *     INVALID_PRODUCER_EPOCH (47, stale epoch), TRANSACTION_COORDINATOR_FENCED (52, older
     *     coordinator epoch than the partition saw), KAFKA_STORAGE_ERROR (56)
     */
    public CompletableFuture<Map<TopicPartitionKey, Short>> writeTxnMarkers(long producerId, short producerEpoch,
            int coordinatorEpoch, boolean commit, int transactionVersion, Collection<TopicPartitionKey> partitions) {
        TransactionResult result = commit ? TransactionResult.COMMIT : TransactionResult.ABORT;
        Map<TopicPartitionKey, CompletableFuture<Short>> pending = new LinkedHashMap<>();
        for (TopicPartitionKey key : partitions) {
            Partition partition = this.partitions.get(key);
            if (partition == null) {
                pending.put(key, CompletableFuture.completedFuture(PartitionError.UNKNOWN_TOPIC_OR_PARTITION.code()));
                continue;
            }
            CompletableFuture<Short> done = new CompletableFuture<>();
            partition.lane().execute(() -> done.complete(
                    writeMarkerOnLane(partition, producerId, producerEpoch, coordinatorEpoch, result, transactionVersion)));
            pending.put(key, done);
        }
        return CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Map<TopicPartitionKey, Short> errors = new LinkedHashMap<>();
            pending.forEach((key, future) -> errors.put(key, future.join()));
            return errors;
        });
    }

    private short writeMarkerOnLane(Partition partition, long producerId, short producerEpoch, int coordinatorEpoch,
            TransactionResult result, int transactionVersion) {
        PartitionLog partitionLog = partition.log();
        String prefix = "[node " + nodeId + " " + partition.key() + "] ";
        try {
            partitionLog.appendAsLeader(
                    ControlBatches.endTransactionMarker(producerId, producerEpoch, coordinatorEpoch, result, clock.millis()),
                    partition.leaderEpoch(), AppendOrigin.COORDINATOR, transactionVersion);
            if (partitionLog.updateHighWatermark(partitionLog.logEndOffset())) {
                notifyAppend(partition.key());
            }
            log.debug("{}wrote {} marker for producer {} epoch {}", prefix, result, producerId, producerEpoch);
            return PartitionError.NONE.code();
        } catch (RuntimeException e) {
            short code = ErrorCodes.codeOf(e, prefix);
            log.debug("{}{} marker for producer {} epoch {} failed with error {}: {}", prefix, result, producerId,
                    producerEpoch, code, e.getMessage());
            return code;
        }
    }

    private void notifyAppend(TopicPartitionKey key) {
        for (Consumer<TopicPartitionKey> listener : appendListeners) {
            try {
                listener.accept(key);
            } catch (RuntimeException e) {
                log.error("[node {} {}] append listener failed", nodeId, key, e);
            }
        }
    }

    /**
     * ListOffsets for one partition: timestamps -1 (latest: the high watermark, or the last stable
     * offset for read_committed), -2 (earliest), -3 (max
     * timestamp), -4 (earliest local: the log start offset, no tiered storage), -5 and -6 (latest
     * tiered and earliest pending upload: offset -1, as Kafka answers without tiered storage), or
     * a timestamp {@code >= 0}. Results are bounded by the isolation level's last offset.
     *
     * @throws ReplicaException (in the future) unknown partition, leader epoch fencing
     */
    public CompletableFuture<OffsetLookup> listOffset(TopicPartitionKey key, long timestampMs, IsolationLevel isolation,
            Optional<Integer> currentLeaderEpoch) {
        return onLane(key, partition -> () -> {
            partition.checkCurrentLeaderEpoch(currentLeaderEpoch);
            return OffsetLookups.lookup(partition, timestampMs, isolation);
        });
    }

    /**
     * DeleteRecords for one partition: moves the log start offset to {@code offset} (-1: the high
     * watermark) and answers the new low watermark (the log start offset).
     *
     * @throws ReplicaException (in the future) unknown partition, OFFSET_OUT_OF_RANGE for a negative
     *     offset other than -1 or one beyond the high watermark
     */
    public CompletableFuture<Long> deleteRecords(TopicPartitionKey key, long offset) {
        return onLane(key, partition -> () -> {
            PartitionLog partitionLog = partition.log();
            long target = offset == -1 ? partitionLog.highWatermark() : offset;
            if (target < 0) {
                throw new ReplicaException(PartitionError.OFFSET_OUT_OF_RANGE, key + ": cannot delete records before offset " + offset);
            }
            if (partitionLog.maybeIncrementLogStartOffset(target)) {
                log.info("[node {} {}] log start offset moved to {} by DeleteRecords", nodeId, key, target);
            }
            return partitionLog.logStartOffset();
        });
    }

    /**
     * OffsetForLeaderEpoch: the end offset of {@code leaderEpoch} (the largest epoch at most it and
     * where it ends), after epoch fencing. In memory: safe to call on any thread.
     *
     * @throws ReplicaException unknown partition, FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH
     */
    public EpochEndOffset endOffsetForEpoch(TopicPartitionKey key, int leaderEpoch, Optional<Integer> currentLeaderEpoch) {
        Partition partition = hosted(key);
        partition.checkCurrentLeaderEpoch(currentLeaderEpoch);
        return partition.log().endOffsetForEpoch(leaderEpoch);
    }

    private Partition hosted(TopicPartitionKey key) {
        Partition partition = partitions.get(key);
        if (partition == null) {
            throw new ReplicaException(PartitionError.UNKNOWN_TOPIC_OR_PARTITION, key + " is not hosted on node " + nodeId);
        }
        return partition;
    }

    private <T> CompletableFuture<T> onLane(TopicPartitionKey key, Function<Partition, Supplier<T>> work) {
        Partition partition;
        try {
            partition = hosted(key);
        } catch (ReplicaException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.supplyAsync(work.apply(partition), partition.lane());
    }
}

package io.weir.broker.replica;

import io.weir.broker.concurrent.SerialExecutor;
import io.weir.metadata.Uuid;
import io.weir.metadata.image.PartitionRegistration;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions this broker hosts, as leader or follower, and the Produce, ListOffsets,
 * DeleteRecords and OffsetForLeaderEpoch operations on them.
 *
 * <p>Replication (Kafka's rules): as leader, an append moves the log end; the high watermark is
 * the smallest log end over the ISR ({@link LeaderState}), moved by appends and by follower
 * fetches ({@link #recordFollowerFetch}). An acks=all produce (and every internal write and
 * transaction marker) completes once the high watermark passed its last offset, fails with
 * NOT_ENOUGH_REPLICAS before appending when the ISR is smaller than {@code min.insync.replicas},
 * with NOT_ENOUGH_REPLICAS_AFTER_APPEND when it shrank below it meanwhile, and with
 * REQUEST_TIMED_OUT after its timeout. The leader proposes ISR changes through an
 * {@link AlterPartitionSender}: expansion when a follower caught up, shrinking (checked every
 * {@code replica.lag.time.max.ms / 2}) when one lagged too long. With this broker as the only
 * replica the high watermark follows each append at once and nothing waits. As follower the
 * replica fetcher ({@code io.weir.broker.fetcher}) writes the log; produce and consumer reads get
 * NOT_LEADER_OR_FOLLOWER.
 *
 * <p>Threading: every log operation that may touch the disk runs on the I/O executor given at
 * construction, never on the caller's thread (the callers are network event loops). Each
 * partition has a serial lane on that executor: operations on one partition run one at a time in
 * the order they were submitted, so two requests from one connection to one partition are
 * appended in arrival order, while different partitions proceed in parallel. Append listeners
 * are called right after the log end or the high watermark moved; they must not block.
 *
 * <p>Thread-safety: all methods may be called from any thread. {@link #becomeLeader},
 * {@link #becomeFollower} and {@link #stopReplica} are meant for the one metadata listener thread.
 *
 * <p>Size: this is the one entry point of every partition operation the APIs need (about 550
 * lines); the replication rules themselves live in {@link LeaderState} and {@link Partition}.
 */
public final class ReplicaManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicaManager.class);
    /** How long internal writes (coordinators) wait for replication; Kafka's offsets.commit.timeout.ms. */
    public static final int INTERNAL_WRITE_TIMEOUT_MS = 5000;
    private static final short ACKS_ALL = -1;

    private final int nodeId;
    private final LogManager logManager;
    private final Executor ioExecutor;
    private final Clock clock;
    private final Optional<ScheduledExecutorService> scheduler;
    private final AlterPartitionSender alterPartition;
    private final long replicaLagTimeMaxMs;
    private final BooleanSupplier metadataCurrent;
    private final Optional<ScheduledFuture<?>> isrExpiration;
    private final ConcurrentHashMap<TopicPartitionKey, Partition> partitions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Uuid, String> topicNames = new ConcurrentHashMap<>();
    private final List<Consumer<TopicPartitionKey>> appendListeners = new CopyOnWriteArrayList<>();
    /** Which nodes may join an ISR, by the newest metadata: registered and not fenced. */
    private volatile IntPredicate isrEligible = replica -> true;

    /**
     * A single node's replica manager: every partition has this broker as its only replica, so
     * nothing waits for followers and no ISR changes are ever proposed.
     *
     * @param nodeId this broker, for log lines
     * @param logManager opens, creates and deletes partition logs
     * @param ioExecutor runs appends and lookups ({@code num.io.threads} threads is the usual size)
     * @param clock broker time, for the CreateTime bounds
     */
    public ReplicaManager(int nodeId, LogManager logManager, Executor ioExecutor, Clock clock) {
        this(nodeId, logManager, ioExecutor, clock, Optional.empty(), ReplicaManager::noIsrChanges, Long.MAX_VALUE, () -> true);
    }

    /**
     * A replica manager of a cluster node.
     *
     * @param scheduler runs produce timeouts and the ISR expiration check (not owned)
     * @param alterPartition sends ISR changes to the controller
     * @param replicaLagTimeMaxMs {@code replica.lag.time.max.ms}
     * @param metadataCurrent whether this node's metadata may be trusted (see
     *     {@code MetadataStore.mayLead}); while it is false no partition is served as leader
     */
    public ReplicaManager(int nodeId, LogManager logManager, Executor ioExecutor, Clock clock, ScheduledExecutorService scheduler,
            AlterPartitionSender alterPartition, long replicaLagTimeMaxMs, BooleanSupplier metadataCurrent) {
        this(nodeId, logManager, ioExecutor, clock, Optional.of(scheduler), alterPartition, replicaLagTimeMaxMs, metadataCurrent);
    }

    private ReplicaManager(int nodeId, LogManager logManager, Executor ioExecutor, Clock clock, Optional<ScheduledExecutorService> scheduler,
            AlterPartitionSender alterPartition, long replicaLagTimeMaxMs, BooleanSupplier metadataCurrent) {
        this.nodeId = nodeId;
        this.logManager = logManager;
        this.ioExecutor = ioExecutor;
        this.clock = clock;
        this.scheduler = scheduler;
        this.alterPartition = alterPartition;
        this.replicaLagTimeMaxMs = replicaLagTimeMaxMs;
        this.metadataCurrent = metadataCurrent;
        long checkMs = Math.max(1, replicaLagTimeMaxMs / 2);
        this.isrExpiration = scheduler.map(s -> s.scheduleWithFixedDelay(this::maybeShrinkIsrs, checkMs, checkMs, TimeUnit.MILLISECONDS));
    }

    private static CompletableFuture<PartitionRegistration> noIsrChanges(Uuid topicId, int partition, int leaderId, int leaderEpoch,
            int partitionEpoch, List<Integer> newIsr) {
        return CompletableFuture.failedFuture(new ReplicaException(PartitionError.INVALID_REQUEST, "a single node has no ISR to change"));
    }

    /** Stops the ISR expiration check. Idempotent. */
    @Override
    public void close() {
        isrExpiration.ifPresent(task -> task.cancel(false));
    }

    /** The logs behind the partitions, for DescribeLogDirs. */
    public LogManager logManager() {
        return logManager;
    }

    /** {@link #becomeLeader(String, Uuid, int, int, LogConfig, TimestampLimits)} with Kafka's default bounds. */
    public Partition becomeLeader(String topic, Uuid topicId, int partition, int leaderEpoch, LogConfig config) {
        return becomeLeader(topic, topicId, partition, leaderEpoch, config, TimestampLimits.DEFAULTS);
    }

    /** Leads the partition as its only replica (a single node). */
    public Partition becomeLeader(String topic, Uuid topicId, int partition, int leaderEpoch, LogConfig config, TimestampLimits limits) {
        return becomeLeader(topic, topicId, partition, LeaderAndIsr.soleReplica(nodeId, leaderEpoch), config, limits, 1);
    }

    /**
     * Hosts (or keeps hosting, at a new epoch, ISR or config) the partition as its leader: opens or
     * creates the log, starts a new leader epoch at the log end, and moves the high watermark as
     * far as the ISR allows. The same log and lane are kept across epochs and roles. Blocks on
     * disk I/O: call from the metadata thread.
     */
    public Partition becomeLeader(String topic, Uuid topicId, int partition, LeaderAndIsr assignment, LogConfig config,
            TimestampLimits limits, int minInsyncReplicas) {
        TopicPartitionKey key = new TopicPartitionKey(topic, partition);
        Partition hosted = host(key, topicId, config, limits, minInsyncReplicas, assignment.leaderEpoch());
        PartitionLog partitionLog = hosted.log();
        int leaderEpoch = assignment.leaderEpoch();
        if (leaderEpoch >= 0 && partitionLog.leaderEpochCache().latestEpoch().orElse(-1) < leaderEpoch) {
            partitionLog.leaderEpochCache().assign(leaderEpoch, partitionLog.logEndOffset());
        }
        boolean wasLeader = hosted.isLeader();
        int previousEpoch = hosted.leaderEpoch();
        if (hosted.makeLeader(assignment, clock.millis()) && (!wasLeader || previousEpoch != leaderEpoch)) {
            log.info("[node {} {}] leader at epoch {}, log end {}, high watermark {}, isr {}", nodeId, key, leaderEpoch,
                    partitionLog.logEndOffset(), partitionLog.highWatermark(), assignment.isr());
        }
        onHighWatermarkMaybeMoved(hosted, hosted.maybeIncrementHighWatermark());
        return hosted;
    }

    /**
     * Hosts the partition as a follower of {@code leaderId} ({@code -1}: none now): opens or
     * creates the log; produces waiting as leader fail with NOT_LEADER_OR_FOLLOWER. The replica
     * fetcher truncates and fills the log. Blocks on disk I/O: call from the metadata thread.
     */
    public Partition becomeFollower(String topic, Uuid topicId, int partition, int leaderId, int leaderEpoch, int partitionEpoch,
            LogConfig config, TimestampLimits limits, int minInsyncReplicas) {
        TopicPartitionKey key = new TopicPartitionKey(topic, partition);
        Partition hosted = host(key, topicId, config, limits, minInsyncReplicas, leaderEpoch);
        boolean changed = hosted.isLeader() || hosted.leaderEpoch() != leaderEpoch || hosted.followedLeader().orElse(-1) != leaderId;
        fail(hosted.makeFollower(leaderId, leaderEpoch, partitionEpoch), PartitionError.NOT_LEADER_OR_FOLLOWER);
        if (changed) {
            log.info("[node {} {}] follower of {} at epoch {}, log end {}", nodeId, key, leaderId, leaderEpoch,
                    hosted.log().logEndOffset());
        }
        return hosted;
    }

    private Partition host(TopicPartitionKey key, Uuid topicId, LogConfig config, TimestampLimits limits, int minIsr, int leaderEpoch) {
        PartitionLog partitionLog = logManager.getOrCreateLog(key.topic(), key.partition(), topicId.toString(), config);
        partitionLog.updateConfig(config);
        Partition hosted = partitions.computeIfAbsent(key, k -> new Partition(nodeId, k, topicId, partitionLog, limits,
                new SerialExecutor(ioExecutor), new ReplicaRole.Follower(-1, leaderEpoch, -1)));
        if (hosted.log() != partitionLog) {
            // The log was deleted and created anew under the same name: start over with it.
            fail(hosted.drainWaiters(), PartitionError.NOT_LEADER_OR_FOLLOWER);
            hosted = new Partition(nodeId, key, topicId, partitionLog, limits, hosted.lane(), new ReplicaRole.Follower(-1, leaderEpoch, -1));
            partitions.put(key, hosted);
        }
        hosted.configure(limits, minIsr);
        topicNames.put(topicId, key.topic());
        return hosted;
    }

    /** Stops hosting the partition; with {@code delete} its log is removed from disk too. */
    public void stopReplica(String topic, int partition, boolean delete) {
        TopicPartitionKey key = new TopicPartitionKey(topic, partition);
        Partition removed = partitions.remove(key);
        if (removed != null) {
            fail(removed.drainWaiters(), PartitionError.NOT_LEADER_OR_FOLLOWER);
            if (partitions.keySet().stream().noneMatch(k -> k.topic().equals(topic))) {
                topicNames.remove(removed.topicId(), topic);
            }
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

    /** Called with each partition whose log end or high watermark moved (fetch long-polls wait on this). */
    public void addAppendListener(Consumer<TopicPartitionKey> listener) {
        appendListeners.add(listener);
    }

    /**
     * Appends each partition's records as leader and completes once they are replicated to the
     * ISR (acks=all, {@link #INTERNAL_WRITE_TIMEOUT_MS}): the coordinators' internal writes.
     */
    public CompletableFuture<Map<TopicPartitionKey, ProduceResult>> appendRecords(Map<TopicPartitionKey, ByteBuffer> recordsByPartition,
            boolean zstdAllowed) {
        return appendRecords(recordsByPartition, zstdAllowed, ACKS_ALL, INTERNAL_WRITE_TIMEOUT_MS);
    }

    /**
     * Appends each partition's records as leader. Each entry's future completes with that
     * partition's result: for {@code acks} 0 and 1 once appended, for -1 once the high watermark
     * passed the records (or after {@code timeoutMs} with REQUEST_TIMED_OUT); a failing partition
     * never fails another. The buffers are read (and their batch headers rewritten in place) until
     * the returned future completes.
     *
     * @param zstdAllowed whether the request's version may carry zstd batches (Produce v7+)
     */
    public CompletableFuture<Map<TopicPartitionKey, ProduceResult>> appendRecords(Map<TopicPartitionKey, ByteBuffer> recordsByPartition,
            boolean zstdAllowed, short acks, int timeoutMs) {
        return appendRecords(recordsByPartition, zstdAllowed, acks, timeoutMs, Map.of());
    }

    /**
     * {@link #appendRecords(Map, boolean, short, int)} for a transactional producer whose partitions
     * were verified: a partition with an entry in {@code verifications} is appended only if its
     * verification still holds on the lane (else INVALID_TXN_STATE; see {@link TxnVerification}).
     */
    public CompletableFuture<Map<TopicPartitionKey, ProduceResult>> appendRecords(Map<TopicPartitionKey, ByteBuffer> recordsByPartition,
            boolean zstdAllowed, short acks, int timeoutMs, Map<TopicPartitionKey, TxnVerification> verifications) {
        Map<TopicPartitionKey, CompletableFuture<ProduceResult>> pending = new LinkedHashMap<>();
        recordsByPartition.forEach((key, records) -> pending.put(key, appendTo(key, records, zstdAllowed, acks, timeoutMs,
                Optional.ofNullable(verifications.get(key)))));
        return CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Map<TopicPartitionKey, ProduceResult> results = new LinkedHashMap<>();
            pending.forEach((key, future) -> results.put(key, future.join()));
            return results;
        });
    }

    private CompletableFuture<ProduceResult> appendTo(TopicPartitionKey key, ByteBuffer records, boolean zstdAllowed, short acks,
            int timeoutMs, Optional<TxnVerification> verification) {
        Partition partition = partitions.get(key);
        if (partition == null) {
            return CompletableFuture.completedFuture(ProduceResult.error(PartitionError.UNKNOWN_TOPIC_OR_PARTITION.code(), -1,
                    List.of(), Optional.empty()));
        }
        CompletableFuture<ProduceResult> result = new CompletableFuture<>();
        partition.lane().execute(() -> {
            ProduceResult appended = verification.filter(v -> !partition.stillVerified(v)).isPresent()
                    ? ProduceResult.error(PartitionError.INVALID_TXN_STATE.code(), partition.log().logStartOffset(), List.of(),
                            Optional.of("the transaction ended while this append was verified"))
                    : appendOnLane(partition, records, zstdAllowed, acks);
            if (acks != ACKS_ALL || appended.errorCode() != PartitionError.NONE.code()) {
                result.complete(appended);
            } else {
                long required = partition.log().logEndOffset();
                awaitReplication(partition, required, appended, timeoutMs).whenComplete((r, e) -> result.complete(r));
            }
        });
        return result;
    }

    /**
     * Starts the verification of a transactional append (see {@link TxnVerification}).
     *
     * @return the guard to pass with the append, or empty if this broker does not host the partition
     */
    public Optional<Object> startTxnVerification(TopicPartitionKey key, long producerId) {
        return partition(key).map(partition -> partition.startVerification(producerId));
    }

    /**
     * Whether this broker may act as the leader of {@code partition} now: it leads it in its image
     * and the image is current.
     */
    public boolean serves(Partition partition) {
        return partition.isLeader() && metadataCurrent.getAsBoolean();
    }

    /** Throws NOT_LEADER_OR_FOLLOWER unless {@link #serves} says yes. */
    private void checkLeader(Partition partition) {
        if (partition.isLeader() && !metadataCurrent.getAsBoolean()) {
            throw new ReplicaException(PartitionError.NOT_LEADER_OR_FOLLOWER, partition.key() + ": node " + nodeId
                    + " knows no active controller and holds no heartbeat lease, so its view of who leads may be stale");
        }
        partition.checkLeader();
    }

    private ProduceResult appendOnLane(Partition partition, ByteBuffer records, boolean zstdAllowed, short acks) {
        PartitionLog partitionLog = partition.log();
        try {
            checkLeader(partition);
            Optional<BatchChecks.Failure> failure = BatchChecks.checkShape(records, zstdAllowed)
                    .or(() -> BatchChecks.check(records, partitionLog.config().timestampType(), partition.timestampLimits(),
                            clock.millis()));
            if (failure.isPresent()) {
                BatchChecks.Failure f = failure.get();
                log.debug("[node {} {}] produce refused: {}", nodeId, partition.key(), f.message());
                return ProduceResult.error(f.error().code(), partitionLog.logStartOffset(), f.recordError().stream().toList(),
                        Optional.of(f.message()));
            }
            checkMinIsr(partition, acks);
            AppendResult appended = partitionLog.appendAsLeader(records, partition.leaderEpoch());
            afterLeaderAppend(partition, appended.recordCount() > 0);
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

    private static void checkMinIsr(Partition partition, short acks) {
        int isrSize = partition.isrSize();
        if (acks == ACKS_ALL && isrSize < partition.minInsyncReplicas()) {
            throw new ReplicaException(PartitionError.NOT_ENOUGH_REPLICAS, partition.key() + ": the ISR has " + isrSize
                    + " replicas, fewer than min.insync.replicas=" + partition.minInsyncReplicas());
        }
    }

    private void afterLeaderAppend(Partition partition, boolean logEndMoved) {
        boolean hwMoved = partition.maybeIncrementHighWatermark();
        if (logEndMoved && !hwMoved) {
            // Followers long-poll on the log end.
            notifyAppend(partition.key());
        }
        onHighWatermarkMaybeMoved(partition, hwMoved);
    }

    private void onHighWatermarkMaybeMoved(Partition partition, boolean moved) {
        if (moved) {
            notifyAppend(partition.key());
            partition.completableWaiters().forEach(Partition.Completion::run);
        }
    }

    /**
     * Completes with {@code success} once the high watermark reached {@code requiredOffset} (at once
     * when it already has: the single-node path), with an error if the ISR shrank below
     * min.insync.replicas, leadership moved, or {@code timeoutMs} passed.
     */
    private CompletableFuture<ProduceResult> awaitReplication(Partition partition, long requiredOffset, ProduceResult success,
            long timeoutMs) {
        Partition.Waiter waiter = new Partition.Waiter(requiredOffset, success, new CompletableFuture<>());
        partition.await(waiter).forEach(Partition.Completion::run);
        if (!waiter.future().isDone() && scheduler.isPresent()) {
            ScheduledFuture<?> timeout = scheduler.get().schedule(() -> {
                if (partition.removeWaiter(waiter)) {
                    waiter.future().complete(ProduceResult.error(PartitionError.REQUEST_TIMED_OUT.code(),
                            partition.log().logStartOffset(), List.of(), Optional.of("not replicated within " + timeoutMs + " ms")));
                }
            }, timeoutMs, TimeUnit.MILLISECONDS);
            waiter.future().whenComplete((r, e) -> timeout.cancel(false));
        }
        return waiter.future();
    }

    private static void fail(List<Partition.Waiter> waiters, PartitionError error) {
        for (Partition.Waiter waiter : waiters) {
            waiter.future().complete(ProduceResult.error(error.code(), -1, List.of(), Optional.empty()));
        }
    }

    /**
     * Leader side of a follower's Fetch: records that {@code replicaId} fetched {@code key} at
     * {@code fetchOffset} (its log end), moves the high watermark, completes the produces it
     * passed, wakes consumer fetches and proposes that the follower join the ISR when it caught up
     * and the metadata shows it eligible.
     * Ignored unless this broker leads the partition at {@code currentLeaderEpoch} (-1: any), and
     * when the fetch cannot be served as it is (beyond the log end, or diverging from this log at
     * {@code lastFetchedEpoch}, -1 for unknown): such a follower truncates first.
     * Non-blocking apart from the log's lock; call before reading for the fetch.
     */
    public void recordFollowerFetch(int replicaId, TopicPartitionKey key, int currentLeaderEpoch, int lastFetchedEpoch,
            long fetchOffset) {
        Partition partition = partitions.get(key);
        if (partition == null) {
            return;
        }
        Partition.FollowerFetchOutcome outcome = partition.onFollowerFetch(replicaId, currentLeaderEpoch, lastFetchedEpoch, fetchOffset,
                clock.millis(), isrEligible);
        onHighWatermarkMaybeMoved(partition, outcome.highWatermarkMoved());
        outcome.isrChange().ifPresent(change -> sendIsrChange(partition, change, "expand"));
    }

    /**
     * Which nodes may join an ISR, from the newest metadata (registered and unfenced, as the
     * controller checks): a caught-up follower that is not is left out of the leader's proposals,
     * which the controller would refuse. Every node may until this is called.
     */
    public void setIsrEligible(IntPredicate eligible) {
        isrEligible = eligible;
    }

    /** The periodic check: every led partition drops the followers that lagged too long. */
    void maybeShrinkIsrs() {
        long nowMs = clock.millis();
        for (Partition partition : partitions.values()) {
            try {
                partition.maybeShrinkIsr(nowMs, replicaLagTimeMaxMs).ifPresent(change -> sendIsrChange(partition, change, "shrink"));
            } catch (RuntimeException e) {
                log.error("[node {} {}] ISR expiration check failed", nodeId, partition.key(), e);
            }
        }
    }

    private void sendIsrChange(Partition partition, IsrChange change, String why) {
        log.info("[node {} {}] proposing to {} the ISR {} -> {} at leader epoch {}, partition epoch {}", nodeId, partition.key(), why,
                partition.isr(), change.newIsr(), change.leaderEpoch(), change.partitionEpoch());
        CompletableFuture<PartitionRegistration> sent;
        try {
            sent = alterPartition.alterPartition(change.topicId(), change.partition(), change.leaderId(), change.leaderEpoch(),
                    change.partitionEpoch(), change.newIsr());
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((registration, failure) -> {
            if (failure != null) {
                log.info("[node {} {}] ISR change to {} refused: {}", nodeId, partition.key(), change.newIsr(),
                        ErrorCodes.unwrap(failure).getMessage());
                partition.onIsrChangeFailed(change);
            } else {
                partition.onIsrChangeCommitted(change, registration.isr());
            }
        });
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
     * (appended and below the high watermark, i.e. replicated to the ISR).
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
            partition.lane().execute(() -> {
                short code = writeMarkerOnLane(partition, producerId, producerEpoch, coordinatorEpoch, result, transactionVersion);
                if (code != PartitionError.NONE.code()) {
                    done.complete(code);
                    return;
                }
                ProduceResult written = new ProduceResult(code, -1, -1, -1, List.of(), Optional.empty());
                awaitReplication(partition, partition.log().logEndOffset(), written, INTERNAL_WRITE_TIMEOUT_MS)
                        .whenComplete((r, e) -> done.complete(r.errorCode()));
            });
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
            checkLeader(partition);
            partition.endVerification(producerId);
            partitionLog.appendAsLeader(
                    ControlBatches.endTransactionMarker(producerId, producerEpoch, coordinatorEpoch, result, clock.millis()),
                    partition.leaderEpoch(), AppendOrigin.COORDINATOR, transactionVersion);
            afterLeaderAppend(partition, true);
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
     * @throws ReplicaException (in the future) unknown partition, NOT_LEADER_OR_FOLLOWER, leader epoch fencing,
     *     OFFSET_NOT_AVAILABLE while a new leader's high watermark lags the start of its epoch (KIP-207)
     */
    public CompletableFuture<OffsetLookup> listOffset(TopicPartitionKey key, long timestampMs, IsolationLevel isolation,
            Optional<Integer> currentLeaderEpoch) {
        return onLane(key, partition -> () -> {
            checkLeader(partition);
            partition.checkCurrentLeaderEpoch(currentLeaderEpoch);
            partition.checkHighWatermarkSettled();
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
            checkLeader(partition);
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
     * @throws ReplicaException unknown partition, NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH
     */
    public EpochEndOffset endOffsetForEpoch(TopicPartitionKey key, int leaderEpoch, Optional<Integer> currentLeaderEpoch) {
        Partition partition = hosted(key);
        checkLeader(partition);
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

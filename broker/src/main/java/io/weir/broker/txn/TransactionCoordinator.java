package io.weir.broker.txn;

import io.weir.broker.group.CoordinatorLeadership;
import io.weir.broker.group.CoordinatorStatus;
import io.weir.broker.group.CoordinatorTimer;
import io.weir.broker.concurrent.SerialExecutor;
import io.weir.storage.TopicPartitionKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction coordinator of one node: the entry point of the transaction APIs. Transactional
 * id {@code t} belongs to partition {@code abs(t.hashCode()) % transaction.state.log.num.partitions}
 * of {@code __transaction_state} (Kafka's rule); the node leading that partition runs a
 * {@link TxnShard} for it, loaded when the node becomes leader ({@link #onBecomeLeader}; the
 * partition's leader epoch is the coordinator epoch the markers carry) and dropped when it stops.
 *
 * <p>Every operation completes its future with the shard's answer, or exceptionally with a
 * {@link TxnException}: NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE
 * (shutting down), or the operation's own error.
 *
 * <p>Threading: each shard runs on its own {@link SerialExecutor} lane over the executor given at
 * construction; loading reads the log on that lane. All public methods may be called from any
 * thread and never block; futures complete on the shard's lane.
 */
public final class TransactionCoordinator implements CoordinatorLeadership, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TransactionCoordinator.class);

    private final int nodeId;
    private final TxnConfig config;
    private final TxnLog txnLog;
    private final TxnMarkerWriter markers;
    private final TxnCompletionListener completions;
    private final ProducerIdSource producerIds;
    private final CoordinatorTimer timer;
    private final Clock clock;
    private final Executor executor;
    private final Runnable createTopic;
    private final ConcurrentHashMap<Integer, ShardHandle> shards = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** What the coordinator works with; see the class documentation. */
    public record Services(TxnLog txnLog, TxnMarkerWriter markers, TxnCompletionListener completions, ProducerIdSource producerIds,
            CoordinatorTimer timer, Clock clock, Executor executor, Runnable createTopic) {}

    public TransactionCoordinator(int nodeId, TxnConfig config, Services services) {
        this.nodeId = nodeId;
        this.config = config;
        this.txnLog = services.txnLog();
        this.markers = services.markers();
        this.completions = services.completions();
        this.producerIds = services.producerIds();
        this.timer = services.timer();
        this.clock = services.clock();
        this.executor = services.executor();
        this.createTopic = services.createTopic();
    }

    public TxnConfig config() {
        return config;
    }

    /** The {@code __transaction_state} partition of a transactional id (Kafka's {@code Utils.abs}). */
    public int partitionFor(String transactionalId) {
        int hash = transactionalId.hashCode();
        return (hash == Integer.MIN_VALUE ? 0 : Math.abs(hash)) % config.stateLogNumPartitions();
    }

    /** Whether this node serves the transactional ids of {@code partition} now. */
    public CoordinatorStatus status(int partition) {
        ShardHandle handle = shards.get(partition);
        return handle == null ? CoordinatorStatus.NOT_COORDINATOR : handle.status;
    }

    /** Starts creating {@code __transaction_state} unless it exists or a creation is under way. */
    public void maybeCreateTopic() {
        if (!closed) {
            createTopic.run();
        }
    }

    @Override
    public void onBecomeLeader(int partition, int leaderEpoch) {
        ShardHandle current = shards.get(partition);
        if (closed || (current != null && current.leaderEpoch == leaderEpoch)) {
            return;
        }
        if (current != null) {
            onResign(partition);
        }
        ShardHandle handle = new ShardHandle(partition, leaderEpoch, new SerialExecutor(executor));
        shards.put(partition, handle);
        try {
            handle.lane.execute(() -> load(handle));
        } catch (RejectedExecutionException e) {
            shards.remove(partition, handle);
        }
    }

    private void load(ShardHandle handle) {
        if (shards.get(handle.partition) != handle) {
            return;
        }
        TxnShardContext ctx = new TxnShardContext(handle.partition, handle.leaderEpoch, config, clock, handle.lane, txnLog, markers,
                completions, producerIds, timer, nodeId);
        TxnShard shard = new TxnShard(ctx);
        try {
            long records = txnLog.load(handle.partition, shard::replay);
            handle.shard = Optional.of(shard);
            handle.status = CoordinatorStatus.ACTIVE;
            shard.onLoaded();
            log.info("{} coordinating transactions at epoch {} ({} record(s) loaded)", ctx.logPrefix, handle.leaderEpoch, records);
        } catch (RuntimeException e) {
            log.error("{} loading failed; this node will not coordinate its transactions", ctx.logPrefix, e);
            shards.remove(handle.partition, handle);
        }
    }

    @Override
    public void onResign(int partition) {
        ShardHandle handle = shards.remove(partition);
        if (handle == null) {
            return;
        }
        handle.status = CoordinatorStatus.NOT_COORDINATOR;
        try {
            handle.lane.execute(() -> handle.shard.ifPresent(TxnShard::unload));
        } catch (RejectedExecutionException e) {
            log.debug("[node {}] executor stopped before unloading __transaction_state-{}", nodeId, partition);
        }
        if (!closed) {
            log.info("[node {} __transaction_state-{}] no longer coordinating", nodeId, partition);
        }
    }

    /** InitProducerId with a transactional id; {@code expectedProducerId}/{@code expectedEpoch} are -1 unless given (v3+). */
    public CompletableFuture<ProducerIdAndEpoch> initProducerId(String transactionalId, int timeoutMs, long expectedProducerId,
            short expectedEpoch) {
        return onShard(transactionalId, s -> s.initProducerId(transactionalId, timeoutMs, expectedProducerId, expectedEpoch));
    }

    /** AddPartitionsToTxn (client form) and AddOffsetsToTxn: the transaction-level outcome. */
    public CompletableFuture<Void> addPartitions(String transactionalId, long producerId, short epoch,
            Collection<TopicPartitionKey> partitions) {
        List<TopicPartitionKey> copy = List.copyOf(partitions);
        return onShard(transactionalId, s -> s.addPartitions(transactionalId, producerId, epoch, copy));
    }

    /** AddPartitionsToTxn v4+ verify-only: per partition, NONE when it is already in the open transaction. */
    public CompletableFuture<Map<TopicPartitionKey, TxnError>> verifyPartitions(String transactionalId, long producerId, short epoch,
            Collection<TopicPartitionKey> partitions) {
        List<TopicPartitionKey> copy = List.copyOf(partitions);
        return onShard(transactionalId, s -> CompletableFuture.completedFuture(s.verifyPartitions(transactionalId, producerId, epoch, copy)));
    }

    /** EndTxn; answers the producer id and epoch to use next ({@code transactionVersion} 2: bumped). */
    public CompletableFuture<ProducerIdAndEpoch> endTxn(String transactionalId, long producerId, short epoch, boolean commit,
            short transactionVersion) {
        return onShard(transactionalId, s -> s.endTxn(transactionalId, producerId, epoch, commit, transactionVersion));
    }

    /** DescribeTransactions for one id; empty when this coordinator does not know it. */
    public CompletableFuture<Optional<TxnMetadata>> describe(String transactionalId) {
        return onShard(transactionalId, s -> CompletableFuture.completedFuture(s.describe(transactionalId)));
    }

    /** Every transactional id this node coordinates; fails with COORDINATOR_LOAD_IN_PROGRESS while a shard loads. */
    public CompletableFuture<List<TxnMetadata>> list() {
        List<CompletableFuture<List<TxnMetadata>>> pending = new ArrayList<>();
        for (ShardHandle handle : shards.values()) {
            if (handle.status == CoordinatorStatus.LOADING) {
                return CompletableFuture.failedFuture(new TxnException(TxnError.COORDINATOR_LOAD_IN_PROGRESS, "loading"));
            }
            pending.add(onHandle(handle, s -> CompletableFuture.completedFuture(s.list())));
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<TxnMetadata> all = new ArrayList<>();
            pending.forEach(future -> all.addAll(future.join()));
            return all;
        });
    }

    private <T> CompletableFuture<T> onShard(String transactionalId, Function<TxnShard, CompletableFuture<T>> operation) {
        ShardHandle handle = shards.get(partitionFor(transactionalId));
        if (handle == null) {
            return CompletableFuture.failedFuture(new TxnException(TxnError.NOT_COORDINATOR, "not the coordinator of " + transactionalId));
        }
        return onHandle(handle, operation);
    }

    private <T> CompletableFuture<T> onHandle(ShardHandle handle, Function<TxnShard, CompletableFuture<T>> operation) {
        if (closed) {
            return CompletableFuture.failedFuture(new TxnException(TxnError.COORDINATOR_NOT_AVAILABLE, "shutting down"));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            handle.lane.execute(() -> run(handle, operation, result));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new TxnException(TxnError.COORDINATOR_NOT_AVAILABLE, "shutting down"));
        }
        return result;
    }

    private static <T> void run(ShardHandle handle, Function<TxnShard, CompletableFuture<T>> operation, CompletableFuture<T> result) {
        if (handle.status != CoordinatorStatus.ACTIVE || handle.shard.isEmpty()) {
            TxnError error = handle.status == CoordinatorStatus.LOADING ? TxnError.COORDINATOR_LOAD_IN_PROGRESS : TxnError.NOT_COORDINATOR;
            result.completeExceptionally(new TxnException(error, "__transaction_state-" + handle.partition));
            return;
        }
        try {
            operation.apply(handle.shard.get()).whenComplete((value, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    /** Drops every shard and refuses new work. */
    @Override
    public void close() {
        closed = true;
        List<Integer> partitions = new ArrayList<>(shards.keySet());
        partitions.forEach(this::onResign);
        log.info("[node {}] transaction coordinator stopped, dropping {} shard(s)", nodeId, partitions.size());
    }

    /** One partition's shard and lane. The shard field is only touched on the lane. */
    private static final class ShardHandle {
        final int partition;
        final int leaderEpoch;
        final SerialExecutor lane;
        volatile CoordinatorStatus status = CoordinatorStatus.LOADING;
        Optional<TxnShard> shard = Optional.empty();

        ShardHandle(int partition, int leaderEpoch, SerialExecutor lane) {
            this.partition = partition;
            this.leaderEpoch = leaderEpoch;
            this.lane = lane;
        }
    }
}

package io.weir.broker.group;

import io.weir.metadata.TopicNames;
import io.weir.broker.concurrent.SerialExecutor;
import io.weir.metadata.image.TopicsImage;
import io.weir.storage.TopicPartitionKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group coordinator of one node: the entry point of the group APIs. Group {@code g} belongs to
 * partition {@code (g.hashCode() & 0x7fffffff) % offsets.topic.num.partitions} of
 * {@code __consumer_offsets} (Kafka's rule, so clients and tools agree on it); the node leading
 * that partition runs a {@link GroupShard} for it, loaded from the partition when the node becomes
 * leader ({@link #onBecomeLeader}) and dropped when it stops ({@link #onResign}).
 *
 * <p>Every operation completes its future with the shard's answer, or exceptionally with a
 * {@link GroupException}: NOT_COORDINATOR (this node does not lead the group's partition),
 * COORDINATOR_LOAD_IN_PROGRESS (it is loading it) or COORDINATOR_NOT_AVAILABLE (shutting down).
 *
 * <p>Threading: each shard runs on its own {@link SerialExecutor} lane over the executor given at
 * construction, so a shard's state is touched by one thread at a time while shards run in
 * parallel. Loading reads the log on that lane, never on a network thread. All public methods may
 * be called from any thread and never block; futures complete on the shard's lane.
 */
public final class GroupCoordinator implements CoordinatorLeadership, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);

    private final int nodeId;
    private final GroupConfig config;
    private final PartitionWriter writer;
    private final CoordinatorLoader loader;
    private final CoordinatorTimer timer;
    private final Clock clock;
    private final Executor executor;
    private final Runnable createOffsetsTopic;
    /** The broker's topics; empty: the topics the last ConsumerGroupHeartbeat brought. */
    private final Optional<Supplier<TopicsImage>> topics;
    private final ConsumerGroupOverrides.Lookup groupOverrides;
    private final ConcurrentHashMap<Integer, ShardHandle> shards = new ConcurrentHashMap<>();
    private final AtomicBoolean creatingTopic = new AtomicBoolean();
    private volatile boolean closed;

    /**
     * @param nodeId this node, for log lines
     * @param config the coordinator settings
     * @param writer appends records to {@code __consumer_offsets}
     * @param loader reads a partition of {@code __consumer_offsets} back
     * @param timer runs the session, rebalance and retention timers
     * @param clock the time of commits and state changes
     * @param executor runs the shards' lanes (a few threads)
     * @param createOffsetsTopic starts creating {@code __consumer_offsets}; must not block
     */
    public GroupCoordinator(int nodeId, GroupConfig config, PartitionWriter writer, CoordinatorLoader loader, CoordinatorTimer timer,
            Clock clock, Executor executor, Runnable createOffsetsTopic) {
        this(nodeId, config, writer, loader, timer, clock, executor, createOffsetsTopic, Optional.empty(),
                ConsumerGroupOverrides.Lookup.NONE);
    }

    /**
     * @param topics the broker's current topics: classic members of consumer groups (KIP-848 online
     *     migration) are assigned by the coordinator, which needs them
     */
    public GroupCoordinator(int nodeId, GroupConfig config, PartitionWriter writer, CoordinatorLoader loader, CoordinatorTimer timer,
            Clock clock, Executor executor, Runnable createOffsetsTopic, Supplier<TopicsImage> topics) {
        this(nodeId, config, writer, loader, timer, clock, executor, createOffsetsTopic, Optional.of(topics),
                ConsumerGroupOverrides.Lookup.NONE);
    }

    /**
     * @param groupOverrides each consumer group's own session timeout and heartbeat interval (Kafka's
     *     group configs), asked at each use on the shard's lanes
     */
    public GroupCoordinator(int nodeId, GroupConfig config, PartitionWriter writer, CoordinatorLoader loader, CoordinatorTimer timer,
            Clock clock, Executor executor, Runnable createOffsetsTopic, Supplier<TopicsImage> topics,
            ConsumerGroupOverrides.Lookup groupOverrides) {
        this(nodeId, config, writer, loader, timer, clock, executor, createOffsetsTopic, Optional.of(topics), groupOverrides);
    }

    private GroupCoordinator(int nodeId, GroupConfig config, PartitionWriter writer, CoordinatorLoader loader, CoordinatorTimer timer,
            Clock clock, Executor executor, Runnable createOffsetsTopic, Optional<Supplier<TopicsImage>> topics,
            ConsumerGroupOverrides.Lookup groupOverrides) {
        this.topics = topics;
        this.groupOverrides = Objects.requireNonNull(groupOverrides, "groupOverrides");
        this.nodeId = nodeId;
        this.config = config;
        this.writer = writer;
        this.loader = loader;
        this.timer = timer;
        this.clock = clock;
        this.executor = executor;
        this.createOffsetsTopic = createOffsetsTopic;
    }

    public GroupConfig config() {
        return config;
    }

    /** The {@code __consumer_offsets} partition of a group. */
    public int partitionFor(String groupId) {
        return (groupId.hashCode() & 0x7fffffff) % config.offsetsTopicNumPartitions();
    }

    /** Whether this node serves the groups of {@code partition} now. */
    public CoordinatorStatus status(int partition) {
        ShardHandle handle = shards.get(partition);
        return handle == null ? CoordinatorStatus.NOT_COORDINATOR : handle.status;
    }

    /** Starts creating {@code __consumer_offsets} unless a creation is already under way. */
    public void maybeCreateOffsetsTopic() {
        if (!closed && creatingTopic.compareAndSet(false, true)) {
            try {
                createOffsetsTopic.run();
            } finally {
                creatingTopic.set(false);
            }
        }
    }

    /** This node leads {@code partition} at {@code leaderEpoch}: load its groups (again, for a new epoch). */
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
        ShardContext ctx = new ShardContext(handle.partition, config, groupOverrides, clock, handle.lane, writer, timer, nodeId);
        GroupShard shard = new GroupShard(ctx);
        long startNs = System.nanoTime();
        try {
            long records = loader.load(handle.partition, shard::replay);
            handle.shard = Optional.of(shard);
            shard.onLoaded();
            handle.status = CoordinatorStatus.ACTIVE;
            long tookMs = (System.nanoTime() - startNs) / 1_000_000;
            if (records > 0) {
                log.info("{} loaded {} record(s) in {} ms", ctx.logPrefix, records, tookMs);
            } else {
                log.debug("{} loaded an empty partition", ctx.logPrefix);
            }
        } catch (RuntimeException e) {
            log.error("{} loading failed; this node will not coordinate its groups", ctx.logPrefix, e);
            shards.remove(handle.partition, handle);
        }
    }

    /** This node no longer leads {@code partition}: drop its shard, answering waiting requests NOT_COORDINATOR. */
    @Override
    public void onResign(int partition) {
        ShardHandle handle = shards.remove(partition);
        if (handle == null) {
            return;
        }
        handle.status = CoordinatorStatus.NOT_COORDINATOR;
        try {
            handle.lane.execute(() -> handle.shard.ifPresent(GroupShard::unload));
        } catch (RejectedExecutionException e) {
            log.debug("[node {}] executor stopped before unloading __consumer_offsets-{}", nodeId, partition);
        }
        if (!closed) {
            log.info("[node {} __consumer_offsets-{}] no longer coordinating", nodeId, partition);
        }
    }

    public CompletableFuture<JoinResult> joinGroup(JoinRequest request) {
        return onShard(request.groupId(), shard -> topics.isPresent() ? shard.join(request, topics.get().get()) : shard.join(request));
    }

    public CompletableFuture<SyncResult> syncGroup(SyncRequest request) {
        return onShard(request.groupId(), shard -> shard.sync(request));
    }

    public CompletableFuture<GroupError> heartbeat(String groupId, int generationId, MemberIdentity member) {
        return onShard(groupId, shard -> CompletableFuture.completedFuture(topics.isPresent()
                ? shard.heartbeat(groupId, generationId, member, topics.get().get())
                : shard.heartbeat(groupId, generationId, member)));
    }

    /** LeaveGroup: one outcome per member (UNKNOWN_MEMBER_ID for each when the group does not exist). */
    public CompletableFuture<List<LeaveOutcome>> leaveGroup(String groupId, List<MemberIdentity> members) {
        return onShard(groupId, shard -> CompletableFuture.completedFuture(shard.leave(groupId, members)));
    }

    /** OffsetCommit: fails with the group-level error, else answers per partition. */
    public CompletableFuture<Map<TopicPartitionKey, GroupError>> commitOffsets(OffsetCommitRequest request) {
        return onShard(request.groupId(), shard -> shard.commitOffsets(request));
    }

    /**
     * TxnOffsetCommit: checks the group like OffsetCommit and keeps the offsets pending for
     * {@code producerId}'s transaction; they become visible on {@link #completeTransaction} with
     * commit, and are dropped on abort.
     */
    public CompletableFuture<Map<TopicPartitionKey, GroupError>> commitTransactionalOffsets(long producerId, OffsetCommitRequest request) {
        return onShard(request.groupId(), shard -> shard.commitTransactionalOffsets(producerId, request));
    }

    /**
     * The transaction coordinator wrote {@code producerId}'s end marker into {@code partition} of
     * {@code __consumer_offsets}: materialise (commit) or drop (abort) its pending offsets there.
     * Completes when the offsets are written; fails with NOT_COORDINATOR for a partition this node
     * does not run (not loaded yet, or led elsewhere now), so that the transaction coordinator
     * writes the marker again and the partition's current leader completes the offsets.
     */
    public CompletableFuture<Void> completeTransaction(int partition, long producerId, boolean commit) {
        ShardHandle handle = shards.get(partition);
        if (handle == null) {
            return CompletableFuture.failedFuture(new GroupException(GroupError.NOT_COORDINATOR,
                    "not the coordinator of " + TopicNames.CONSUMER_OFFSETS + "-" + partition));
        }
        return onHandle(handle, shard -> shard.completeTransaction(producerId, commit));
    }

    /** OffsetFetch: the group's offsets for {@code partitions}, or all of them when empty. */
    public CompletableFuture<Map<TopicPartitionKey, Optional<CommittedOffset>>> fetchOffsets(String groupId,
            Optional<List<TopicPartitionKey>> partitions) {
        return onShard(groupId, shard -> CompletableFuture.completedFuture(shard.fetchOffsets(groupId, partitions)));
    }

    /**
     * OffsetFetch with require_stable (KIP-447): the group's partitions whose transactional offset
     * commit still waits for its transaction to end.
     */
    public CompletableFuture<Set<TopicPartitionKey>> pendingTransactionalOffsets(String groupId) {
        return onShard(groupId, shard -> CompletableFuture.completedFuture(shard.pendingTransactionalOffsets(groupId)));
    }

    /** OffsetDelete: fails with GROUP_ID_NOT_FOUND or NON_EMPTY_GROUP, else answers per partition. */
    public CompletableFuture<Map<TopicPartitionKey, GroupError>> deleteOffsets(String groupId, List<TopicPartitionKey> partitions) {
        return onShard(groupId, shard -> shard.deleteOffsets(groupId, partitions));
    }

    /**
     * ConsumerGroupHeartbeat (KIP-848): joins, heartbeats or leaves; refusals come back in the
     * result. {@code topics} is the broker's current view of the topics, for the subscriptions.
     */
    public CompletableFuture<ConsumerHeartbeatResult> consumerGroupHeartbeat(ConsumerHeartbeat request,
            io.weir.metadata.image.TopicsImage topics) {
        return onShard(request.groupId(), shard -> shard.consumerHeartbeat(request, topics));
    }

    /** ConsumerGroupDescribe: the consumer-protocol group, or GROUP_ID_NOT_FOUND. */
    public CompletableFuture<ConsumerGroupDescription> describeConsumerGroup(String groupId) {
        return onShard(groupId, shard -> CompletableFuture.completedFuture(shard.describeConsumerGroup(groupId)));
    }

    public CompletableFuture<GroupDescription> describeGroup(String groupId) {
        return onShard(groupId, shard -> CompletableFuture.completedFuture(shard.describe(groupId)));
    }

    /** DeleteGroups: one error per group, in request order. */
    public CompletableFuture<Map<String, GroupError>> deleteGroups(List<String> groupIds) {
        Map<Integer, List<String>> byPartition = new LinkedHashMap<>();
        groupIds.stream().distinct().forEach(id -> byPartition.computeIfAbsent(partitionFor(id), p -> new ArrayList<>()).add(id));
        Map<String, CompletableFuture<Map<String, GroupError>>> pending = new LinkedHashMap<>();
        byPartition.forEach((partition, ids) -> {
            CompletableFuture<Map<String, GroupError>> result = onShard(ids.get(0), shard -> shard.deleteGroups(ids));
            ids.forEach(id -> pending.put(id, result));
        });
        return CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new)).handle((ignored, failure) -> {
            Map<String, GroupError> results = new LinkedHashMap<>();
            pending.forEach((id, future) -> results.put(id, future.isCompletedExceptionally()
                    ? GroupException.errorOf(future.handle((v, e) -> e).join())
                    : future.join().get(id)));
            return results;
        });
    }

    /** ListGroups over every shard this node runs; fails with COORDINATOR_LOAD_IN_PROGRESS while one loads. */
    public CompletableFuture<List<GroupListing>> listGroups() {
        List<CompletableFuture<List<GroupListing>>> pending = new ArrayList<>();
        for (ShardHandle handle : shards.values()) {
            if (handle.status == CoordinatorStatus.LOADING) {
                return CompletableFuture.failedFuture(new GroupException(GroupError.COORDINATOR_LOAD_IN_PROGRESS, "loading"));
            }
            pending.add(onHandle(handle, shard -> CompletableFuture.completedFuture(shard.list())));
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<GroupListing> all = new ArrayList<>();
            pending.forEach(future -> all.addAll(future.join()));
            return all;
        });
    }

    private <T> CompletableFuture<T> onShard(String groupId, Function<GroupShard, CompletableFuture<T>> operation) {
        ShardHandle handle = shards.get(partitionFor(groupId));
        if (handle == null) {
            return CompletableFuture.failedFuture(new GroupException(GroupError.NOT_COORDINATOR, "not the coordinator of " + groupId));
        }
        return onHandle(handle, operation);
    }

    private <T> CompletableFuture<T> onHandle(ShardHandle handle, Function<GroupShard, CompletableFuture<T>> operation) {
        if (closed) {
            return CompletableFuture.failedFuture(new GroupException(GroupError.COORDINATOR_NOT_AVAILABLE, "shutting down"));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            handle.lane.execute(() -> {
                if (handle.status != CoordinatorStatus.ACTIVE || handle.shard.isEmpty()) {
                    GroupError error = handle.status == CoordinatorStatus.LOADING
                            ? GroupError.COORDINATOR_LOAD_IN_PROGRESS
                            : GroupError.NOT_COORDINATOR;
                    result.completeExceptionally(new GroupException(error, "__consumer_offsets-" + handle.partition));
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
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new GroupException(GroupError.COORDINATOR_NOT_AVAILABLE, "shutting down"));
        }
        return result;
    }

    /** Drops every shard (answering waiting requests) and refuses new work. */
    @Override
    public void close() {
        closed = true;
        List<Integer> partitions = new ArrayList<>(shards.keySet());
        partitions.forEach(this::onResign);
        log.info("[node {}] group coordinator stopped, dropping {} shard(s)", nodeId, partitions.size());
    }

    /** One partition's shard and lane. The shard field is only touched on the lane. */
    private static final class ShardHandle {
        final int partition;
        final int leaderEpoch;
        final SerialExecutor lane;
        volatile CoordinatorStatus status = CoordinatorStatus.LOADING;
        Optional<GroupShard> shard = Optional.empty();

        ShardHandle(int partition, int leaderEpoch, SerialExecutor lane) {
            this.partition = partition;
            this.leaderEpoch = leaderEpoch;
            this.lane = lane;
        }
    }
}

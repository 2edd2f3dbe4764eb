package io.weir.broker.group;

import io.weir.broker.group.CoordinatorRecord.OffsetCommit;
import io.weir.broker.group.CoordinatorRecord.PendingTxnOffset;
import io.weir.storage.TopicPartitionKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committed offsets of one shard's groups: OffsetCommit (with the classic generation and
 * member checks), OffsetFetch, OffsetDelete and expiry. A commit is written to the log first and
 * applied to memory only once written, by the same replay that loading uses, so memory never
 * holds an offset the log lacks.
 *
 * <p>Expiry (KIP-211): the offsets of a group with a protocol type expire
 * {@code offsets.retention.minutes} after the group became Empty; those of a group that only
 * commits (no protocol type) that long after each commit; an explicit retention time from
 * OffsetCommit v2-4 wins. An Empty group left without offsets is deleted.
 *
 * <p>Thread-safety: lane-confined.
 */
final class OffsetStore {
    private static final Logger log = LoggerFactory.getLogger(OffsetStore.class);

    private final ShardContext ctx;
    private final Map<String, ClassicGroup> groups;
    private final Membership membership;
    private final Map<String, Map<TopicPartitionKey, CommittedOffset>> offsets = new HashMap<>();
    private final Map<String, ConsumerGroup> consumerGroups;
    /** TxnOffsetCommit offsets per producer id, waiting for the transaction's marker on this partition. */
    private final Map<Long, Map<PendingKey, CommittedOffset>> pendingTransactional = new HashMap<>();

    /** Where a pending transactional offset goes. */
    private record PendingKey(String groupId, TopicPartitionKey partition) {}

    OffsetStore(ShardContext ctx, Map<String, ClassicGroup> groups, Membership membership) {
        this(ctx, groups, membership, new HashMap<>());
    }

    /** @param consumerGroups the shard's consumer-protocol groups (no classic group is made for their offsets) */
    OffsetStore(ShardContext ctx, Map<String, ClassicGroup> groups, Membership membership, Map<String, ConsumerGroup> consumerGroups) {
        this.ctx = ctx;
        this.groups = groups;
        this.membership = membership;
        this.consumerGroups = consumerGroups;
    }

    void replay(OffsetCommit record) {
        TopicPartitionKey key = new TopicPartitionKey(record.topic(), record.partition());
        if (record.value().isPresent()) {
            offsets.computeIfAbsent(record.groupId(), id -> new HashMap<>()).put(key, record.value().get());
            if (consumerGroups.containsKey(record.groupId())) {
                return;
            }
            groups.computeIfAbsent(record.groupId(), id -> new ClassicGroup(id, record.value().get().commitTimestampMs()));
        } else {
            Map<TopicPartitionKey, CommittedOffset> ofGroup = offsets.get(record.groupId());
            if (ofGroup != null) {
                ofGroup.remove(key);
                if (ofGroup.isEmpty()) {
                    offsets.remove(record.groupId());
                }
            }
        }
    }

    Map<TopicPartitionKey, CommittedOffset> offsetsOf(String groupId) {
        return offsets.getOrDefault(groupId, Map.of());
    }

    CompletableFuture<Map<TopicPartitionKey, GroupError>> commit(OffsetCommitRequest request) {
        ClassicGroup group = groupForCommit(request);
        validateCommit(group, request);
        return write(request, () -> {
            if (request.generationId() >= 0) {
                membership.touch(group, request.memberId());
            }
        });
    }

    /** Writes the offsets of a commit already validated by the group's own rules (consumer-protocol groups). */
    CompletableFuture<Map<TopicPartitionKey, GroupError>> commitValidated(OffsetCommitRequest request) {
        return write(request, () -> { });
    }

    private CompletableFuture<Map<TopicPartitionKey, GroupError>> write(OffsetCommitRequest request, Runnable onAccepted) {
        Map<TopicPartitionKey, GroupError> results = new LinkedHashMap<>();
        List<CoordinatorRecord> records = new ArrayList<>();
        long nowMs = ctx.nowMs();
        OptionalLong expireMs = request.retentionMs().isPresent() && request.retentionMs().getAsLong() >= 0
                ? OptionalLong.of(nowMs + request.retentionMs().getAsLong())
                : OptionalLong.empty();
        request.offsets().forEach((partition, toCommit) -> {
            if (toCommit.metadata().length() > ctx.config.offsetMetadataMaxBytes()) {
                results.put(partition, GroupError.OFFSET_METADATA_TOO_LARGE);
            } else {
                results.put(partition, GroupError.NONE);
                records.add(new OffsetCommit(request.groupId(), partition.topic(), partition.partition(), Optional.of(
                        new CommittedOffset(toCommit.offset(), toCommit.leaderEpoch(), toCommit.metadata(), nowMs, expireMs))));
            }
        });
        onAccepted.run();
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(results);
        }
        return ctx.write(records).handle((ignored, failure) -> {
            if (failure != null) {
                GroupError error = GroupException.errorOf(failure);
                results.replaceAll((partition, result) -> result == GroupError.NONE ? error : result);
            } else {
                records.forEach(record -> replay((OffsetCommit) record));
            }
            return results;
        });
    }

    /**
     * TxnOffsetCommit: the same checks as OffsetCommit; the offsets are written as pending records
     * of the producer and wait for its transaction to end ({@link #completeTransaction}).
     */
    CompletableFuture<Map<TopicPartitionKey, GroupError>> commitTransactional(long producerId, OffsetCommitRequest request) {
        ClassicGroup group = groupForCommit(request);
        boolean outsideMembership = request.generationId() < 0 && request.memberId().isEmpty() && request.groupInstanceId().isEmpty();
        if (group.isIn(GroupState.DEAD) || !outsideMembership) {
            // A producer without member information (TxnOffsetCommit before v3, KIP-447) is not checked, as in Kafka.
            validateCommit(group, request);
        }
        return writePending(producerId, request);
    }

    /** TxnOffsetCommit to a group whose own rules already accepted it (consumer-protocol groups). */
    CompletableFuture<Map<TopicPartitionKey, GroupError>> commitTransactionalValidated(long producerId, OffsetCommitRequest request) {
        return writePending(producerId, request);
    }

    private CompletableFuture<Map<TopicPartitionKey, GroupError>> writePending(long producerId, OffsetCommitRequest request) {
        Map<TopicPartitionKey, GroupError> results = new LinkedHashMap<>();
        long nowMs = ctx.nowMs();
        List<CoordinatorRecord> records = new ArrayList<>();
        request.offsets().forEach((partition, toCommit) -> {
            if (toCommit.metadata().length() > ctx.config.offsetMetadataMaxBytes()) {
                results.put(partition, GroupError.OFFSET_METADATA_TOO_LARGE);
            } else {
                results.put(partition, GroupError.NONE);
                records.add(new PendingTxnOffset(request.groupId(), producerId, partition.topic(), partition.partition(), Optional.of(
                        new CommittedOffset(toCommit.offset(), toCommit.leaderEpoch(), toCommit.metadata(), nowMs, OptionalLong.empty()))));
            }
        });
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(results);
        }
        return ctx.write(records).handle((ignored, failure) -> {
            if (failure != null) {
                GroupError error = GroupException.errorOf(failure);
                results.replaceAll((partition, result) -> result == GroupError.NONE ? error : result);
            } else {
                records.forEach(record -> replayPending((PendingTxnOffset) record));
            }
            return results;
        });
    }

    void replayPending(PendingTxnOffset record) {
        PendingKey key = new PendingKey(record.groupId(), new TopicPartitionKey(record.topic(), record.partition()));
        if (record.value().isPresent()) {
            pendingTransactional.computeIfAbsent(record.producerId(), id -> new LinkedHashMap<>()).put(key, record.value().get());
            return;
        }
        Map<PendingKey, CommittedOffset> ofProducer = pendingTransactional.get(record.producerId());
        if (ofProducer != null) {
            ofProducer.remove(key);
            if (ofProducer.isEmpty()) {
                pendingTransactional.remove(record.producerId());
            }
        }
    }

    /** Whether {@code producerId} has transactional offsets waiting for its marker. */
    boolean hasPendingTransactionalOffsets(long producerId) {
        return pendingTransactional.containsKey(producerId);
    }

    /**
     * The producer's transaction ended (its marker is in this partition): in one batch, its pending
     * records are removed and, on commit, its offsets become the groups' committed offsets.
     */
    CompletableFuture<Void> completeTransaction(long producerId, boolean commit) {
        Map<PendingKey, CommittedOffset> pending = pendingTransactional.get(producerId);
        if (pending == null) {
            return CompletableFuture.completedFuture(null);
        }
        List<CoordinatorRecord> records = new ArrayList<>();
        pending.forEach((key, offset) -> {
            records.add(new PendingTxnOffset(key.groupId(), producerId, key.partition().topic(), key.partition().partition(),
                    Optional.empty()));
            if (commit) {
                records.add(new OffsetCommit(key.groupId(), key.partition().topic(), key.partition().partition(), Optional.of(offset)));
            }
        });
        return ctx.write(records).thenRun(() -> records.forEach(record -> {
            if (record instanceof OffsetCommit offset) {
                replay(offset);
            } else {
                replayPending((PendingTxnOffset) record);
            }
        }));
    }

    private ClassicGroup groupForCommit(OffsetCommitRequest request) {
        if (request.groupId().isEmpty()) {
            throw new GroupException(GroupError.INVALID_GROUP_ID, "empty group id");
        }
        ClassicGroup group = groups.get(request.groupId());
        if (group != null) {
            return group;
        }
        if (request.generationId() >= 0) {
            throw new GroupException(request.groupMustExist() ? GroupError.GROUP_ID_NOT_FOUND : GroupError.ILLEGAL_GENERATION,
                    "no group " + request.groupId());
        }
        group = new ClassicGroup(request.groupId(), ctx.nowMs());
        groups.put(request.groupId(), group);
        return group;
    }

    /**
     * Kafka's rules for a classic group: a commit without generation is accepted only while the
     * group is Empty; otherwise the member and its generation must be current, and a group still
     * waiting for its assignment answers REBALANCE_IN_PROGRESS (the member then rejoins).
     */
    private static void validateCommit(ClassicGroup group, OffsetCommitRequest request) {
        if (group.isIn(GroupState.DEAD)) {
            throw new GroupException(GroupError.COORDINATOR_NOT_AVAILABLE, "group is being deleted");
        }
        if (request.generationId() < 0 && group.isIn(GroupState.EMPTY)) {
            return;
        }
        Membership.validateMember(group, request.memberId(), request.groupInstanceId());
        if (request.generationId() != group.generationId()) {
            throw new GroupException(GroupError.ILLEGAL_GENERATION, "generation " + request.generationId());
        }
        if (group.isIn(GroupState.COMPLETING_REBALANCE)) {
            throw new GroupException(GroupError.REBALANCE_IN_PROGRESS, "rebalancing");
        }
    }

    /**
     * The committed offsets of {@code partitions} (all of the group's when empty); a partition
     * without an offset maps to empty.
     */
    Map<TopicPartitionKey, Optional<CommittedOffset>> fetch(String groupId, Optional<List<TopicPartitionKey>> partitions) {
        Map<TopicPartitionKey, CommittedOffset> ofGroup = offsetsOf(groupId);
        Map<TopicPartitionKey, Optional<CommittedOffset>> found = new LinkedHashMap<>();
        if (partitions.isEmpty()) {
            ofGroup.forEach((partition, offset) -> found.put(partition, Optional.of(offset)));
        } else {
            partitions.get().forEach(partition -> found.put(partition, Optional.ofNullable(ofGroup.get(partition))));
        }
        return found;
    }

    /** The partitions of {@code groupId} with a transactional offset waiting for its transaction to end (require_stable). */
    Set<TopicPartitionKey> pendingTransactionalPartitions(String groupId) {
        Set<TopicPartitionKey> pending = new HashSet<>();
        pendingTransactional.values().forEach(ofProducer -> ofProducer.keySet().stream()
                .filter(key -> key.groupId().equals(groupId)).forEach(key -> pending.add(key.partition())));
        return pending;
    }

    /**
     * OffsetDelete: a classic group must be Empty or a "consumer" group; a consumer-protocol group
     * may be in any state. Either way, the offsets of a topic a member subscribes to are kept
     * (GROUP_SUBSCRIBED_TO_TOPIC).
     */
    CompletableFuture<Map<TopicPartitionKey, GroupError>> delete(String groupId, List<TopicPartitionKey> partitions) {
        ConsumerGroup consumer = consumerGroups.get(groupId);
        if (consumer != null) {
            // The topics of the last target count too: a regex not yet matched again since loading still subscribes to them.
            Set<String> subscribed = new java.util.HashSet<>(consumer.subscribedTopics());
            if (!consumer.members.isEmpty()) {
                subscribed.addAll(consumer.subscriptionMetadata.keySet());
            }
            return deleteUnsubscribed(groupId, partitions, subscribed);
        }
        ClassicGroup group = groups.get(groupId);
        if (group == null || group.isIn(GroupState.DEAD)) {
            throw new GroupException(GroupError.GROUP_ID_NOT_FOUND, "no group " + groupId);
        }
        boolean active = !group.isIn(GroupState.EMPTY);
        if (active && !group.protocolType().map("consumer"::equals).orElse(false)) {
            throw new GroupException(GroupError.NON_EMPTY_GROUP, "group " + groupId + " is not empty");
        }
        return deleteUnsubscribed(groupId, partitions, active ? group.subscribedTopics() : Set.of());
    }

    private CompletableFuture<Map<TopicPartitionKey, GroupError>> deleteUnsubscribed(String groupId, List<TopicPartitionKey> partitions,
            Set<String> subscribed) {
        Map<TopicPartitionKey, GroupError> results = new LinkedHashMap<>();
        List<CoordinatorRecord> tombstones = new ArrayList<>();
        for (TopicPartitionKey partition : partitions) {
            if (subscribed.contains(partition.topic())) {
                results.put(partition, GroupError.GROUP_SUBSCRIBED_TO_TOPIC);
                continue;
            }
            results.put(partition, GroupError.NONE);
            if (offsetsOf(groupId).containsKey(partition)) {
                tombstones.add(new OffsetCommit(groupId, partition.topic(), partition.partition(), Optional.empty()));
            }
        }
        if (tombstones.isEmpty()) {
            return CompletableFuture.completedFuture(results);
        }
        return ctx.write(tombstones).thenApply(ignored -> {
            tombstones.forEach(record -> replay((OffsetCommit) record));
            return results;
        });
    }

    /** Tombstones for every offset of the group (it is being deleted). */
    List<CoordinatorRecord> tombstonesFor(String groupId) {
        List<CoordinatorRecord> tombstones = new ArrayList<>();
        offsetsOf(groupId).keySet().forEach(p -> tombstones.add(new OffsetCommit(groupId, p.topic(), p.partition(), Optional.empty())));
        return tombstones;
    }

    void forget(String groupId) {
        offsets.remove(groupId);
    }

    /**
     * Removes expired offsets through tombstones, and the Empty groups left without offsets: those
     * of Empty classic groups ({@link #expiredOffsets}) and of Empty consumer-protocol groups
     * ({@code offsets.retention.minutes} after the later of the commit and the moment the group
     * became Empty, or at the commit's own expiry time).
     */
    void expireOffsets() {
        long nowMs = ctx.nowMs();
        List<CoordinatorRecord> tombstones = new ArrayList<>();
        List<String> emptiedGroups = new ArrayList<>();
        for (ClassicGroup group : groups.values()) {
            if (!group.isIn(GroupState.EMPTY)) {
                continue;
            }
            List<CoordinatorRecord> expired = expiredOffsets(group, nowMs);
            tombstones.addAll(expired);
            if (expired.size() == offsetsOf(group.groupId()).size()) {
                emptiedGroups.add(group.groupId());
                tombstones.add(new CoordinatorRecord.GroupMetadata(group.groupId(), Optional.empty()));
            }
        }
        List<String> emptiedConsumerGroups = expireConsumerGroupOffsets(nowMs, tombstones);
        if (tombstones.isEmpty()) {
            return;
        }
        emptiedGroups.forEach(id -> groups.get(id).transitionTo(GroupState.DEAD, nowMs));
        ctx.write(tombstones).whenComplete((ignored, failure) -> {
            if (failure != null) {
                log.warn("{} expiring offsets failed: {}", ctx.logPrefix, failure.toString());
                emptiedGroups.forEach(id -> groups.get(id).transitionTo(GroupState.EMPTY, nowMs));
                return;
            }
            tombstones.stream().filter(OffsetCommit.class::isInstance).forEach(record -> replay((OffsetCommit) record));
            emptiedGroups.forEach(groups::remove);
            emptiedConsumerGroups.stream().filter(id -> consumerGroups.containsKey(id) && consumerGroups.get(id).members.isEmpty()
                    && offsetsOf(id).isEmpty()).forEach(consumerGroups::remove);
            int deleted = emptiedGroups.size() + emptiedConsumerGroups.size();
            log.info("{} expired {} offset(s), deleted {} empty group(s)", ctx.logPrefix, tombstones.size() - deleted, deleted);
        });
    }

    /** Adds the tombstones of the Empty consumer groups' expired offsets; returns the groups left without offsets. */
    private List<String> expireConsumerGroupOffsets(long nowMs, List<CoordinatorRecord> tombstones) {
        List<String> emptied = new ArrayList<>();
        for (ConsumerGroup group : consumerGroups.values()) {
            if (!group.members.isEmpty()) {
                continue;
            }
            List<CoordinatorRecord> expired = new ArrayList<>();
            offsetsOf(group.groupId).forEach((partition, offset) -> {
                long baseMs = Math.max(offset.commitTimestampMs(), group.emptySinceMs);
                if (nowMs >= offset.expireTimestampMs().orElse(baseMs + ctx.config.offsetsRetentionMs())) {
                    expired.add(new OffsetCommit(group.groupId, partition.topic(), partition.partition(), Optional.empty()));
                }
            });
            tombstones.addAll(expired);
            if (expired.size() == offsetsOf(group.groupId).size()) {
                emptied.add(group.groupId);
                tombstones.add(new CoordinatorRecord.ConsumerGroupMetadata(group.groupId, Optional.empty()));
            }
        }
        return emptied;
    }

    private List<CoordinatorRecord> expiredOffsets(ClassicGroup group, long nowMs) {
        List<CoordinatorRecord> expired = new ArrayList<>();
        offsetsOf(group.groupId()).forEach((partition, offset) -> {
            long baseMs = group.protocolType().isPresent() ? group.stateTimestampMs() : offset.commitTimestampMs();
            long expiresAtMs = offset.expireTimestampMs().orElse(baseMs + ctx.config.offsetsRetentionMs());
            if (nowMs >= expiresAtMs) {
                expired.add(new OffsetCommit(group.groupId(), partition.topic(), partition.partition(), Optional.empty()));
            }
        });
        return expired;
    }
}

package io.weir.broker.group;

import io.weir.broker.group.CoordinatorRecord.ConsumerGroupMember;
import io.weir.broker.group.CoordinatorRecord.ConsumerGroupMetadata;
import io.weir.broker.group.CoordinatorRecord.GroupMetadata;
import io.weir.broker.group.CoordinatorRecord.OffsetCommit;
import io.weir.metadata.image.TopicsImage;
import io.weir.storage.TopicPartitionKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator state of one {@code __consumer_offsets} partition: its groups and their
 * committed offsets, rebuilt by {@link #replay}ing the partition's records and then changed by
 * requests, writing new records through the {@link PartitionWriter}. Membership and offsets are
 * handled by {@link Membership} (classic protocol), {@link ConsumerMembership} (consumer protocol,
 * KIP-848) and {@link OffsetStore}; this class routes, replays, describes, lists and deletes.
 *
 * <p>A group id belongs to one protocol at a time. An Empty group of either kind is converted when
 * a member of the other protocol arrives. A group with members changes protocol online as
 * {@code group.consumer.migration.policy} allows ({@link GroupMigration}): a ConsumerGroupHeartbeat
 * joining a classic "consumer" group upgrades it (else GROUP_ID_NOT_FOUND, "not a consumer group");
 * classic members of a consumer group are served by {@link ClassicConsumerGroupMembership} (with
 * the policy "disabled", a classic JoinGroup for a consumer group with members is refused with
 * INCONSISTENT_GROUP_PROTOCOL); the last consumer-protocol member leaving downgrades the group.
 *
 * <p>Thread-safety: not thread-safe. Every method runs on the shard's lane (one thread at a time);
 * writes and timers come back to that lane through {@link ShardContext}. Tests drive it with a
 * direct executor, a manual timer and an in-memory writer: no threads, no sockets.
 */
public final class GroupShard {
    private static final Logger log = LoggerFactory.getLogger(GroupShard.class);
    private static final String RETENTION_KEY = "offsets-retention";

    private final ShardContext ctx;
    private final Map<String, ClassicGroup> groups = new HashMap<>();
    private final Map<String, ConsumerGroup> consumerGroups = new HashMap<>();
    private final Membership membership;
    private final ConsumerMembership consumerMembership;
    private final GroupMigration migration;
    private final ClassicConsumerGroupMembership classicInConsumerGroups;
    private final OffsetStore offsets;

    GroupShard(ShardContext ctx) {
        this.ctx = ctx;
        this.membership = new Membership(ctx, groups);
        this.migration = new GroupMigration(ctx, groups, consumerGroups, membership);
        this.consumerMembership = new ConsumerMembership(ctx, consumerGroups, migration::maybeDowngrade);
        this.classicInConsumerGroups = new ClassicConsumerGroupMembership(ctx, consumerMembership);
        this.offsets = new OffsetStore(ctx, groups, membership, consumerGroups);
    }

    /** Applies one record read back from the log. */
    void replay(CoordinatorRecord record) {
        if (record instanceof OffsetCommit offset) {
            offsets.replay(offset);
        } else if (record instanceof CoordinatorRecord.PendingTxnOffset pending) {
            offsets.replayPending(pending);
        } else if (record instanceof GroupMetadata metadata) {
            if (metadata.value().isPresent()) {
                groups.put(metadata.groupId(), ClassicGroup.fromSnapshot(metadata.groupId(), metadata.value().get()));
            } else {
                groups.remove(metadata.groupId());
            }
        } else if (record instanceof ConsumerGroupMetadata metadata) {
            replayConsumerGroup(metadata);
        } else if (record instanceof ConsumerGroupMember member) {
            replayConsumerMember(member);
        }
    }

    private void replayConsumerGroup(ConsumerGroupMetadata record) {
        if (record.value().isEmpty()) {
            consumerGroups.remove(record.groupId());
            return;
        }
        ConsumerGroupMetadata.Value value = record.value().get();
        ConsumerGroup group = consumerGroups.computeIfAbsent(record.groupId(), id -> new ConsumerGroup(id, value.assignor()));
        group.groupEpoch = value.groupEpoch();
        group.assignmentEpoch = value.assignmentEpoch();
        group.assignorName = value.assignor();
        Map<String, TopicMetadata> topics = new java.util.TreeMap<>();
        value.topics().forEach(topic -> topics.put(topic.name(), topic));
        group.subscriptionMetadata = topics;
    }

    private void replayConsumerMember(ConsumerGroupMember record) {
        if (record.value().isEmpty()) {
            ConsumerGroup group = consumerGroups.get(record.groupId());
            if (group != null) {
                group.members.remove(record.memberId());
                group.targets.remove(record.memberId());
            }
            return;
        }
        ConsumerGroup group = consumerGroups.computeIfAbsent(record.groupId(),
                id -> new ConsumerGroup(id, ctx.config.consumer().defaultAssignor()));
        group.members.put(record.memberId(), record.value().get().member());
        group.targets.put(record.memberId(), record.value().get().target());
    }

    /** Loading is over: members loaded from the log start their session timeouts, expiry starts. */
    void onLoaded() {
        consumerGroups.keySet().forEach(id -> {
            ClassicGroup phantom = groups.get(id);
            if (phantom != null && phantom.size() == 0) {
                groups.remove(id);
            }
        });
        groups.values().forEach(membership::onLoaded);
        consumerGroups.values().forEach(consumerMembership::onLoaded);
        scheduleRetentionCheck();
        log.debug("{} loaded {} classic and {} consumer group(s)", ctx.logPrefix, groups.size(), consumerGroups.size());
    }

    /** This node no longer coordinates the partition: stop timers and answer everything waiting. */
    void unload() {
        ctx.cancelAll();
        groups.values().forEach(group -> membership.abandon(group, GroupError.NOT_COORDINATOR));
        groups.clear();
        consumerGroups.clear();
    }

    private void scheduleRetentionCheck() {
        ctx.schedule(RETENTION_KEY, ctx.config.offsetsRetentionCheckIntervalMs(), () -> {
            offsets.expireOffsets();
            scheduleRetentionCheck();
        });
    }

    CompletableFuture<JoinResult> join(JoinRequest request) {
        return join(request, consumerMembership.currentTopics());
    }

    /** JoinGroup; {@code topics} (the broker's current topics) serves classic members of consumer groups. */
    CompletableFuture<JoinResult> join(JoinRequest request, TopicsImage topics) {
        ConsumerGroup consumer = consumerGroups.get(request.groupId());
        if (consumer != null) {
            if (!consumer.members.isEmpty() && ctx.config.consumer().migrationPolicy() == MigrationPolicy.DISABLED) {
                return CompletableFuture.completedFuture(JoinResult.error(GroupError.INCONSISTENT_GROUP_PROTOCOL, request.memberId()));
            }
            if (!consumer.members.isEmpty()) {
                return classicInConsumerGroups.join(consumer, request, topics);
            }
            List<CoordinatorRecord> tombstones = List.of(new ConsumerGroupMetadata(request.groupId(), Optional.empty()));
            consumerGroups.remove(request.groupId());
            log.info("{} empty consumer group {} becomes a classic group", ctx.logPrefix, request.groupId());
            return ctx.write(tombstones).thenCompose(ignored -> membership.join(request));
        }
        return membership.join(request);
    }

    /** ConsumerGroupHeartbeat (KIP-848); refusals are answered in the result, not thrown. */
    CompletableFuture<ConsumerHeartbeatResult> consumerHeartbeat(ConsumerHeartbeat request, TopicsImage topics) {
        try {
            List<CoordinatorRecord> conversion = new ArrayList<>();
            ClassicGroup classic = groups.get(request.groupId());
            if (classic != null && !classic.isIn(GroupState.DEAD) && classic.size() > 0 && request.memberEpoch() == 0
                    && migration.mayUpgrade(classic)) {
                consumerMembership.validate(request);
                ConsumerGroup upgraded = migration.upgrade(classic, topics, conversion);
                upgraded.members.keySet().forEach(id -> consumerMembership.scheduleSession(upgraded, id));
            } else if (classic != null && !classic.isIn(GroupState.DEAD)) {
                if (classic.size() > 0 || request.memberEpoch() != 0) {
                    throw new GroupException(GroupError.GROUP_ID_NOT_FOUND, "Group " + request.groupId() + " is not a consumer group.");
                }
                consumerMembership.validate(request);
                groups.remove(request.groupId());
                if (classic.protocolType().isPresent()) {
                    conversion.add(new GroupMetadata(request.groupId(), Optional.empty()));
                }
                log.info("{} empty classic group {} becomes a consumer group", ctx.logPrefix, request.groupId());
            }
            return consumerMembership.heartbeat(request, topics, conversion);
        } catch (GroupException e) {
            return CompletableFuture.completedFuture(ConsumerHeartbeatResult.error(e.error(), e.getMessage(), request.memberId()));
        }
    }

    ConsumerGroupDescription describeConsumerGroup(String groupId) {
        ConsumerGroup group = consumerGroups.get(groupId);
        if (group == null) {
            return ConsumerGroupDescription.notFound(groupId, groups.containsKey(groupId)
                    ? "Group " + groupId + " is not a consumer group."
                    : "Group " + groupId + " not found.");
        }
        List<ConsumerGroupDescription.Member> members = new ArrayList<>();
        group.members.values().forEach(m -> members.add(new ConsumerGroupDescription.Member(m.memberId(), m.instanceId(), m.rackId(),
                m.memberEpoch(), m.clientId(), m.clientHost(), m.subscribedTopics(), m.subscribedTopicRegex(), m.assigned(),
                group.target(m.memberId()), m.isClassic())));
        return new ConsumerGroupDescription(groupId, GroupError.NONE, Optional.empty(), group.state(), group.groupEpoch,
                group.assignmentEpoch, group.assignorName, members);
    }

    CompletableFuture<SyncResult> sync(SyncRequest request) {
        ConsumerGroup consumer = consumerGroups.get(request.groupId());
        return consumer != null ? classicInConsumerGroups.sync(consumer, request) : membership.sync(request);
    }

    GroupError heartbeat(String groupId, int generationId, MemberIdentity member) {
        return heartbeat(groupId, generationId, member, consumerMembership.currentTopics());
    }

    /** Heartbeat; {@code topics} (the broker's current topics) serves classic members of consumer groups. */
    GroupError heartbeat(String groupId, int generationId, MemberIdentity member, TopicsImage topics) {
        ConsumerGroup consumer = consumerGroups.get(groupId);
        return consumer != null
                ? classicInConsumerGroups.heartbeat(consumer, generationId, member, topics)
                : membership.heartbeat(groupId, generationId, member);
    }

    List<LeaveOutcome> leave(String groupId, List<MemberIdentity> members) {
        ConsumerGroup consumer = consumerGroups.get(groupId);
        return consumer != null ? classicInConsumerGroups.leave(consumer, members) : membership.leave(groupId, members);
    }

    CompletableFuture<Map<TopicPartitionKey, GroupError>> commitOffsets(OffsetCommitRequest request) {
        ConsumerGroup consumer = consumerGroups.get(request.groupId());
        if (consumer != null) {
            ConsumerMembership.validateCommit(consumer, request);
            return offsets.commitValidated(request);
        }
        return offsets.commit(request);
    }

    CompletableFuture<Map<TopicPartitionKey, GroupError>> commitTransactionalOffsets(long producerId, OffsetCommitRequest request) {
        ConsumerGroup consumer = consumerGroups.get(request.groupId());
        if (consumer != null) {
            ConsumerMembership.validateTransactionalCommit(consumer, request);
            return offsets.commitTransactionalValidated(producerId, request);
        }
        return offsets.commitTransactional(producerId, request);
    }

    CompletableFuture<Void> completeTransaction(long producerId, boolean commit) {
        return offsets.completeTransaction(producerId, commit);
    }

    Map<TopicPartitionKey, Optional<CommittedOffset>> fetchOffsets(String groupId, Optional<List<TopicPartitionKey>> partitions) {
        return offsets.fetch(groupId, partitions);
    }

    Set<TopicPartitionKey> pendingTransactionalOffsets(String groupId) {
        return offsets.pendingTransactionalPartitions(groupId);
    }

    CompletableFuture<Map<TopicPartitionKey, GroupError>> deleteOffsets(String groupId, List<TopicPartitionKey> partitions) {
        return offsets.delete(groupId, partitions);
    }

    /** Runs the offset expiry now (tests; production runs it every retention check interval). */
    void expireOffsets() {
        offsets.expireOffsets();
    }

    GroupDescription describe(String groupId) {
        ClassicGroup group = groups.get(groupId);
        if (group == null || group.isIn(GroupState.DEAD)) {
            return GroupDescription.notFound(groupId);
        }
        boolean stable = group.isIn(GroupState.STABLE);
        String protocol = stable ? group.protocolName().orElse("") : "";
        List<GroupDescription.Member> members = new ArrayList<>();
        for (ClassicMember member : group.members()) {
            members.add(new GroupDescription.Member(member.memberId(), member.groupInstanceId(), member.clientId(), member.clientHost(),
                    stable ? member.metadata(protocol) : new byte[0], stable ? member.assignment() : new byte[0]));
        }
        return new GroupDescription(groupId, GroupError.NONE, group.state(), group.protocolType().orElse(""), protocol, members);
    }

    List<GroupListing> list() {
        List<GroupListing> listed = new ArrayList<>();
        groups.values().stream().filter(g -> !g.isIn(GroupState.DEAD))
                .forEach(g -> listed.add(new GroupListing(g.groupId(), g.protocolType().orElse(""), g.state())));
        consumerGroups.values().forEach(g -> listed.add(new GroupListing(g.groupId, "consumer", g.state().wireName(),
                GroupListing.CONSUMER_TYPE)));
        return listed;
    }

    /** Deletes Empty groups and their offsets: NON_EMPTY_GROUP for a group with members, GROUP_ID_NOT_FOUND for none. */
    CompletableFuture<Map<String, GroupError>> deleteGroups(List<String> groupIds) {
        Map<String, GroupError> results = new LinkedHashMap<>();
        List<CoordinatorRecord> tombstones = new ArrayList<>();
        List<ClassicGroup> deleting = new ArrayList<>();
        long nowMs = ctx.nowMs();
        for (String groupId : groupIds) {
            ConsumerGroup consumer = consumerGroups.get(groupId);
            if (consumer != null) {
                results.put(groupId, consumer.members.isEmpty() ? GroupError.NONE : GroupError.NON_EMPTY_GROUP);
                if (consumer.members.isEmpty()) {
                    tombstones.addAll(offsets.tombstonesFor(groupId));
                    tombstones.add(new ConsumerGroupMetadata(groupId, Optional.empty()));
                    consumerGroups.remove(groupId);
                    offsets.forget(groupId);
                }
                continue;
            }
            ClassicGroup group = groups.get(groupId);
            if (group == null || group.isIn(GroupState.DEAD)) {
                results.put(groupId, GroupError.GROUP_ID_NOT_FOUND);
            } else if (!group.isIn(GroupState.EMPTY)) {
                results.put(groupId, GroupError.NON_EMPTY_GROUP);
            } else {
                results.put(groupId, GroupError.NONE);
                tombstones.addAll(offsets.tombstonesFor(groupId));
                tombstones.add(new GroupMetadata(groupId, Optional.empty()));
                group.transitionTo(GroupState.DEAD, nowMs);
                deleting.add(group);
            }
        }
        if (tombstones.isEmpty()) {
            return CompletableFuture.completedFuture(results);
        }
        return ctx.write(tombstones).handle((ignored, failure) -> {
            for (ClassicGroup group : deleting) {
                if (failure != null) {
                    group.transitionTo(GroupState.EMPTY, nowMs);
                    results.put(group.groupId(), GroupException.errorOf(failure));
                } else {
                    groups.remove(group.groupId());
                    offsets.forget(group.groupId());
                    log.info("{} deleted group {}", ctx.logPrefix, group.groupId());
                }
            }
            return results;
        });
    }
}

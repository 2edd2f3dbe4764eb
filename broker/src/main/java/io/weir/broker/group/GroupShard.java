package io.weir.broker.group;

import io.weir.broker.group.CoordinatorRecord.GroupMetadata;
import io.weir.broker.group.CoordinatorRecord.OffsetCommit;
import io.weir.storage.TopicPartitionKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator state of one {@code __consumer_offsets} partition: its groups and their
 * committed offsets, rebuilt by {@link #replay}ing the partition's records and then changed by
 * requests, writing new records through the {@link PartitionWriter}. Membership and offsets are
 * handled by {@link Membership} and {@link OffsetStore}; this class routes, replays, describes,
 * lists and deletes.
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
    private final Membership membership;
    private final OffsetStore offsets;

    GroupShard(ShardContext ctx) {
        this.ctx = ctx;
        this.membership = new Membership(ctx, groups);
        this.offsets = new OffsetStore(ctx, groups, membership);
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
        }
    }

    /** Loading is over: members loaded from the log start their session timeouts, expiry starts. */
    void onLoaded() {
        groups.values().forEach(membership::onLoaded);
        scheduleRetentionCheck();
        log.debug("{} loaded {} group(s)", ctx.logPrefix, groups.size());
    }

    /** This node no longer coordinates the partition: stop timers and answer everything waiting. */
    void unload() {
        ctx.cancelAll();
        groups.values().forEach(group -> membership.abandon(group, GroupError.NOT_COORDINATOR));
        groups.clear();
    }

    private void scheduleRetentionCheck() {
        ctx.schedule(RETENTION_KEY, ctx.config.offsetsRetentionCheckIntervalMs(), () -> {
            offsets.expireOffsets();
            scheduleRetentionCheck();
        });
    }

    CompletableFuture<JoinResult> join(JoinRequest request) {
        return membership.join(request);
    }

    CompletableFuture<SyncResult> sync(SyncRequest request) {
        return membership.sync(request);
    }

    GroupError heartbeat(String groupId, int generationId, MemberIdentity member) {
        return membership.heartbeat(groupId, generationId, member);
    }

    List<LeaveOutcome> leave(String groupId, List<MemberIdentity> members) {
        return membership.leave(groupId, members);
    }

    CompletableFuture<Map<TopicPartitionKey, GroupError>> commitOffsets(OffsetCommitRequest request) {
        return offsets.commit(request);
    }

    CompletableFuture<Map<TopicPartitionKey, GroupError>> commitTransactionalOffsets(long producerId, OffsetCommitRequest request) {
        return offsets.commitTransactional(producerId, request);
    }

    CompletableFuture<Void> completeTransaction(long producerId, boolean commit) {
        return offsets.completeTransaction(producerId, commit);
    }

    Map<TopicPartitionKey, Optional<CommittedOffset>> fetchOffsets(String groupId, Optional<List<TopicPartitionKey>> partitions) {
        return offsets.fetch(groupId, partitions);
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
        return groups.values().stream().filter(g -> !g.isIn(GroupState.DEAD))
                .map(g -> new GroupListing(g.groupId(), g.protocolType().orElse(""), g.state())).toList();
    }

    /** Deletes Empty groups and their offsets: NON_EMPTY_GROUP for a group with members, GROUP_ID_NOT_FOUND for none. */
    CompletableFuture<Map<String, GroupError>> deleteGroups(List<String> groupIds) {
        Map<String, GroupError> results = new LinkedHashMap<>();
        List<CoordinatorRecord> tombstones = new ArrayList<>();
        List<ClassicGroup> deleting = new ArrayList<>();
        long nowMs = ctx.nowMs();
        for (String groupId : groupIds) {
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

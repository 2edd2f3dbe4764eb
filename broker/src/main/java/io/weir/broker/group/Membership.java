package io.weir.broker.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic protocol's membership state machine for the groups of one shard: JoinGroup,
 * SyncGroup, Heartbeat and LeaveGroup, rebalances, and the timers that expel members.
 *
 * <p>Transitions (Kafka's): Empty --join--> PreparingRebalance --all joined or rebalance timeout-->
 * CompletingRebalance --leader's SyncGroup, persisted--> Stable. A join with new metadata, a leader
 * rejoining, a member leaving or expiring sends CompletingRebalance and Stable back to
 * PreparingRebalance; a rebalance that ends with no member leaves the group Empty (next generation).
 * The first rebalance of an Empty group waits {@code group.initial.rebalance.delay.ms}, extended
 * while members keep arriving, up to the rebalance timeout. A member that has not joined when the
 * join phase ends, or not synced within the rebalance timeout, is removed; a member not heard from
 * within its session timeout is removed (KIP-62 semantics: not while it waits for a join or sync
 * answer). Static members (KIP-345) keep their place across restarts: a known instance id joining
 * without a member id takes over the old member, and a stable group hands back its assignment
 * without a rebalance.
 *
 * <p>Size: the join, sync, heartbeat and leave rules act on one set of states and timers, and
 * reading them together is how their interplay is checked; this is why the class is longer than
 * most. Offsets live apart in {@link OffsetStore}.
 *
 * <p>Thread-safety: lane-confined, like the rest of the shard.
 */
final class Membership {
    private static final Logger log = LoggerFactory.getLogger(Membership.class);

    private final ShardContext ctx;
    private final Map<String, ClassicGroup> groups;

    Membership(ShardContext ctx, Map<String, ClassicGroup> groups) {
        this.ctx = ctx;
        this.groups = groups;
    }

    // ---- JoinGroup

    CompletableFuture<JoinResult> join(JoinRequest request) {
        CompletableFuture<JoinResult> answer = new CompletableFuture<>();
        try {
            ClassicGroup group = groupForJoin(request);
            if (request.memberId().isEmpty()) {
                joinNewMember(group, request, answer);
            } else {
                joinExistingMember(group, request, answer);
            }
        } catch (GroupException e) {
            answer.complete(JoinResult.error(e.error(), request.memberId()));
        }
        return answer;
    }

    private ClassicGroup groupForJoin(JoinRequest request) {
        if (request.groupId().isEmpty()) {
            throw new GroupException(GroupError.INVALID_GROUP_ID, "empty group id");
        }
        if (request.sessionTimeoutMs() < ctx.config.groupMinSessionTimeoutMs()
                || request.sessionTimeoutMs() > ctx.config.groupMaxSessionTimeoutMs()) {
            throw new GroupException(GroupError.INVALID_SESSION_TIMEOUT, "session timeout " + request.sessionTimeoutMs());
        }
        ClassicGroup group = groups.get(request.groupId());
        if (group == null) {
            if (!request.memberId().isEmpty()) {
                throw new GroupException(GroupError.UNKNOWN_MEMBER_ID, "no group " + request.groupId());
            }
            if (request.protocolType().isEmpty() || request.protocols().isEmpty()) {
                throw new GroupException(GroupError.INCONSISTENT_GROUP_PROTOCOL, "no protocol");
            }
            group = new ClassicGroup(request.groupId(), ctx.nowMs());
            groups.put(request.groupId(), group);
        }
        if (group.isIn(GroupState.DEAD)) {
            throw new GroupException(GroupError.COORDINATOR_NOT_AVAILABLE, "group is being deleted");
        }
        if (!group.supportsProtocols(request.protocolType(), request.protocolNames())) {
            throw new GroupException(GroupError.INCONSISTENT_GROUP_PROTOCOL, "protocols not supported by the group");
        }
        return group;
    }

    private void joinNewMember(ClassicGroup group, JoinRequest request, CompletableFuture<JoinResult> answer) {
        Optional<String> instanceId = request.groupInstanceId();
        if (instanceId.isPresent() && group.staticMemberId(instanceId.get()).isPresent()) {
            replaceStaticMember(group, request, group.staticMemberId(instanceId.get()).get(), answer);
            return;
        }
        if (group.size() + group.pendingMembers.size() >= ctx.config.groupMaxSize()) {
            throw new GroupException(GroupError.GROUP_MAX_SIZE_REACHED, "group is full");
        }
        String memberId = instanceId.orElse(request.clientId()) + "-" + UUID.randomUUID();
        if (instanceId.isEmpty() && request.requireKnownMemberId()) {
            group.pendingMembers.add(memberId);
            ctx.schedule(pendingKey(group, memberId), request.sessionTimeoutMs(), () -> onPendingMemberExpired(group, memberId));
            answer.complete(JoinResult.error(GroupError.MEMBER_ID_REQUIRED, memberId));
            return;
        }
        addMemberAndRebalance(group, request, memberId, answer);
    }

    private void joinExistingMember(ClassicGroup group, JoinRequest request, CompletableFuture<JoinResult> answer) {
        String memberId = request.memberId();
        if (group.pendingMembers.contains(memberId)) {
            addMemberAndRebalance(group, request, memberId, answer);
            return;
        }
        ClassicMember member = validateMember(group, memberId, request.groupInstanceId());
        switch (group.state()) {
            case PREPARING_REBALANCE -> updateMemberAndRebalance(group, member, request, answer);
            case COMPLETING_REBALANCE -> {
                if (member.matches(request.protocols())) {
                    answer.complete(currentGeneration(group, member, group.isLeader(memberId)));
                } else {
                    updateMemberAndRebalance(group, member, request, answer);
                }
            }
            case STABLE -> {
                if (group.isLeader(memberId) || !member.matches(request.protocols())) {
                    updateMemberAndRebalance(group, member, request, answer);
                } else {
                    scheduleHeartbeat(group, member);
                    answer.complete(currentGeneration(group, member, false));
                }
            }
            default -> throw new GroupException(GroupError.UNKNOWN_MEMBER_ID, "group is " + group.state());
        }
    }

    private JoinResult currentGeneration(ClassicGroup group, ClassicMember member, boolean withMembers) {
        return new JoinResult(GroupError.NONE, group.generationId(), group.protocolType(), group.protocolName(),
                group.leaderId().orElse(""), member.memberId(), withMembers ? group.joinedMembers() : List.of(), false);
    }

    private void addMemberAndRebalance(ClassicGroup group, JoinRequest request, String memberId, CompletableFuture<JoinResult> answer) {
        ClassicMember member = new ClassicMember(memberId, request);
        if (group.size() == 0) {
            group.protocolType(Optional.of(request.protocolType()));
        }
        group.add(member);
        group.pendingMembers.remove(memberId);
        ctx.cancel(pendingKey(group, memberId));
        member.awaitJoin(answer);
        if (group.initialDelayActive) {
            group.newMemberAdded = true;
        }
        maybePrepareRebalance(group, "member " + memberId + " joined");
    }

    private void updateMemberAndRebalance(ClassicGroup group, ClassicMember member, JoinRequest request,
            CompletableFuture<JoinResult> answer) {
        member.update(request);
        member.awaitJoin(answer);
        maybePrepareRebalance(group, "member " + member.memberId() + " rejoined");
    }

    private void replaceStaticMember(ClassicGroup group, JoinRequest request, String oldMemberId, CompletableFuture<JoinResult> answer) {
        ClassicMember old = group.member(oldMemberId).orElseThrow();
        String newMemberId = request.groupInstanceId().orElseThrow() + "-" + UUID.randomUUID();
        Optional<String> protocolBefore = group.protocolName();
        ClassicMember replacement = old.withMemberId(newMemberId);
        List<JoinRequest.Protocol> oldProtocols = old.protocols();
        replacement.update(request);
        old.completeJoin(JoinResult.error(GroupError.FENCED_INSTANCE_ID, oldMemberId));
        old.completeSync(SyncResult.error(GroupError.FENCED_INSTANCE_ID));
        ctx.cancel(heartbeatKey(group, oldMemberId));
        group.replace(oldMemberId, replacement);
        log.info("{} group {}: static member {} restarted as {}", ctx.logPrefix, group.groupId(), request.groupInstanceId().get(),
                newMemberId);
        if (group.isIn(GroupState.STABLE) && protocolBefore.equals(Optional.of(group.selectProtocol()))) {
            persistStaticReplacement(group, request, old, replacement, oldProtocols, answer);
            return;
        }
        replacement.awaitJoin(answer);
        if (group.isIn(GroupState.PREPARING_REBALANCE)) {
            tryCompleteJoin(group);
        } else {
            prepareRebalance(group, "static member " + request.groupInstanceId().get() + " rejoined with new metadata");
        }
    }

    private void persistStaticReplacement(ClassicGroup group, JoinRequest request, ClassicMember old, ClassicMember replacement,
            List<JoinRequest.Protocol> oldProtocols, CompletableFuture<JoinResult> answer) {
        int generation = group.generationId();
        ctx.write(List.of(new CoordinatorRecord.GroupMetadata(group.groupId(), Optional.of(group.snapshot()))))
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        if (group.member(replacement.memberId()).isPresent()) {
                            ClassicMember restored = replacement.withMemberId(old.memberId());
                            restored.update(new JoinRequest(group.groupId(), old.memberId(), old.groupInstanceId(), old.clientId(),
                                    old.clientHost(), old.sessionTimeoutMs(), old.rebalanceTimeoutMs(), "", oldProtocols, false, false));
                            group.replace(replacement.memberId(), restored);
                            scheduleHeartbeat(group, restored);
                        }
                        answer.complete(JoinResult.error(GroupException.errorOf(failure), replacement.memberId()));
                        return;
                    }
                    scheduleHeartbeat(group, replacement);
                    boolean leader = group.isLeader(replacement.memberId()) && request.supportsSkipAssignment()
                            && group.generationId() == generation && group.protocolName().isPresent();
                    answer.complete(new JoinResult(GroupError.NONE, group.generationId(), group.protocolType(), group.protocolName(),
                            group.leaderId().orElse(""), replacement.memberId(), leader ? group.joinedMembers() : List.of(), leader));
                });
    }

    private void onPendingMemberExpired(ClassicGroup group, String memberId) {
        if (group.pendingMembers.remove(memberId)) {
            log.debug("{} group {}: member id {} given out but never used", ctx.logPrefix, group.groupId(), memberId);
            tryCompleteJoin(group);
        }
    }

    // ---- rebalance

    private void maybePrepareRebalance(ClassicGroup group, String reason) {
        switch (group.state()) {
            case EMPTY, STABLE, COMPLETING_REBALANCE -> prepareRebalance(group, reason);
            case PREPARING_REBALANCE -> tryCompleteJoin(group);
            default -> { }
        }
    }

    void prepareRebalance(ClassicGroup group, String reason) {
        if (group.isIn(GroupState.COMPLETING_REBALANCE)) {
            resetAssignments(group, GroupError.REBALANCE_IN_PROGRESS);
        }
        ctx.cancel(syncKey(group));
        group.pendingSyncMembers.clear();
        boolean wasEmpty = group.isIn(GroupState.EMPTY);
        group.transitionTo(GroupState.PREPARING_REBALANCE, ctx.nowMs());
        log.info("{} group {} preparing rebalance of generation {}: {}", ctx.logPrefix, group.groupId(), group.generationId(), reason);
        int rebalanceTimeoutMs = group.maxRebalanceTimeoutMs();
        int initialDelayMs = ctx.config.groupInitialRebalanceDelayMs();
        if (wasEmpty && initialDelayMs > 0) {
            group.initialDelayActive = true;
            group.newMemberAdded = false;
            group.initialDelayRemainingMs = Math.max(rebalanceTimeoutMs - initialDelayMs, 0);
            ctx.schedule(joinKey(group), Math.min(initialDelayMs, rebalanceTimeoutMs), () -> onInitialDelayExpired(group));
        } else {
            ctx.schedule(joinKey(group), rebalanceTimeoutMs, () -> completeJoin(group));
            tryCompleteJoin(group);
        }
    }

    private void onInitialDelayExpired(ClassicGroup group) {
        if (group.newMemberAdded && group.initialDelayRemainingMs > 0) {
            long delayMs = Math.min(ctx.config.groupInitialRebalanceDelayMs(), group.initialDelayRemainingMs);
            group.initialDelayRemainingMs = Math.max(group.initialDelayRemainingMs - ctx.config.groupInitialRebalanceDelayMs(), 0);
            group.newMemberAdded = false;
            ctx.schedule(joinKey(group), delayMs, () -> onInitialDelayExpired(group));
            return;
        }
        group.initialDelayActive = false;
        completeJoin(group);
    }

    private void tryCompleteJoin(ClassicGroup group) {
        if (group.isIn(GroupState.PREPARING_REBALANCE) && !group.initialDelayActive && group.allMembersJoined()) {
            completeJoin(group);
        }
    }

    private void completeJoin(ClassicGroup group) {
        if (!group.isIn(GroupState.PREPARING_REBALANCE)) {
            return;
        }
        ctx.cancel(joinKey(group));
        group.initialDelayActive = false;
        for (ClassicMember member : new ArrayList<>(group.members())) {
            if (!member.isAwaitingJoin()) {
                log.info("{} group {}: member {} did not rejoin in time, removed", ctx.logPrefix, group.groupId(), member.memberId());
                removeMember(group, member);
            }
        }
        group.nextGeneration();
        if (group.size() == 0) {
            group.protocolName(Optional.empty());
            group.transitionTo(GroupState.EMPTY, ctx.nowMs());
            log.info("{} group {} is empty at generation {}", ctx.logPrefix, group.groupId(), group.generationId());
            persistQuietly(group);
            return;
        }
        group.protocolName(Optional.of(group.selectProtocol()));
        group.transitionTo(GroupState.COMPLETING_REBALANCE, ctx.nowMs());
        log.info("{} group {} generation {} with {} member(s), protocol {}", ctx.logPrefix, group.groupId(), group.generationId(),
                group.size(), group.protocolName().get());
        for (ClassicMember member : new ArrayList<>(group.members())) {
            group.pendingSyncMembers.add(member.memberId());
            scheduleHeartbeat(group, member);
            member.completeJoin(currentGeneration(group, member, group.isLeader(member.memberId())));
        }
        int generation = group.generationId();
        ctx.schedule(syncKey(group), group.maxRebalanceTimeoutMs(), () -> onSyncExpired(group, generation));
    }

    private void persistQuietly(ClassicGroup group) {
        ctx.write(List.of(new CoordinatorRecord.GroupMetadata(group.groupId(), Optional.of(group.snapshot()))))
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        log.warn("{} group {}: could not store the empty group: {}", ctx.logPrefix, group.groupId(), failure.toString());
                    }
                });
    }

    private void onSyncExpired(ClassicGroup group, int generation) {
        if (!group.isIn(GroupState.COMPLETING_REBALANCE) || group.generationId() != generation) {
            return;
        }
        for (String memberId : new ArrayList<>(group.pendingSyncMembers)) {
            group.member(memberId).ifPresent(member -> {
                log.info("{} group {}: member {} did not sync in time, removed", ctx.logPrefix, group.groupId(), memberId);
                removeMember(group, member);
            });
        }
        prepareRebalance(group, "members did not sync in time");
    }

    private void resetAssignments(ClassicGroup group, GroupError error) {
        for (ClassicMember member : group.members()) {
            member.assignment(new byte[0]);
            member.completeSync(SyncResult.error(error));
        }
    }

    // ---- SyncGroup

    CompletableFuture<SyncResult> sync(SyncRequest request) {
        CompletableFuture<SyncResult> answer = new CompletableFuture<>();
        try {
            ClassicGroup group = existingGroup(request.groupId());
            ClassicMember member = validateMember(group, request.memberId(), request.groupInstanceId());
            if (request.generationId() != group.generationId()) {
                throw new GroupException(GroupError.ILLEGAL_GENERATION, "generation " + request.generationId());
            }
            if (!matchesIfSent(request.protocolType(), group.protocolType()) || !matchesIfSent(request.protocolName(), group.protocolName())) {
                throw new GroupException(GroupError.INCONSISTENT_GROUP_PROTOCOL, "protocol mismatch");
            }
            switch (group.state()) {
                case PREPARING_REBALANCE -> throw new GroupException(GroupError.REBALANCE_IN_PROGRESS, "rebalancing");
                case COMPLETING_REBALANCE -> syncWhileCompleting(group, member, request, answer);
                case STABLE -> {
                    scheduleHeartbeat(group, member);
                    answer.complete(new SyncResult(GroupError.NONE, group.protocolType(), group.protocolName(), member.assignment()));
                }
                default -> throw new GroupException(GroupError.UNKNOWN_MEMBER_ID, "group is " + group.state());
            }
        } catch (GroupException e) {
            answer.complete(SyncResult.error(e.error()));
        }
        return answer;
    }

    private static boolean matchesIfSent(Optional<String> sent, Optional<String> actual) {
        return sent.isEmpty() || sent.equals(actual);
    }

    private void syncWhileCompleting(ClassicGroup group, ClassicMember member, SyncRequest request, CompletableFuture<SyncResult> answer) {
        member.awaitSync(answer);
        group.pendingSyncMembers.remove(member.memberId());
        scheduleHeartbeat(group, member);
        if (!group.isLeader(member.memberId())) {
            return;
        }
        int generation = group.generationId();
        byte[] empty = new byte[0];
        Map<String, byte[]> assignments = request.assignments();
        List<ClassicMember> members = new ArrayList<>(group.members());
        members.forEach(m -> m.assignment(assignments.getOrDefault(m.memberId(), empty)));
        GroupSnapshot snapshot = group.snapshot();
        ctx.write(List.of(new CoordinatorRecord.GroupMetadata(group.groupId(), Optional.of(snapshot))))
                .whenComplete((ignored, failure) -> onAssignmentStored(group, generation, failure));
    }

    private void onAssignmentStored(ClassicGroup group, int generation, Throwable failure) {
        if (!group.isIn(GroupState.COMPLETING_REBALANCE) || group.generationId() != generation) {
            return;
        }
        if (failure != null) {
            log.warn("{} group {}: storing the assignment failed: {}", ctx.logPrefix, group.groupId(), failure.toString());
            resetAssignments(group, GroupException.errorOf(failure));
            prepareRebalance(group, "storing the assignment failed");
            return;
        }
        ctx.cancel(syncKey(group));
        group.transitionTo(GroupState.STABLE, ctx.nowMs());
        log.info("{} group {} stable at generation {}", ctx.logPrefix, group.groupId(), generation);
        for (ClassicMember member : group.members()) {
            member.completeSync(new SyncResult(GroupError.NONE, group.protocolType(), group.protocolName(), member.assignment()));
        }
    }

    // ---- Heartbeat

    GroupError heartbeat(String groupId, int generationId, MemberIdentity identity) {
        try {
            ClassicGroup group = existingGroup(groupId);
            ClassicMember member = validateMember(group, identity.memberId(), identity.groupInstanceId());
            if (generationId != group.generationId()) {
                return GroupError.ILLEGAL_GENERATION;
            }
            switch (group.state()) {
                case COMPLETING_REBALANCE, STABLE -> {
                    scheduleHeartbeat(group, member);
                    return GroupError.NONE;
                }
                case PREPARING_REBALANCE -> {
                    scheduleHeartbeat(group, member);
                    return GroupError.REBALANCE_IN_PROGRESS;
                }
                default -> {
                    return GroupError.UNKNOWN_MEMBER_ID;
                }
            }
        } catch (GroupException e) {
            return e.error();
        }
    }

    /** A member showed life in another way (an offset commit): its session starts again. */
    void touch(ClassicGroup group, String memberId) {
        group.member(memberId).ifPresent(member -> scheduleHeartbeat(group, member));
    }

    void scheduleHeartbeat(ClassicGroup group, ClassicMember member) {
        String memberId = member.memberId();
        ctx.schedule(heartbeatKey(group, memberId), member.sessionTimeoutMs(), () -> onHeartbeatExpired(group, memberId));
    }

    private void onHeartbeatExpired(ClassicGroup group, String memberId) {
        group.member(memberId).ifPresent(member -> {
            if (member.isAwaitingJoin() || member.isAwaitingSync()) {
                scheduleHeartbeat(group, member);
                return;
            }
            log.info("{} group {}: member {} session expired", ctx.logPrefix, group.groupId(), memberId);
            removeMemberAndUpdateGroup(group, member);
        });
    }

    // ---- LeaveGroup

    /** Removes the members; each named member of a group that does not exist is UNKNOWN_MEMBER_ID. */
    List<LeaveOutcome> leave(String groupId, List<MemberIdentity> leaving) {
        List<LeaveOutcome> outcomes = new ArrayList<>();
        if (!groups.containsKey(groupId)) {
            leaving.forEach(identity -> outcomes.add(new LeaveOutcome(identity, GroupError.UNKNOWN_MEMBER_ID)));
            return outcomes;
        }
        ClassicGroup group = existingGroup(groupId);
        for (MemberIdentity identity : leaving) {
            outcomes.add(new LeaveOutcome(identity, leaveOne(group, identity)));
        }
        return outcomes;
    }

    private GroupError leaveOne(ClassicGroup group, MemberIdentity identity) {
        if (group.pendingMembers.remove(identity.memberId())) {
            ctx.cancel(pendingKey(group, identity.memberId()));
            tryCompleteJoin(group);
            return GroupError.NONE;
        }
        String memberId = identity.memberId();
        if (memberId.isEmpty() && identity.groupInstanceId().isPresent()) {
            Optional<String> known = group.staticMemberId(identity.groupInstanceId().get());
            if (known.isEmpty()) {
                return GroupError.UNKNOWN_MEMBER_ID;
            }
            memberId = known.get();
        }
        try {
            ClassicMember member = validateMember(group, memberId, identity.groupInstanceId());
            log.info("{} group {}: member {} left", ctx.logPrefix, group.groupId(), memberId);
            removeMemberAndUpdateGroup(group, member);
            return GroupError.NONE;
        } catch (GroupException e) {
            return e.error();
        }
    }

    private void removeMemberAndUpdateGroup(ClassicGroup group, ClassicMember member) {
        removeMember(group, member);
        switch (group.state()) {
            case STABLE, COMPLETING_REBALANCE -> prepareRebalance(group, "member " + member.memberId() + " left");
            case PREPARING_REBALANCE -> tryCompleteJoin(group);
            default -> { }
        }
    }

    private void removeMember(ClassicGroup group, ClassicMember member) {
        group.remove(member.memberId());
        ctx.cancel(heartbeatKey(group, member.memberId()));
        member.completeJoin(JoinResult.error(GroupError.UNKNOWN_MEMBER_ID, member.memberId()));
        member.completeSync(SyncResult.error(GroupError.UNKNOWN_MEMBER_ID));
    }

    /** Answers every waiting request with {@code error} and stops the group's timers (the shard is unloading). */
    void abandon(ClassicGroup group, GroupError error) {
        for (ClassicMember member : group.members()) {
            member.completeJoin(JoinResult.error(error, member.memberId()));
            member.completeSync(SyncResult.error(error));
        }
    }

    /**
     * The group leaves the classic protocol (an online upgrade, KIP-848): its timers stop and every
     * waiting JoinGroup or SyncGroup is answered REBALANCE_IN_PROGRESS, so that its members join
     * again, now as classic members of a consumer group.
     */
    void detach(ClassicGroup group) {
        ctx.cancel(joinKey(group));
        ctx.cancel(syncKey(group));
        group.pendingMembers.forEach(memberId -> ctx.cancel(pendingKey(group, memberId)));
        for (ClassicMember member : group.members()) {
            ctx.cancel(heartbeatKey(group, member.memberId()));
            member.completeJoin(JoinResult.error(GroupError.REBALANCE_IN_PROGRESS, member.memberId()));
            member.completeSync(SyncResult.error(GroupError.REBALANCE_IN_PROGRESS));
        }
    }

    /** Schedules the session timeouts of the members of a group just loaded from the log. */
    void onLoaded(ClassicGroup group) {
        group.members().forEach(member -> scheduleHeartbeat(group, member));
    }

    // ---- shared checks

    private ClassicGroup existingGroup(String groupId) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            throw new GroupException(GroupError.UNKNOWN_MEMBER_ID, "no group " + groupId);
        }
        if (group.isIn(GroupState.DEAD)) {
            throw new GroupException(GroupError.COORDINATOR_NOT_AVAILABLE, "group is being deleted");
        }
        return group;
    }

    /** The member, after the static-membership fencing checks (KIP-345). */
    static ClassicMember validateMember(ClassicGroup group, String memberId, Optional<String> groupInstanceId) {
        if (groupInstanceId.isPresent()) {
            Optional<String> registered = group.staticMemberId(groupInstanceId.get());
            if (registered.isPresent() && !registered.get().equals(memberId)) {
                throw new GroupException(GroupError.FENCED_INSTANCE_ID, "instance " + groupInstanceId.get() + " is " + registered.get());
            }
        }
        ClassicMember member = group.member(memberId)
                .orElseThrow(() -> new GroupException(GroupError.UNKNOWN_MEMBER_ID, "no member " + memberId));
        if (groupInstanceId.isPresent() && !groupInstanceId.equals(member.groupInstanceId())) {
            throw new GroupException(GroupError.FENCED_INSTANCE_ID, "member " + memberId + " has another instance id");
        }
        return member;
    }

    private static String joinKey(ClassicGroup group) {
        return "join/" + group.groupId();
    }

    private static String syncKey(ClassicGroup group) {
        return "sync/" + group.groupId();
    }

    private static String heartbeatKey(ClassicGroup group, String memberId) {
        return "heartbeat/" + group.groupId() + "/" + memberId;
    }

    private static String pendingKey(ClassicGroup group, String memberId) {
        return "pending/" + group.groupId() + "/" + memberId;
    }
}

package io.weir.broker.group;

import io.weir.broker.group.ConsumerAssignor.MemberSpec;
import io.weir.broker.group.ConsumerMember.MemberState;
import io.weir.metadata.image.TopicImage;
import io.weir.metadata.image.TopicsImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer protocol's membership state machine (KIP-848) for the groups of one shard:
 * ConsumerGroupHeartbeat joins (epoch 0), heartbeats (current epoch), leaves (-1) and static leaves
 * (-2), and the timers that expel members.
 *
 * <p>A new member, a changed subscription or assignor, a change of a subscribed topic (created,
 * deleted, more partitions), or a member that leaves or expires bumps the group epoch; the target
 * assignment is then computed at once by the group's server-side assignor, so the target epoch
 * equals the group epoch when the heartbeat ends. Each member then reconciles toward its target on
 * its own heartbeats ({@link Reconciler}): revocation before assignment. A member not heard from
 * within the group's session timeout is removed, as is a member that does not revoke
 * within its rebalance timeout; a static member that left with epoch -2 keeps its partitions for a
 * session timeout and a new member with its instance id takes them over.
 *
 * <p>State changes are applied in memory first and the heartbeat is answered once its records are
 * written; a failed write answers the error (the shard is then usually losing its partition and is
 * dropped). Topic metadata comes with each heartbeat (the broker's current image), so a partition
 * change is seen at the next heartbeat of any member. A member may subscribe by topic names, by an
 * RE2/J regular expression ({@link TopicRegexes}), or both; the regexes are matched against the
 * image of each heartbeat, so a topic created or deleted that a regex matches changes the target
 * at the next heartbeat of any member, without the members re-sending their subscription.
 *
 * <p>The session timeout and the heartbeat interval are the group's own ({@code
 * consumer.session.timeout.ms} and {@code consumer.heartbeat.interval.ms} on its config resource,
 * read through {@link ConsumerGroupOverrides.Lookup} at each use) or else the node's {@code
 * group.consumer.*} values; a change reaches each member at its next heartbeat.
 *
 * <p>Members may also be classic ones (KIP-848 online migration): their JoinGroup enters here as a
 * heartbeat ({@link ClassicConsumerGroupMembership}), they expire after their own session timeout,
 * and a consumer-protocol member leaving may turn the group back into a classic one
 * ({@link DowngradeHook}, {@link GroupMigration}).
 *
 * <p>Size: joins, reconciliation, leaves and timers share one set of epochs and are read together;
 * this is why the class is longer than most.
 *
 * <p>Thread-safety: lane-confined, like the rest of the shard.
 */
final class ConsumerMembership {
    private static final Logger log = LoggerFactory.getLogger(ConsumerMembership.class);

    private final ShardContext ctx;
    private final Map<String, ConsumerGroup> groups;
    private final DowngradeHook downgrade;
    private TopicsImage topics = TopicsImage.EMPTY;
    private final TopicRegexes regexes = new TopicRegexes();

    /** Turns a consumer group back into a classic one when a consumer-protocol member leaves, if it should. */
    @FunctionalInterface
    interface DowngradeHook {
        /**
         * Called before {@code leaving} is removed; true when the group was converted (adding its
         * records), in which case the member is not removed the usual way.
         */
        boolean maybeDowngrade(ConsumerGroup group, ConsumerMember leaving, List<CoordinatorRecord> records);
    }

    ConsumerMembership(ShardContext ctx, Map<String, ConsumerGroup> groups) {
        this(ctx, groups, (group, leaving, records) -> false);
    }

    ConsumerMembership(ShardContext ctx, Map<String, ConsumerGroup> groups, DowngradeHook downgrade) {
        this.ctx = ctx;
        this.groups = groups;
        this.downgrade = downgrade;
    }

    private ConsumerGroupConfig config() {
        return ctx.config.consumer();
    }

    /** The broker's topics as the last request brought them. */
    TopicsImage currentTopics() {
        return topics;
    }

    /** Validates the request's fields; throws INVALID_REQUEST or UNSUPPORTED_ASSIGNOR. */
    void validate(ConsumerHeartbeat request) {
        if (request.groupId().isEmpty()) {
            throw new GroupException(GroupError.INVALID_REQUEST, "GroupId can't be empty.");
        }
        request.subscribedTopicRegex().filter(regex -> !regex.isEmpty()).ifPresent(TopicRegexes::validate);
        if (request.memberEpoch() == 0) {
            if (request.rebalanceTimeoutMs() <= 0) {
                throw new GroupException(GroupError.INVALID_REQUEST, "RebalanceTimeoutMs must be provided in first request.");
            }
            if (request.subscribedTopicNames().isEmpty() && request.subscribedTopicRegex().isEmpty()) {
                throw new GroupException(GroupError.INVALID_REQUEST,
                        "SubscribedTopicNames or SubscribedTopicRegex must be set in first request.");
            }
        } else if (request.memberId().isEmpty()) {
            throw new GroupException(GroupError.INVALID_REQUEST, "MemberId can't be empty.");
        } else if (request.memberEpoch() < ConsumerMember.STATIC_LEAVE_EPOCH) {
            throw new GroupException(GroupError.INVALID_REQUEST, "MemberEpoch is invalid.");
        }
        if (request.serverAssignor().isPresent() && !config().assignors().contains(request.serverAssignor().get())) {
            throw new GroupException(GroupError.UNSUPPORTED_ASSIGNOR, "ServerAssignor " + request.serverAssignor().get()
                    + " is not supported. Supported assignors: " + String.join(", ", config().assignors()) + ".");
        }
    }

    CompletableFuture<ConsumerHeartbeatResult> heartbeat(ConsumerHeartbeat request, TopicsImage image,
            List<CoordinatorRecord> conversionRecords) {
        return heartbeat(request, image, conversionRecords, Optional.empty());
    }

    /**
     * A heartbeat of a consumer-protocol member, or the JoinGroup of a classic member of a consumer
     * group ({@code classic} present) expressed as a heartbeat: the same join, subscription and
     * reconciliation rules, with the member marked classic.
     */
    CompletableFuture<ConsumerHeartbeatResult> heartbeat(ConsumerHeartbeat request, TopicsImage image,
            List<CoordinatorRecord> conversionRecords, Optional<ClassicMemberData> classic) {
        topics = image;
        validate(request);
        if (request.memberEpoch() == ConsumerMember.LEAVE_EPOCH || request.memberEpoch() == ConsumerMember.STATIC_LEAVE_EPOCH) {
            return leave(request);
        }
        ConsumerGroup group = groups.get(request.groupId());
        if (group == null) {
            if (request.memberEpoch() != 0) {
                throw new GroupException(GroupError.UNKNOWN_MEMBER_ID, "Group " + request.groupId() + " has no member "
                        + request.memberId() + ".");
            }
            group = new ConsumerGroup(request.groupId(), config().defaultAssignor());
            groups.put(request.groupId(), group);
            log.info("{} consumer group {} created", ctx.logPrefix, group.groupId);
        }
        List<CoordinatorRecord> records = new ArrayList<>(conversionRecords);
        ConsumerMember before = request.memberEpoch() == 0 ? joiningMember(group, request, records) : existingMember(group, request);
        return heartbeatMember(group, before, request, records, classic);
    }

    private ConsumerMember joiningMember(ConsumerGroup group, ConsumerHeartbeat request, List<CoordinatorRecord> records) {
        String memberId = request.memberId().isEmpty() ? UUID.randomUUID().toString() : request.memberId();
        if (request.instanceId().isPresent()) {
            Optional<ConsumerMember> previous = group.staticMember(request.instanceId().get());
            if (previous.isPresent() && !previous.get().memberId().equals(memberId)) {
                if (!previous.get().isAwayStatic()) {
                    throw new GroupException(GroupError.UNRELEASED_INSTANCE_ID, "Static member " + request.instanceId().get()
                            + " is still in use by member " + previous.get().memberId() + ".");
                }
                return takeOverStaticMember(group, previous.get(), memberId, records);
            }
        }
        Optional<ConsumerMember> existing = group.member(memberId);
        if (existing.isPresent() && existing.get().memberEpoch() != 0) {
            removeMember(group, existing.get(), records, "rejoined with epoch 0");
        }
        if (group.member(memberId).isEmpty() && group.members.size() >= config().maxSize()) {
            throw new GroupException(GroupError.GROUP_MAX_SIZE_REACHED, "The consumer group has reached its maximum capacity of "
                    + config().maxSize() + " members.");
        }
        return group.member(memberId).orElseGet(() -> ConsumerMember.joining(memberId, request.clientId(), request.clientHost()));
    }

    private ConsumerMember takeOverStaticMember(ConsumerGroup group, ConsumerMember previous, String memberId,
            List<CoordinatorRecord> records) {
        group.members.remove(previous.memberId());
        Assignment target = group.target(previous.memberId());
        group.targets.remove(previous.memberId());
        cancelTimers(group, previous.memberId());
        records.add(new CoordinatorRecord.ConsumerGroupMember(group.groupId, previous.memberId(), Optional.empty()));
        ConsumerMember replacement = previous.withMemberId(memberId).withReconciliation(previous.previousMemberEpoch(),
                previous.previousMemberEpoch(), previous.state(), previous.assigned(), previous.pendingRevocation());
        group.members.put(memberId, replacement);
        group.targets.put(memberId, target);
        log.info("{} group {}: static member {} rejoined as {}", ctx.logPrefix, group.groupId, previous.instanceId().orElse(""),
                memberId);
        return replacement;
    }

    private ConsumerMember existingMember(ConsumerGroup group, ConsumerHeartbeat request) {
        ConsumerMember member = group.member(request.memberId()).orElseThrow(() -> new GroupException(GroupError.UNKNOWN_MEMBER_ID,
                "Member " + request.memberId() + " is not a member of group " + request.groupId() + "."));
        if (member.isAwayStatic()) {
            throw new GroupException(GroupError.UNKNOWN_MEMBER_ID, "Static member " + request.memberId() + " left the group.");
        }
        int epoch = request.memberEpoch();
        boolean lostResponse = epoch == member.previousMemberEpoch() && epoch < member.memberEpoch()
                && request.ownedPartitions().map(owned -> owned.subsetOf(member.assigned())).orElse(false);
        if (epoch != member.memberEpoch() && !lostResponse) {
            throw new GroupException(GroupError.FENCED_MEMBER_EPOCH, "The consumer group member has a "
                    + (epoch > member.memberEpoch() ? "greater" : "smaller") + " member epoch (" + epoch + ") than the one known by"
                    + " the group coordinator (" + member.memberEpoch() + "). The member must abandon all its partitions and rejoin.");
        }
        return member;
    }

    private CompletableFuture<ConsumerHeartbeatResult> heartbeatMember(ConsumerGroup group, ConsumerMember before,
            ConsumerHeartbeat request, List<CoordinatorRecord> records, Optional<ClassicMemberData> classic) {
        boolean isNew = group.member(before.memberId()).isEmpty() || before.memberEpoch() == 0;
        ConsumerMember subscribed = before.withSubscription(request);
        ConsumerMember updated = classic.isPresent() ? subscribed.withClassic(classic) : subscribed;
        group.members.put(updated.memberId(), updated);
        boolean regexMatchesChanged = resolveRegexes(group);
        Map<String, TopicMetadata> metadata = subscriptionMetadata(group);
        boolean bump = isNew || !updated.subscribedTopics().equals(before.subscribedTopics())
                || !updated.subscribedTopicRegex().equals(before.subscribedTopicRegex()) || regexMatchesChanged
                || !updated.serverAssignor().equals(before.serverAssignor()) || !metadata.equals(group.subscriptionMetadata);
        if (bump) {
            bumpEpochAndAssign(group, metadata, "member " + updated.memberId() + (isNew ? " joined" : " changed its subscription"));
        }
        ConsumerMember reconciled = reconcile(group, updated, request.ownedPartitions());
        if (bump) {
            records.add(group.metadataRecord());
            group.members.values().forEach(m -> records.add(group.memberRecord(m)));
        } else if (!reconciled.equals(before)) {
            records.add(group.memberRecord(reconciled));
        }
        scheduleSession(group, reconciled.memberId());
        boolean sendAssignment = request.memberEpoch() == 0 || !reconciled.assigned().equals(before.assigned())
                || request.ownedPartitions().map(owned -> !owned.equals(reconciled.assigned())).orElse(false);
        ConsumerHeartbeatResult result = new ConsumerHeartbeatResult(GroupError.NONE, Optional.empty(), reconciled.memberId(),
                reconciled.memberEpoch(), heartbeatIntervalMs(group), sendAssignment ? Optional.of(reconciled.assigned()) : Optional.empty());
        return persist(records, result);
    }

    CompletableFuture<ConsumerHeartbeatResult> persist(List<CoordinatorRecord> records, ConsumerHeartbeatResult result) {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(result);
        }
        return ctx.write(records).handle((ignored, failure) -> failure == null
                ? result
                : ConsumerHeartbeatResult.error(GroupException.errorOf(failure), "writing the group state failed", result.memberId()));
    }

    /** One reconciliation step for {@code member}, applied to the group, with the revocation timer kept in step. */
    private ConsumerMember reconcile(ConsumerGroup group, ConsumerMember member, Optional<Assignment> owned) {
        ConsumerMember next = Reconciler.reconcile(member, group.assignmentEpoch, group.target(member.memberId()), owned,
                (topic, partition) -> group.isFreeFor(member.memberId(), topic, partition));
        group.members.put(next.memberId(), next);
        if (next.state() == MemberState.UNREVOKED_PARTITIONS && member.state() != MemberState.UNREVOKED_PARTITIONS) {
            ctx.schedule(revocationKey(group, next.memberId()), next.rebalanceTimeoutMs(),
                    () -> onRevocationExpired(group, next.memberId()));
        } else if (next.state() != MemberState.UNREVOKED_PARTITIONS) {
            ctx.cancel(revocationKey(group, next.memberId()));
        }
        if (next.memberEpoch() != member.memberEpoch() || next.state() != member.state()) {
            log.debug("{} group {}: member {} at epoch {} {}, assigned {}", ctx.logPrefix, group.groupId, next.memberId(),
                    next.memberEpoch(), next.state(), next.assigned().size());
        }
        return next;
    }

    /**
     * The interval told to a member: the group's own {@code consumer.heartbeat.interval.ms}, else
     * the node's; shorter while the group settles and for one such interval after an epoch change.
     */
    private int heartbeatIntervalMs(ConsumerGroup group) {
        int intervalMs = ctx.overrides.forGroup(group.groupId).heartbeatIntervalMs().orElse(config().heartbeatIntervalMs());
        boolean settling = group.state() != ConsumerGroupState.STABLE || ctx.nowMs() - group.lastEpochChangeMs < intervalMs;
        return settling ? Math.min(config().reconcilingHeartbeatIntervalMs(), intervalMs) : intervalMs;
    }

    /**
     * Takes the broker's current topics for a group whose members do not heartbeat with
     * ConsumerGroupHeartbeat (classic members): a change of the subscribed topics bumps the epoch
     * and recomputes the target, adding the records to write.
     */
    void maybeRefreshTopics(ConsumerGroup group, TopicsImage image, List<CoordinatorRecord> records) {
        topics = image;
        boolean regexMatchesChanged = resolveRegexes(group);
        Map<String, TopicMetadata> metadata = subscriptionMetadata(group);
        if (regexMatchesChanged || !metadata.equals(group.subscriptionMetadata)) {
            bumpEpochAndAssign(group, metadata, "the subscribed topics changed");
            records.add(group.metadataRecord());
            group.members.values().forEach(m -> records.add(group.memberRecord(m)));
        }
    }

    /**
     * Matches the group's regexes against the broker's current topics; whether any match changed.
     * A topic created or deleted is seen here at the next heartbeat of any member.
     */
    boolean resolveRegexes(ConsumerGroup group) {
        Set<String> inUse = group.subscribedRegexes();
        Map<String, Set<String>> resolved = new HashMap<>();
        inUse.forEach(regex -> resolved.put(regex, regexes.matches(regex, topics)));
        boolean changed = group.regexesResolved && !resolved.equals(group.regexMatches);
        group.regexMatches = Map.copyOf(resolved);
        group.regexesResolved = true;
        if (changed) {
            regexes.retainOnly(groups.values().stream().flatMap(g -> g.subscribedRegexes().stream()).collect(Collectors.toSet()));
        }
        return changed;
    }

    /** The metadata of the subscribed topics that exist (by name or regex), by name. */
    Map<String, TopicMetadata> subscriptionMetadata(ConsumerGroup group) {
        Map<String, TopicMetadata> metadata = new TreeMap<>();
        for (String name : group.subscribedTopics()) {
            Optional<TopicImage> topic = topics.getTopic(name);
            topic.ifPresent(t -> metadata.put(name, new TopicMetadata(t.topicId(), name, t.partitionCount())));
        }
        return metadata;
    }

    private void bumpEpochAndAssign(ConsumerGroup group, Map<String, TopicMetadata> metadata, String reason) {
        group.groupEpoch++;
        group.subscriptionMetadata = metadata;
        group.assignorName = chooseAssignor(group);
        ConsumerAssignor assignor = ConsumerAssignor.named(group.assignorName).orElseThrow();
        List<MemberSpec> specs = group.members.values().stream()
                .map(m -> new MemberSpec(m.memberId(), group.subscribedTopics(m), group.target(m.memberId()))).toList();
        Map<String, Assignment> targets = assignor.assign(specs, metadata);
        group.targets.clear();
        group.members.keySet().forEach(id -> group.targets.put(id, targets.getOrDefault(id, Assignment.EMPTY)));
        group.assignmentEpoch = group.groupEpoch;
        group.lastEpochChangeMs = ctx.nowMs();
        log.info("{} group {}: epoch {} ({}), {} member(s), assignor {}", ctx.logPrefix, group.groupId, group.groupEpoch, reason,
                group.members.size(), group.assignorName);
    }

    /** The assignor most members ask for (ties: by name), else the default. */
    private String chooseAssignor(ConsumerGroup group) {
        Map<String, Long> votes = group.members.values().stream().flatMap(m -> m.serverAssignor().stream())
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
        return votes.entrySet().stream().max(Comparator.comparingLong(Map.Entry<String, Long>::getValue))
                .map(Map.Entry::getKey).orElse(config().defaultAssignor());
    }

    private CompletableFuture<ConsumerHeartbeatResult> leave(ConsumerHeartbeat request) {
        ConsumerGroup group = groups.get(request.groupId());
        ConsumerMember member = Optional.ofNullable(group).flatMap(g -> g.member(request.memberId()))
                .orElseThrow(() -> new GroupException(GroupError.UNKNOWN_MEMBER_ID, "Member " + request.memberId()
                        + " is not a member of group " + request.groupId() + "."));
        List<CoordinatorRecord> records = new ArrayList<>();
        if (request.memberEpoch() == ConsumerMember.STATIC_LEAVE_EPOCH && member.instanceId().isPresent()) {
            ConsumerMember away = member.withEpoch(ConsumerMember.STATIC_LEAVE_EPOCH);
            group.members.put(away.memberId(), away);
            ctx.cancel(revocationKey(group, away.memberId()));
            scheduleSession(group, away.memberId());
            records.add(group.memberRecord(away));
            log.info("{} group {}: static member {} left for now", ctx.logPrefix, group.groupId, member.instanceId().get());
        } else if (!downgrade.maybeDowngrade(group, member, records)) {
            removeMember(group, member, records, "left the group");
        }
        return persist(records, new ConsumerHeartbeatResult(GroupError.NONE, Optional.empty(), member.memberId(),
                request.memberEpoch(), 0, Optional.empty()));
    }

    /** Removes a member, bumps the epoch and computes the new target; adds the records to write. */
    void removeMember(ConsumerGroup group, ConsumerMember member, List<CoordinatorRecord> records, String reason) {
        group.members.remove(member.memberId());
        group.targets.remove(member.memberId());
        cancelTimers(group, member.memberId());
        records.add(new CoordinatorRecord.ConsumerGroupMember(group.groupId, member.memberId(), Optional.empty()));
        if (group.members.isEmpty()) {
            group.emptySinceMs = ctx.nowMs();
        }
        resolveRegexes(group);
        bumpEpochAndAssign(group, subscriptionMetadata(group), "member " + member.memberId() + " " + reason);
        records.add(group.metadataRecord());
        group.members.values().forEach(m -> records.add(group.memberRecord(m)));
    }

    private void expel(ConsumerGroup group, String memberId, String reason) {
        if (groups.get(group.groupId) != group) {
            return;
        }
        group.member(memberId).ifPresent(member -> {
            List<CoordinatorRecord> records = new ArrayList<>();
            if (member.isClassic() || !downgrade.maybeDowngrade(group, member, records)) {
                removeMember(group, member, records, reason);
            }
            ctx.write(records).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    log.warn("{} group {}: writing the removal of {} failed: {}", ctx.logPrefix, group.groupId, memberId,
                            failure.toString());
                }
            });
        });
    }

    private void onSessionExpired(ConsumerGroup group, String memberId) {
        expel(group, memberId, "expired (session timeout)");
    }

    private void onRevocationExpired(ConsumerGroup group, String memberId) {
        expel(group, memberId, "did not revoke its partitions within its rebalance timeout");
    }

    /**
     * Starts the member's session again: its own session timeout for a classic member, else the
     * group's {@code consumer.session.timeout.ms}, else the node's.
     */
    void scheduleSession(ConsumerGroup group, String memberId) {
        int sessionTimeoutMs = group.member(memberId).flatMap(ConsumerMember::classic).map(ClassicMemberData::sessionTimeoutMs)
                .orElseGet(() -> ctx.overrides.forGroup(group.groupId).sessionTimeoutMs().orElse(config().sessionTimeoutMs()));
        ctx.schedule(sessionKey(group, memberId), sessionTimeoutMs, () -> onSessionExpired(group, memberId));
    }

    void cancelTimers(ConsumerGroup group, String memberId) {
        ctx.cancel(sessionKey(group, memberId));
        ctx.cancel(revocationKey(group, memberId));
    }

    /** Loading is over: every member gets a fresh session, and members revoking a fresh rebalance timeout. */
    void onLoaded(ConsumerGroup group) {
        group.lastEpochChangeMs = ctx.nowMs();
        group.emptySinceMs = ctx.nowMs();
        for (ConsumerMember member : group.members.values()) {
            scheduleSession(group, member.memberId());
            if (member.state() == MemberState.UNREVOKED_PARTITIONS) {
                ctx.schedule(revocationKey(group, member.memberId()), member.rebalanceTimeoutMs(),
                        () -> onRevocationExpired(group, member.memberId()));
            }
        }
    }

    /** Records deleting an Empty group (its metadata; it has no members). */
    void cancelAll(ConsumerGroup group) {
        group.members.keySet().forEach(id -> cancelTimers(group, id));
    }

    /**
     * The rule for commits to a consumer group: the member must exist and commit at its current
     * epoch, or at an older epoch for partitions all still assigned to it (the member moved to a
     * new epoch while the commit was on its way; KIP-1251 accepts it too). A commit without member
     * needs an Empty group.
     */
    static void validateCommit(ConsumerGroup group, OffsetCommitRequest request) {
        int memberEpoch = request.generationId();
        if (memberEpoch < 0 && request.memberId().isEmpty()) {
            if (!group.members.isEmpty()) {
                throw new GroupException(GroupError.UNKNOWN_MEMBER_ID, "commits without a member need an Empty group");
            }
            return;
        }
        ConsumerMember member = group.member(request.memberId()).orElseThrow(() -> new GroupException(GroupError.UNKNOWN_MEMBER_ID,
                "no member " + request.memberId()));
        boolean olderButAssigned = memberEpoch >= 0 && memberEpoch < member.memberEpoch()
                && request.offsets().keySet().stream().allMatch(partition -> {
                    TopicMetadata topic = group.subscriptionMetadata.get(partition.topic());
                    return topic != null && member.assigned().contains(topic.topicId(), partition.partition());
                });
        if (memberEpoch != member.memberEpoch() && member.isClassic()) {
            throw new GroupException(GroupError.ILLEGAL_GENERATION, "generation " + memberEpoch + ", current " + member.memberEpoch());
        }
        if (memberEpoch != member.memberEpoch() && !olderButAssigned) {
            throw new GroupException(GroupError.STALE_MEMBER_EPOCH, "member epoch " + memberEpoch + ", current "
                    + member.memberEpoch());
        }
    }

    /**
     * The rule for TxnOffsetCommit to a consumer group: a producer without member information
     * (before v3) is not checked, as in Kafka; otherwise the member must exist
     * (UNKNOWN_MEMBER_ID) at the epoch it sends (ILLEGAL_GENERATION, which producers understand).
     */
    static void validateTransactionalCommit(ConsumerGroup group, OffsetCommitRequest request) {
        if (request.generationId() < 0 && request.memberId().isEmpty() && request.groupInstanceId().isEmpty()) {
            return;
        }
        ConsumerMember member = group.member(request.memberId()).orElseThrow(() -> new GroupException(GroupError.UNKNOWN_MEMBER_ID,
                "no member " + request.memberId()));
        if (request.generationId() != member.memberEpoch()) {
            throw new GroupException(GroupError.ILLEGAL_GENERATION, "member epoch " + request.generationId() + ", current "
                    + member.memberEpoch());
        }
    }

    static String sessionKey(ConsumerGroup group, String memberId) {
        return "consumer-session/" + group.groupId + "/" + memberId;
    }

    static String revocationKey(ConsumerGroup group, String memberId) {
        return "consumer-revoke/" + group.groupId + "/" + memberId;
    }
}

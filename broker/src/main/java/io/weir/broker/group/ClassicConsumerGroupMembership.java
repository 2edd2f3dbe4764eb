package io.weir.broker.group;

import io.weir.broker.group.ConsumerMember.MemberState;
import io.weir.metadata.Uuid;
import io.weir.metadata.image.TopicsImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classic-protocol members of consumer groups (KIP-848 online migration): JoinGroup, SyncGroup,
 * Heartbeat and LeaveGroup against a consumer group. The coordinator assigns these members itself,
 * with the group's server-side assignor, like its consumer-protocol members:
 *
 * <ul>
 *   <li>JoinGroup is a heartbeat of the consumer protocol in disguise: the subscription and the
 *       owned partitions come from the member's ConsumerProtocol subscription bytes; the member
 *       reconciles one step (revocation before assignment still holds) and is answered at once,
 *       with its member epoch as generation, its first protocol, and no leader role.
 *   <li>SyncGroup returns the member's current assignment encoded as a ConsumerProtocol assignment.
 *   <li>Heartbeat answers REBALANCE_IN_PROGRESS while the member has not reached the group's target
 *       (a new target epoch, partitions to revoke, or partitions still held by others), so that it
 *       joins again and takes the next step.
 *   <li>LeaveGroup removes the member, which bumps the group epoch.
 * </ul>
 *
 * A member not heard from within the session timeout of its JoinGroup is removed. Errors are the
 * classic protocol's (ILLEGAL_GENERATION for a wrong generation, UNKNOWN_MEMBER_ID for a member
 * the group does not know as classic).
 *
 * <p>Thread-safety: lane-confined, like the rest of the shard.
 */
final class ClassicConsumerGroupMembership {
    private static final Logger log = LoggerFactory.getLogger(ClassicConsumerGroupMembership.class);

    private final ShardContext ctx;
    private final ConsumerMembership consumers;

    ClassicConsumerGroupMembership(ShardContext ctx, ConsumerMembership consumers) {
        this.ctx = ctx;
        this.consumers = consumers;
    }

    CompletableFuture<JoinResult> join(ConsumerGroup group, JoinRequest request, TopicsImage topics) {
        try {
            validateJoin(request);
            if (request.memberId().isEmpty() && request.groupInstanceId().isEmpty() && request.requireKnownMemberId()) {
                return CompletableFuture.completedFuture(JoinResult.error(GroupError.MEMBER_ID_REQUIRED, newMemberId(request)));
            }
            List<CoordinatorRecord> records = new ArrayList<>();
            String memberId = request.memberId().isEmpty() ? newMemberId(request) : request.memberId();
            Optional<ConsumerMember> existing = group.member(memberId);
            if (existing.isPresent() && !existing.get().isClassic()) {
                throw new GroupException(GroupError.INCONSISTENT_GROUP_PROTOCOL, "member " + memberId + " uses the consumer protocol");
            }
            replaceStaticMember(group, request, memberId, records);
            ConsumerProtocolBytes.Subscription subscription = ConsumerProtocolBytes.readSubscription(request.protocols().get(0).metadata());
            Map<String, Uuid> ids = new HashMap<>();
            topics.topicsByName().forEach((name, topic) -> ids.put(name, topic.topicId()));
            int epoch = existing.map(ConsumerMember::memberEpoch).orElse(0);
            ConsumerHeartbeat asHeartbeat = new ConsumerHeartbeat(group.groupId, memberId, epoch, request.groupInstanceId(),
                    Optional.empty(), request.rebalanceTimeoutMs(), Optional.of(subscription.topics()), Optional.empty(), Optional.empty(),
                    Optional.of(ConsumerProtocolBytes.byId(subscription.ownedPartitions(), ids)), request.clientId(), request.clientHost());
            ClassicMemberData data = new ClassicMemberData(request.sessionTimeoutMs(), request.protocols());
            return consumers.heartbeat(asHeartbeat, topics, records, Optional.of(data))
                    .thenApply(result -> joinResult(result, memberId, data));
        } catch (GroupException e) {
            return CompletableFuture.completedFuture(JoinResult.error(classicError(e.error()), request.memberId()));
        }
    }

    private void validateJoin(JoinRequest request) {
        if (request.sessionTimeoutMs() < ctx.config.groupMinSessionTimeoutMs()
                || request.sessionTimeoutMs() > ctx.config.groupMaxSessionTimeoutMs()) {
            throw new GroupException(GroupError.INVALID_SESSION_TIMEOUT, "session timeout " + request.sessionTimeoutMs());
        }
        if (!GroupMigration.CONSUMER_PROTOCOL_TYPE.equals(request.protocolType()) || request.protocols().isEmpty()) {
            throw new GroupException(GroupError.INCONSISTENT_GROUP_PROTOCOL, "a consumer group takes only \"consumer\" members");
        }
    }

    private static String newMemberId(JoinRequest request) {
        return request.groupInstanceId().orElse(request.clientId()) + "-" + UUID.randomUUID();
    }

    /** A static member restarting with a new member id replaces the member its instance id names. */
    private void replaceStaticMember(ConsumerGroup group, JoinRequest request, String memberId, List<CoordinatorRecord> records) {
        if (request.groupInstanceId().isEmpty()) {
            return;
        }
        Optional<ConsumerMember> previous = group.staticMember(request.groupInstanceId().get());
        if (previous.isPresent() && !previous.get().memberId().equals(memberId)) {
            if (!request.memberId().isEmpty()) {
                throw new GroupException(GroupError.FENCED_INSTANCE_ID, "instance " + request.groupInstanceId().get() + " is "
                        + previous.get().memberId());
            }
            consumers.removeMember(group, previous.get(), records, "was replaced by a new instance");
        }
    }

    private JoinResult joinResult(ConsumerHeartbeatResult result, String memberId, ClassicMemberData data) {
        if (result.error() != GroupError.NONE) {
            return JoinResult.error(classicError(result.error()), memberId);
        }
        return new JoinResult(GroupError.NONE, result.memberEpoch(), Optional.of(GroupMigration.CONSUMER_PROTOCOL_TYPE),
                Optional.of(data.firstProtocolName()), "", memberId, List.of(), false);
    }

    /** The classic protocol's name for a consumer-protocol refusal. */
    private static GroupError classicError(GroupError error) {
        return switch (error) {
            case FENCED_MEMBER_EPOCH, STALE_MEMBER_EPOCH -> GroupError.ILLEGAL_GENERATION;
            case UNRELEASED_INSTANCE_ID -> GroupError.FENCED_INSTANCE_ID;
            case INVALID_REQUEST -> GroupError.INCONSISTENT_GROUP_PROTOCOL;
            default -> error;
        };
    }

    CompletableFuture<SyncResult> sync(ConsumerGroup group, SyncRequest request) {
        try {
            ConsumerMember member = classicMember(group, request.memberId(), request.groupInstanceId());
            if (request.generationId() != member.memberEpoch()) {
                throw new GroupException(GroupError.ILLEGAL_GENERATION, "generation " + request.generationId());
            }
            String protocol = member.classic().orElseThrow().firstProtocolName();
            if (!request.protocolType().map(GroupMigration.CONSUMER_PROTOCOL_TYPE::equals).orElse(true)
                    || !request.protocolName().map(protocol::equals).orElse(true)) {
                throw new GroupException(GroupError.INCONSISTENT_GROUP_PROTOCOL, "protocol");
            }
            consumers.scheduleSession(group, member.memberId());
            Map<Uuid, String> names = new HashMap<>();
            group.subscriptionMetadata.values().forEach(topic -> names.put(topic.topicId(), topic.name()));
            byte[] assignment = ConsumerProtocolBytes.writeAssignment(ConsumerProtocolBytes.byName(member.assigned(), names));
            return CompletableFuture.completedFuture(new SyncResult(GroupError.NONE, Optional.of(GroupMigration.CONSUMER_PROTOCOL_TYPE),
                    Optional.of(protocol), assignment));
        } catch (GroupException e) {
            return CompletableFuture.completedFuture(SyncResult.error(e.error()));
        }
    }

    GroupError heartbeat(ConsumerGroup group, int generationId, MemberIdentity identity, TopicsImage topics) {
        try {
            ConsumerMember member = classicMember(group, identity.memberId(), identity.groupInstanceId());
            if (generationId != member.memberEpoch()) {
                return GroupError.ILLEGAL_GENERATION;
            }
            List<CoordinatorRecord> records = new ArrayList<>();
            consumers.maybeRefreshTopics(group, topics, records);
            writeQuietly(group, records);
            consumers.scheduleSession(group, member.memberId());
            boolean reconciled = member.memberEpoch() == group.assignmentEpoch && member.state() == MemberState.STABLE;
            return reconciled ? GroupError.NONE : GroupError.REBALANCE_IN_PROGRESS;
        } catch (GroupException e) {
            return e.error();
        }
    }

    List<LeaveOutcome> leave(ConsumerGroup group, List<MemberIdentity> leaving) {
        List<LeaveOutcome> outcomes = new ArrayList<>();
        List<CoordinatorRecord> records = new ArrayList<>();
        for (MemberIdentity identity : leaving) {
            try {
                String memberId = identity.memberId().isEmpty() && identity.groupInstanceId().isPresent()
                        ? group.staticMember(identity.groupInstanceId().get()).map(ConsumerMember::memberId).orElse("")
                        : identity.memberId();
                ConsumerMember member = classicMember(group, memberId, identity.groupInstanceId());
                consumers.removeMember(group, member, records, "left the group");
                outcomes.add(new LeaveOutcome(identity, GroupError.NONE));
            } catch (GroupException e) {
                outcomes.add(new LeaveOutcome(identity, e.error()));
            }
        }
        writeQuietly(group, records);
        return outcomes;
    }

    private static ConsumerMember classicMember(ConsumerGroup group, String memberId, Optional<String> instanceId) {
        ConsumerMember member = group.member(memberId).filter(ConsumerMember::isClassic)
                .orElseThrow(() -> new GroupException(GroupError.UNKNOWN_MEMBER_ID, "no classic member " + memberId));
        if (instanceId.isPresent() && !instanceId.equals(member.instanceId())) {
            throw new GroupException(GroupError.FENCED_INSTANCE_ID, "member " + memberId + " has another instance id");
        }
        return member;
    }

    private void writeQuietly(ConsumerGroup group, List<CoordinatorRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        ctx.write(records).whenComplete((ignored, failure) -> {
            if (failure != null) {
                log.warn("{} group {}: writing the group state failed: {}", ctx.logPrefix, group.groupId, failure.toString());
            }
        });
    }
}

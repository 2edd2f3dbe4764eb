package io.weir.broker.group;

import io.weir.broker.group.ConsumerMember.MemberState;
import io.weir.broker.group.CoordinatorRecord.ConsumerGroupMember;
import io.weir.broker.group.CoordinatorRecord.ConsumerGroupMetadata;
import io.weir.broker.group.CoordinatorRecord.GroupMetadata;
import io.weir.metadata.Uuid;
import io.weir.metadata.image.TopicImage;
import io.weir.metadata.image.TopicsImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online migration of a group between the two protocols (KIP-848), as
 * {@code group.consumer.migration.policy} allows:
 *
 * <ul>
 *   <li><b>Upgrade</b>: a ConsumerGroupHeartbeat joining a classic group with members, of protocol
 *       type "consumer", turns it into a consumer group at group epoch = its generation. Each
 *       classic member becomes a classic member of the consumer group at that epoch, subscribed to
 *       the topics of its ConsumerProtocol subscription and holding the partitions of its last
 *       assignment; its waiting JoinGroup/SyncGroup is answered REBALANCE_IN_PROGRESS, and from
 *       then on the coordinator assigns it ({@link ClassicConsumerGroupMembership}).
 *   <li><b>Downgrade</b>: when the last consumer-protocol member of a consumer group leaves (or
 *       expires) and classic members remain, the group becomes a classic group at generation =
 *       its group epoch, each member keeping its current assignment, and a rebalance starts so
 *       that they join again under the classic protocol. A member not yet at the group epoch is
 *       left out (it would be refused its generation and hold up the rebalance): it is told
 *       UNKNOWN_MEMBER_ID and joins again as a new member.
 * </ul>
 *
 * Each conversion is written as one batch: the old group's tombstones, then the new group's
 * records, so replaying the log gives the converted group.
 *
 * <p>Thread-safety: lane-confined, like the rest of the shard.
 */
final class GroupMigration {
    private static final Logger log = LoggerFactory.getLogger(GroupMigration.class);
    static final String CONSUMER_PROTOCOL_TYPE = "consumer";

    private final ShardContext ctx;
    private final Map<String, ClassicGroup> classicGroups;
    private final Map<String, ConsumerGroup> consumerGroups;
    private final Membership membership;

    GroupMigration(ShardContext ctx, Map<String, ClassicGroup> classicGroups, Map<String, ConsumerGroup> consumerGroups,
            Membership membership) {
        this.ctx = ctx;
        this.classicGroups = classicGroups;
        this.consumerGroups = consumerGroups;
        this.membership = membership;
    }

    private MigrationPolicy policy() {
        return ctx.config.consumer().migrationPolicy();
    }

    /** Whether a ConsumerGroupHeartbeat may join the classic group {@code classic}, which has members. */
    boolean mayUpgrade(ClassicGroup classic) {
        return policy().allowsUpgrade() && classic.protocolType().map(CONSUMER_PROTOCOL_TYPE::equals).orElse(false)
                && !classic.isIn(GroupState.DEAD);
    }

    /** Turns {@code classic} into a consumer group; returns the records to write first. */
    ConsumerGroup upgrade(ClassicGroup classic, TopicsImage topics, List<CoordinatorRecord> records) {
        membership.detach(classic);
        classicGroups.remove(classic.groupId());
        int epoch = classic.generationId();
        ConsumerGroup group = new ConsumerGroup(classic.groupId(), ctx.config.consumer().defaultAssignor());
        group.groupEpoch = epoch;
        group.assignmentEpoch = epoch;
        group.lastEpochChangeMs = ctx.nowMs();
        Map<String, Uuid> ids = new HashMap<>();
        topics.topicsByName().forEach((name, topic) -> ids.put(name, topic.topicId()));
        String protocol = classic.protocolName().orElse("");
        for (ClassicMember member : classic.members()) {
            ClassicMemberData data = new ClassicMemberData(member.sessionTimeoutMs(), member.protocols());
            byte[] subscription = protocol.isEmpty() || !member.supports(protocol) ? data.metadata("") : member.metadata(protocol);
            List<String> subscribed = ConsumerProtocolBytes.readSubscription(subscription).topics();
            Assignment assigned = ConsumerProtocolBytes.byId(ConsumerProtocolBytes.readAssignment(member.assignment()), ids);
            ConsumerMember converted = new ConsumerMember(member.memberId(), member.groupInstanceId(), Optional.empty(),
                    member.clientId(), member.clientHost(), subscribed, Optional.empty(), Optional.empty(), member.rebalanceTimeoutMs(),
                    epoch, epoch, MemberState.STABLE, assigned, Assignment.EMPTY, Optional.of(data));
            group.members.put(converted.memberId(), converted);
            group.targets.put(converted.memberId(), assigned);
        }
        group.subscriptionMetadata = metadataOf(group, topics);
        consumerGroups.put(group.groupId, group);
        records.add(new GroupMetadata(classic.groupId(), Optional.empty()));
        records.add(group.metadataRecord());
        group.members.values().forEach(m -> records.add(group.memberRecord(m)));
        log.info("{} classic group {} with {} member(s) becomes a consumer group at epoch {} (online upgrade)", ctx.logPrefix,
                group.groupId, group.members.size(), epoch);
        return group;
    }

    private static Map<String, TopicMetadata> metadataOf(ConsumerGroup group, TopicsImage topics) {
        Map<String, TopicMetadata> metadata = new TreeMap<>();
        for (String name : group.subscribedTopicNames()) {
            Optional<TopicImage> topic = topics.getTopic(name);
            topic.ifPresent(t -> metadata.put(name, new TopicMetadata(t.topicId(), name, t.partitionCount())));
        }
        return metadata;
    }

    /**
     * Called before the consumer-protocol member {@code leaving} is removed: when only classic
     * members would remain and the policy allows, converts the group to a classic group (adding
     * the records) and returns true.
     */
    boolean maybeDowngrade(ConsumerGroup group, ConsumerMember leaving, List<CoordinatorRecord> records) {
        List<ConsumerMember> remaining = group.members.values().stream().filter(m -> !m.memberId().equals(leaving.memberId())).toList();
        if (!policy().allowsDowngrade() || leaving.isClassic() || remaining.isEmpty()
                || !remaining.stream().allMatch(ConsumerMember::isClassic)) {
            return false;
        }
        Optional<String> protocol = commonProtocol(remaining);
        if (protocol.isEmpty()) {
            log.warn("{} group {}: its classic members share no protocol; it stays a consumer group", ctx.logPrefix, group.groupId);
            return false;
        }
        // A member behind the group epoch would be refused its generation and stall the rebalance: it is left out, is told
        // UNKNOWN_MEMBER_ID on its next request, and joins again as a new member.
        List<ConsumerMember> current = remaining.stream().filter(m -> m.memberEpoch() == group.groupEpoch).toList();
        GroupSnapshot snapshot = snapshotOf(group, current, protocol.get());
        group.members.keySet().forEach(id -> {
            ctx.cancel(ConsumerMembership.sessionKey(group, id));
            ctx.cancel(ConsumerMembership.revocationKey(group, id));
            records.add(new ConsumerGroupMember(group.groupId, id, Optional.empty()));
        });
        records.add(new ConsumerGroupMetadata(group.groupId, Optional.empty()));
        records.add(new GroupMetadata(group.groupId, Optional.of(snapshot)));
        consumerGroups.remove(group.groupId);
        ClassicGroup classic = ClassicGroup.fromSnapshot(group.groupId, snapshot);
        classicGroups.put(group.groupId, classic);
        log.info("{} consumer group {}: its last consumer-protocol member {} left; it becomes a classic group with {} member(s)"
                + " at generation {} (online downgrade; {} member(s) behind the group epoch left out)", ctx.logPrefix, group.groupId,
                leaving.memberId(), current.size(), snapshot.generationId(), remaining.size() - current.size());
        if (!current.isEmpty()) {
            membership.onLoaded(classic);
            membership.prepareRebalance(classic, "the group was downgraded to the classic protocol");
        }
        return true;
    }

    /** The first protocol of the first member that every member supports. */
    private static Optional<String> commonProtocol(List<ConsumerMember> members) {
        for (JoinRequest.Protocol candidate : members.get(0).classic().orElseThrow().protocols()) {
            boolean everyone = members.stream().allMatch(m -> m.classic().orElseThrow().protocols().stream()
                    .anyMatch(p -> p.name().equals(candidate.name())));
            if (everyone) {
                return Optional.of(candidate.name());
            }
        }
        return Optional.empty();
    }

    private GroupSnapshot snapshotOf(ConsumerGroup group, List<ConsumerMember> members, String protocol) {
        Map<Uuid, String> names = new HashMap<>();
        group.subscriptionMetadata.values().forEach(topic -> names.put(topic.topicId(), topic.name()));
        List<GroupSnapshot.MemberSnapshot> snapshots = new ArrayList<>();
        for (ConsumerMember member : members) {
            ClassicMemberData data = member.classic().orElseThrow();
            byte[] assignment = ConsumerProtocolBytes.writeAssignment(ConsumerProtocolBytes.byName(member.assigned(), names));
            snapshots.add(new GroupSnapshot.MemberSnapshot(member.memberId(), member.instanceId(), member.clientId(),
                    member.clientHost(), member.rebalanceTimeoutMs(), data.sessionTimeoutMs(), data.metadata(protocol), assignment));
        }
        return new GroupSnapshot(CONSUMER_PROTOCOL_TYPE, group.groupEpoch, members.isEmpty() ? Optional.empty() : Optional.of(protocol),
                members.stream().findFirst().map(ConsumerMember::memberId), ctx.nowMs(), snapshots);
    }
}

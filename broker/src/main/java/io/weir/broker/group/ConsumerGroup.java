package io.weir.broker.group;

import io.weir.metadata.Uuid;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One consumer-protocol group (KIP-848): its epochs, members, target assignment and the metadata
 * of the subscribed topics the target was computed from. The group epoch grows when the
 * subscriptions or the subscribed topics change; the target assignment epoch is the group epoch
 * the target was computed at; each member's epoch is the target epoch it has reached.
 *
 * <p>Thread-safety: lane-confined, like the rest of the shard.
 */
final class ConsumerGroup {
    final String groupId;
    int groupEpoch;
    int assignmentEpoch;
    String assignorName;
    Map<String, TopicMetadata> subscriptionMetadata = Map.of();
    final Map<String, ConsumerMember> members = new TreeMap<>();
    final Map<String, Assignment> targets = new HashMap<>();
    long lastEpochChangeMs;
    /** The topics each subscribed regex matched when last resolved against the broker's topics. Not persisted. */
    Map<String, Set<String>> regexMatches = Map.of();
    /** Whether {@link #regexMatches} was resolved since the group was loaded (loading does not resolve them). */
    boolean regexesResolved;
    /** When the group last became Empty (or was loaded Empty): the start of its offsets' retention. Not persisted. */
    long emptySinceMs;

    ConsumerGroup(String groupId, String assignorName) {
        this.groupId = groupId;
        this.assignorName = assignorName;
    }

    ConsumerGroupState state() {
        if (members.isEmpty()) {
            return ConsumerGroupState.EMPTY;
        }
        if (groupEpoch > assignmentEpoch) {
            return ConsumerGroupState.ASSIGNING;
        }
        boolean reconciled = members.values().stream().allMatch(m -> m.isAwayStatic()
                || (m.memberEpoch() == assignmentEpoch && m.state() == ConsumerMember.MemberState.STABLE));
        return reconciled ? ConsumerGroupState.STABLE : ConsumerGroupState.RECONCILING;
    }

    Optional<ConsumerMember> member(String memberId) {
        return Optional.ofNullable(members.get(memberId));
    }

    Assignment target(String memberId) {
        return targets.getOrDefault(memberId, Assignment.EMPTY);
    }

    Optional<ConsumerMember> staticMember(String instanceId) {
        return members.values().stream().filter(m -> m.instanceId().equals(Optional.of(instanceId))).findFirst();
    }

    /** Whether no member but {@code memberId} holds the partition (assigned or not yet revoked). */
    boolean isFreeFor(String memberId, Uuid topicId, int partition) {
        for (ConsumerMember other : members.values()) {
            if (!other.memberId().equals(memberId)
                    && (other.assigned().contains(topicId, partition) || other.pendingRevocation().contains(topicId, partition))) {
                return false;
            }
        }
        return true;
    }

    /** The topic names any member subscribes to by name. */
    TreeSet<String> subscribedTopicNames() {
        TreeSet<String> names = new TreeSet<>();
        members.values().forEach(m -> names.addAll(m.subscribedTopics()));
        return names;
    }

    /** The regexes members subscribe to. */
    Set<String> subscribedRegexes() {
        Set<String> regexes = new TreeSet<>();
        members.values().forEach(m -> m.subscribedTopicRegex().ifPresent(regexes::add));
        return regexes;
    }

    /** The topics any member subscribes to, by name or by regex (as last resolved). */
    Set<String> subscribedTopics() {
        TreeSet<String> names = subscribedTopicNames();
        regexMatches.values().forEach(names::addAll);
        return names;
    }

    /** The topics {@code member} subscribes to, by name or by regex (as last resolved). */
    List<String> subscribedTopics(ConsumerMember member) {
        if (member.subscribedTopicRegex().isEmpty()) {
            return member.subscribedTopics();
        }
        TreeSet<String> names = new TreeSet<>(member.subscribedTopics());
        names.addAll(regexMatches.getOrDefault(member.subscribedTopicRegex().get(), Set.of()));
        return List.copyOf(names);
    }

    CoordinatorRecord.ConsumerGroupMetadata metadataRecord() {
        return new CoordinatorRecord.ConsumerGroupMetadata(groupId, Optional.of(new CoordinatorRecord.ConsumerGroupMetadata.Value(
                groupEpoch, assignmentEpoch, assignorName, List.copyOf(subscriptionMetadata.values()))));
    }

    CoordinatorRecord.ConsumerGroupMember memberRecord(ConsumerMember member) {
        return new CoordinatorRecord.ConsumerGroupMember(groupId, member.memberId(),
                Optional.of(new CoordinatorRecord.ConsumerGroupMember.Value(member, target(member.memberId()))));
    }
}

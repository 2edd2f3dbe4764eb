package io.weir.broker.group;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One classic group: its state, generation, protocol, leader and members, plus the bookkeeping of
 * a rebalance in progress (members given an id but not joined yet, members yet to sync, the
 * initial delay). Mutable; owned by its shard's lane. The transitions live in {@link Membership}.
 */
final class ClassicGroup {
    private final String groupId;
    private GroupState state = GroupState.EMPTY;
    private long stateTimestampMs;
    private int generationId;
    private Optional<String> protocolType = Optional.empty();
    private Optional<String> protocolName = Optional.empty();
    private Optional<String> leaderId = Optional.empty();
    private final LinkedHashMap<String, ClassicMember> members = new LinkedHashMap<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    final Set<String> pendingMembers = new HashSet<>();
    final Set<String> pendingSyncMembers = new HashSet<>();
    /** An Empty group's first rebalance waits group.initial.rebalance.delay.ms for more members. */
    boolean initialDelayActive;
    boolean newMemberAdded;
    long initialDelayRemainingMs;

    ClassicGroup(String groupId, long nowMs) {
        this.groupId = groupId;
        this.stateTimestampMs = nowMs;
    }

    static ClassicGroup fromSnapshot(String groupId, GroupSnapshot snapshot) {
        ClassicGroup group = new ClassicGroup(groupId, snapshot.stateTimestampMs());
        group.generationId = snapshot.generationId();
        group.protocolType = snapshot.protocolType().isEmpty() ? Optional.empty() : Optional.of(snapshot.protocolType());
        group.protocolName = snapshot.protocolName();
        group.leaderId = snapshot.leaderId();
        for (GroupSnapshot.MemberSnapshot member : snapshot.members()) {
            group.add(ClassicMember.fromSnapshot(member, snapshot.protocolName()));
        }
        group.state = group.members.isEmpty() ? GroupState.EMPTY : GroupState.STABLE;
        return group;
    }

    /** The group as the log keeps it, with each member's current assignment. */
    GroupSnapshot snapshot() {
        return new GroupSnapshot(protocolType.orElse(""), generationId, protocolName, leaderId, stateTimestampMs,
                members.values().stream().map(m -> m.snapshot(protocolName)).toList());
    }

    String groupId() {
        return groupId;
    }

    GroupState state() {
        return state;
    }

    boolean isIn(GroupState candidate) {
        return state == candidate;
    }

    void transitionTo(GroupState next, long nowMs) {
        state = next;
        stateTimestampMs = nowMs;
    }

    long stateTimestampMs() {
        return stateTimestampMs;
    }

    int generationId() {
        return generationId;
    }

    void nextGeneration() {
        generationId++;
    }

    Optional<String> protocolType() {
        return protocolType;
    }

    void protocolType(Optional<String> type) {
        protocolType = type;
    }

    Optional<String> protocolName() {
        return protocolName;
    }

    void protocolName(Optional<String> name) {
        protocolName = name;
    }

    Optional<String> leaderId() {
        return leaderId;
    }

    boolean isLeader(String memberId) {
        return leaderId.map(memberId::equals).orElse(false);
    }

    Optional<ClassicMember> member(String memberId) {
        return Optional.ofNullable(members.get(memberId));
    }

    Collection<ClassicMember> members() {
        return members.values();
    }

    int size() {
        return members.size();
    }

    Optional<String> staticMemberId(String groupInstanceId) {
        return Optional.ofNullable(staticMembers.get(groupInstanceId));
    }

    void add(ClassicMember member) {
        members.put(member.memberId(), member);
        member.groupInstanceId().ifPresent(id -> staticMembers.put(id, member.memberId()));
        if (leaderId.isEmpty()) {
            leaderId = Optional.of(member.memberId());
        }
    }

    void remove(String memberId) {
        ClassicMember removed = members.remove(memberId);
        if (removed == null) {
            return;
        }
        removed.groupInstanceId().ifPresent(id -> staticMembers.remove(id, memberId));
        pendingSyncMembers.remove(memberId);
        if (isLeader(memberId)) {
            leaderId = members.keySet().stream().findFirst();
        }
    }

    /** Puts {@code replacement} in the place of the member {@code oldMemberId} (a static member restarting). */
    void replace(String oldMemberId, ClassicMember replacement) {
        LinkedHashMap<String, ClassicMember> copy = new LinkedHashMap<>(members);
        members.clear();
        copy.forEach((id, member) -> members.put(id.equals(oldMemberId) ? replacement.memberId() : id,
                id.equals(oldMemberId) ? replacement : member));
        replacement.groupInstanceId().ifPresent(id -> staticMembers.put(id, replacement.memberId()));
        if (pendingSyncMembers.remove(oldMemberId)) {
            pendingSyncMembers.add(replacement.memberId());
        }
        if (isLeader(oldMemberId)) {
            leaderId = Optional.of(replacement.memberId());
        }
    }

    /** Whether a member with this protocol type and these protocols may join (Kafka's rule). */
    boolean supportsProtocols(String memberProtocolType, List<String> memberProtocols) {
        if (members.isEmpty()) {
            return !memberProtocolType.isEmpty() && !memberProtocols.isEmpty();
        }
        return protocolType.map(memberProtocolType::equals).orElse(false)
                && memberProtocols.stream().anyMatch(p -> members.values().stream().allMatch(m -> m.supports(p)));
    }

    /** The protocol for the next generation: among those every member supports, the one most members prefer. */
    String selectProtocol() {
        Set<String> candidates = new HashSet<>();
        members.values().iterator().next().protocols().forEach(p -> candidates.add(p.name()));
        members.values().forEach(m -> candidates.removeIf(c -> !m.supports(c)));
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (ClassicMember member : members.values()) {
            member.vote(candidates).ifPresent(p -> votes.merge(p, 1, Integer::sum));
        }
        String winner = null;
        int most = -1;
        for (Map.Entry<String, Integer> vote : votes.entrySet()) {
            if (vote.getValue() > most) {
                winner = vote.getKey();
                most = vote.getValue();
            }
        }
        if (winner == null) {
            throw new IllegalStateException("group " + groupId + " has no protocol all members support");
        }
        return winner;
    }

    boolean allMembersJoined() {
        return pendingMembers.isEmpty() && members.values().stream().allMatch(ClassicMember::isAwaitingJoin);
    }

    int maxRebalanceTimeoutMs() {
        return members.values().stream().mapToInt(ClassicMember::rebalanceTimeoutMs).max().orElse(0);
    }

    /** Every member with its metadata for the selected protocol: what the leader is sent. */
    List<JoinResult.JoinedMember> joinedMembers() {
        String protocol = protocolName.orElseThrow();
        List<JoinResult.JoinedMember> joined = new ArrayList<>();
        for (ClassicMember member : members.values()) {
            joined.add(new JoinResult.JoinedMember(member.memberId(), member.groupInstanceId(), member.metadata(protocol)));
        }
        return joined;
    }

    /**
     * The topics the members subscribe to, read from their "consumer" protocol subscriptions
     * (int16 version, then an int32 count of int16-length strings); empty for other protocol types.
     */
    Set<String> subscribedTopics() {
        Set<String> topics = new HashSet<>();
        if (!protocolType.map("consumer"::equals).orElse(false) || protocolName.isEmpty()) {
            return topics;
        }
        for (ClassicMember member : members.values()) {
            topics.addAll(subscriptionTopics(member.metadata(protocolName.get())));
        }
        return topics;
    }

    private static List<String> subscriptionTopics(byte[] subscription) {
        List<String> topics = new ArrayList<>();
        try {
            ByteBuffer in = ByteBuffer.wrap(subscription);
            in.getShort();
            int count = in.getInt();
            for (int i = 0; i < count; i++) {
                byte[] name = new byte[in.getShort()];
                in.get(name);
                topics.add(new String(name, StandardCharsets.UTF_8));
            }
        } catch (RuntimeException malformed) {
            // A subscription that does not parse subscribes to nothing we can name.
        }
        return topics;
    }
}

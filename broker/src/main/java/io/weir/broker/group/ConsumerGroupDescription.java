package io.weir.broker.group;

import java.util.List;
import java.util.Optional;

/**
 * A consumer-protocol group as ConsumerGroupDescribe reports it. Immutable.
 *
 * @param groupId the group
 * @param error NONE, or GROUP_ID_NOT_FOUND (no such group, or a classic one)
 * @param errorMessage the message of the error, if any
 * @param state the state
 * @param groupEpoch the group epoch
 * @param assignmentEpoch the target assignment epoch
 * @param assignorName the server-side assignor
 * @param members the members, by member id
 */
public record ConsumerGroupDescription(String groupId, GroupError error, Optional<String> errorMessage, ConsumerGroupState state,
        int groupEpoch, int assignmentEpoch, String assignorName, List<Member> members) {

    public ConsumerGroupDescription {
        members = List.copyOf(members);
    }

    static ConsumerGroupDescription notFound(String groupId, String message) {
        return new ConsumerGroupDescription(groupId, GroupError.GROUP_ID_NOT_FOUND, Optional.of(message), ConsumerGroupState.DEAD, 0, 0,
                "", List.of());
    }

    /**
     * One member.
     *
     * @param memberId its id
     * @param instanceId its static instance id, if any
     * @param rackId its rack, if any
     * @param memberEpoch its epoch
     * @param clientId its client id
     * @param clientHost its address
     * @param subscribedTopicNames its subscription by name
     * @param subscribedTopicRegex its subscription by regex, if any
     * @param assignment its current assignment
     * @param targetAssignment its target assignment
     * @param classic whether it uses the classic protocol (a member of a group upgraded online)
     */
    public record Member(String memberId, Optional<String> instanceId, Optional<String> rackId, int memberEpoch, String clientId,
            String clientHost, List<String> subscribedTopicNames, Optional<String> subscribedTopicRegex, Assignment assignment,
            Assignment targetAssignment, boolean classic) {

        /** A consumer-protocol member subscribing by names. */
        public Member(String memberId, Optional<String> instanceId, Optional<String> rackId, int memberEpoch, String clientId,
                String clientHost, List<String> subscribedTopicNames, Assignment assignment, Assignment targetAssignment) {
            this(memberId, instanceId, rackId, memberEpoch, clientId, clientHost, subscribedTopicNames, Optional.empty(), assignment,
                    targetAssignment, false);
        }
    }
}

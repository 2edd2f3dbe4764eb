package io.weir.broker.group;

/**
 * What happened to one member named by a LeaveGroup request. Immutable.
 *
 * @param member the member as the request named it
 * @param error NONE, UNKNOWN_MEMBER_ID or FENCED_INSTANCE_ID
 */
public record LeaveOutcome(MemberIdentity member, GroupError error) {}

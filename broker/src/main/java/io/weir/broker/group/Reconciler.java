package io.weir.broker.group;

import io.weir.broker.group.ConsumerMember.MemberState;
import io.weir.metadata.Uuid;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Moves one member of a consumer-protocol group toward its target assignment (KIP-848), one step
 * per heartbeat, never handing out a partition another member still holds:
 *
 * <ol>
 *   <li>A member holding partitions outside its target must revoke them first: it keeps only the
 *       partitions it holds that are in the target, stays at its epoch and enters
 *       UNREVOKED_PARTITIONS until a heartbeat reports it no longer owns any of them.
 *   <li>Then it moves to the target epoch with the target partitions no other member holds; the
 *       others follow on later heartbeats once released (UNRELEASED_PARTITIONS), then STABLE.
 * </ol>
 *
 * Pure functions; stateless.
 */
final class Reconciler {
    private Reconciler() {}

    /**
     * The member after one step.
     *
     * @param member the member now
     * @param targetEpoch the target assignment epoch
     * @param target its target assignment
     * @param owned the partitions the member reported owning in this heartbeat, if it did
     * @param free whether no other member holds a partition
     */
    static ConsumerMember reconcile(ConsumerMember member, int targetEpoch, Assignment target, Optional<Assignment> owned,
            BiPredicate<Uuid, Integer> free) {
        ConsumerMember current = member;
        if (current.state() == MemberState.UNREVOKED_PARTITIONS) {
            if (owned.isEmpty() || owned.get().overlaps(current.pendingRevocation())) {
                return current;
            }
            current = current.withReconciliation(current.memberEpoch(), current.previousMemberEpoch(), MemberState.STABLE,
                    current.assigned(), Assignment.EMPTY);
        }
        if (current.memberEpoch() == targetEpoch && current.state() == MemberState.STABLE) {
            return current;
        }
        Assignment revoke = current.held().minus(target);
        if (!revoke.isEmpty()) {
            return current.withReconciliation(current.memberEpoch(), current.previousMemberEpoch(), MemberState.UNREVOKED_PARTITIONS,
                    current.assigned().intersect(target), revoke);
        }
        Assignment held = current.assigned();
        Assignment assigned = target.filter((topic, partition) -> held.contains(topic, partition) || free.test(topic, partition));
        MemberState state = assigned.equals(target) ? MemberState.STABLE : MemberState.UNRELEASED_PARTITIONS;
        int previousEpoch = current.memberEpoch() == targetEpoch ? current.previousMemberEpoch() : current.memberEpoch();
        return current.withReconciliation(targetEpoch, previousEpoch, state, assigned, Assignment.EMPTY);
    }
}

package io.weir.broker.group;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A server-side assignor of the consumer protocol (KIP-848): from the members' subscriptions, the
 * subscribed topics and the current target, computes the next target assignment. Implementations
 * are deterministic (the same input gives the same output, whatever the map orders) and
 * stateless, so thread-safe.
 */
interface ConsumerAssignor {

    /**
     * One member as an assignor sees it.
     *
     * @param memberId the member
     * @param subscribedTopics the names of the topics it subscribes to
     * @param current its current target assignment
     */
    record MemberSpec(String memberId, List<String> subscribedTopics, Assignment current) {}

    /** The assignor's name, as members ask for it. */
    String name();

    /**
     * The target assignment of every member.
     *
     * @param members the members, in any order
     * @param topics the subscribed topics that exist, by name
     */
    Map<String, Assignment> assign(List<MemberSpec> members, Map<String, TopicMetadata> topics);

    /** The assignor called {@code name}, if Weir has one. */
    static Optional<ConsumerAssignor> named(String name) {
        return switch (name) {
            case UniformAssignor.NAME -> Optional.of(new UniformAssignor());
            case RangeAssignor.NAME -> Optional.of(new RangeAssignor());
            default -> Optional.empty();
        };
    }
}

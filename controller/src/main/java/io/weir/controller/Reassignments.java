package io.weir.controller;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import io.weir.metadata.controller.PartitionRef;
import io.weir.metadata.controller.PartitionResult;
import io.weir.metadata.controller.ReassignmentRequest;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.metadata.image.TopicImage;
import io.weir.metadata.record.PartitionChangeRecord;
import io.weir.metadata.record.PartitionRecord;

/**
 * Partition reassignments (AlterPartitionReassignments, KIP-455) as pure functions from an image
 * to records. No state, no threads.
 *
 * <p>How a move goes, as in Kafka's KRaft controller:
 * <ol>
 *   <li>Start: with the original replicas {@code O} (the current ones, or those before an ongoing
 *       reassignment this one replaces) and the target {@code T}, the partition's replicas become
 *       {@code T} followed by {@code O - T}, with {@code adding = T - O} and
 *       {@code removing = O - T}. The leader and ISR stay; the added replicas start as followers
 *       and catch up by fetching, and the leader adds them to the ISR (AlterPartition).
 *   <li>Completion ({@link #maybeComplete}), checked after every change of the partition: once
 *       every target replica is in the ISR, replicas become {@code T}, the ISR keeps only its
 *       members in {@code T}, and a leader outside {@code T} is replaced by the first live ISR
 *       member of {@code T}. The removed replicas stop and drop their copy.
 *   <li>Cancel (no target): the partition goes back to {@code O}; replicas that were being added
 *       leave the ISR.
 * </ol>
 * Errors: UNKNOWN_TOPIC_OR_PARTITION, INVALID_REPLICA_ASSIGNMENT (empty target, a duplicate, an
 * unregistered broker), NO_REASSIGNMENT_IN_PROGRESS (cancel with nothing to cancel).
 */
final class Reassignments {

    private Reassignments() {}

    /** The records to commit and one result per request. */
    record Outcome(List<PartitionChangeRecord> changes, List<PartitionResult> results) {}

    static Outcome alter(MetadataImage image, List<ReassignmentRequest> requests) {
        List<PartitionChangeRecord> changes = new ArrayList<>();
        List<PartitionResult> results = new ArrayList<>();
        Set<Integer> live = ReplicaControl.liveBrokers(image);
        for (ReassignmentRequest request : requests) {
            PartitionRef ref = request.partition();
            Optional<TopicImage> topic = image.topics().getTopic(ref.topic());
            Optional<PartitionRegistration> current = topic.flatMap(t -> t.partition(ref.partition()));
            if (current.isEmpty()) {
                results.add(PartitionResult.failed(ref, PartitionResult.Error.UNKNOWN_TOPIC_OR_PARTITION,
                        "The partition " + ref + " does not exist."));
                continue;
            }
            Optional<String> invalid = request.targetReplicas().flatMap(target -> invalidTarget(image, target));
            if (invalid.isPresent()) {
                results.add(PartitionResult.failed(ref, PartitionResult.Error.INVALID_REPLICA_ASSIGNMENT,
                        invalid.get()));
                continue;
            }
            if (request.targetReplicas().isEmpty() && !current.get().isReassigning()) {
                results.add(PartitionResult.failed(ref, PartitionResult.Error.NO_REASSIGNMENT_IN_PROGRESS,
                        "No reassignment of " + ref + " is in progress."));
                continue;
            }
            List<Integer> original = original(current.get());
            List<Integer> target = request.targetReplicas().orElse(original);
            start(topic.get(), ref.partition(), current.get(), original, target, live).ifPresent(changes::add);
            results.add(PartitionResult.ok(ref));
        }
        return new Outcome(changes, results);
    }

    /** The replicas before any ongoing reassignment. */
    private static List<Integer> original(PartitionRegistration registration) {
        return registration.replicas().stream().filter(r -> !registration.addingReplicas().contains(r)).toList();
    }

    private static Optional<String> invalidTarget(MetadataImage image, List<Integer> target) {
        if (target.isEmpty()) {
            return Optional.of("The target replica list is empty.");
        }
        if (new HashSet<>(target).size() != target.size()) {
            return Optional.of("The target replica list " + target + " names a broker more than once.");
        }
        for (int broker : target) {
            if (image.cluster().broker(broker).isEmpty()) {
                return Optional.of("The target replica list " + target + " names broker " + broker
                        + ", which is not registered.");
            }
        }
        return Optional.empty();
    }

    /** The change that starts moving from {@code original} to {@code target}, completed at once if possible. */
    private static Optional<PartitionChangeRecord> start(TopicImage topic, int partition,
            PartitionRegistration current, List<Integer> original, List<Integer> target, Set<Integer> live) {
        Set<Integer> replicas = new LinkedHashSet<>(target);
        replicas.addAll(original);
        List<Integer> adding = target.stream().filter(r -> !original.contains(r)).toList();
        List<Integer> removing = original.stream().filter(r -> !target.contains(r)).toList();
        List<Integer> isr = current.isr().stream().filter(replicas::contains).toList();
        int leader = current.leader();
        if (!isr.contains(leader)) {
            // The leader was a replica being added, and this replaces or cancels that move.
            leader = replicas.stream().filter(r -> isr.contains(r) && live.contains(r)).findFirst()
                    .orElse(PartitionRecord.NO_LEADER);
        }
        PartitionRegistration started = new PartitionRegistration(List.copyOf(replicas), isr, leader,
                current.leaderEpoch(), current.partitionEpoch(), adding, removing);
        Optional<PartitionRegistration> completed = completion(started, live);
        PartitionRegistration next = completed.orElse(started);
        if (next.replicas().equals(current.replicas()) && next.isr().equals(current.isr())
                && next.leader() == current.leader() && next.addingReplicas().equals(current.addingReplicas())
                && next.removingReplicas().equals(current.removingReplicas())) {
            return Optional.empty();
        }
        return Optional.of(changeTo(topic, partition, current, next));
    }

    /**
     * The change that completes a partition's reassignment, if every target replica is in its ISR.
     *
     * @param image the current image
     * @param topic the partition's topic
     * @param partition the partition index
     * @return the change, or empty when there is nothing to complete yet
     */
    static Optional<PartitionChangeRecord> maybeComplete(MetadataImage image, TopicImage topic, int partition) {
        Optional<PartitionRegistration> current = topic.partition(partition).filter(PartitionRegistration::isReassigning);
        return current.flatMap(c -> completion(c, ReplicaControl.liveBrokers(image))
                .map(next -> changeTo(topic, partition, c, next)));
    }

    private static Optional<PartitionRegistration> completion(PartitionRegistration registration, Set<Integer> live) {
        List<Integer> target = registration.targetReplicas();
        if (!registration.isr().containsAll(target)) {
            return Optional.empty();
        }
        List<Integer> isr = registration.isr().stream().filter(target::contains).toList();
        int leader = registration.leader();
        if (!target.contains(leader) || !live.contains(leader)) {
            leader = target.stream().filter(live::contains).findFirst().orElse(PartitionRecord.NO_LEADER);
        }
        return Optional.of(new PartitionRegistration(target, isr, leader, registration.leaderEpoch(),
                registration.partitionEpoch(), List.of(), List.of()));
    }

    private static PartitionChangeRecord changeTo(TopicImage topic, int partition, PartitionRegistration current,
            PartitionRegistration next) {
        OptionalInt leader = next.leader() == current.leader() ? OptionalInt.empty() : OptionalInt.of(next.leader());
        return new PartitionChangeRecord(topic.topicId(), partition, leader,
                next.isr().equals(current.isr()) ? Optional.empty() : Optional.of(next.isr()),
                next.replicas().equals(current.replicas()) ? Optional.empty() : Optional.of(next.replicas()),
                Optional.of(next.addingReplicas()), Optional.of(next.removingReplicas()));
    }
}

package io.weir.controller;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import io.weir.metadata.controller.ElectLeadersRequest;
import io.weir.metadata.controller.ElectionType;
import io.weir.metadata.controller.PartitionRef;
import io.weir.metadata.controller.PartitionResult;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.metadata.image.TopicImage;
import io.weir.metadata.record.PartitionChangeRecord;

/**
 * Leader elections an administrator asks for (ElectLeaders, KIP-460), as a pure function from an
 * image to the records that carry them out and one result per partition. No state, no threads.
 *
 * <p>Rules, as in Kafka:
 * <ul>
 *   <li>PREFERRED: the first replica becomes leader if it is alive (unfenced) and in the ISR;
 *       ELECTION_NOT_NEEDED if it already leads; PREFERRED_LEADER_NOT_AVAILABLE otherwise.
 *   <li>UNCLEAN: only for a partition without a live leader: a live ISR member if there is one,
 *       else the first live replica with an ISR of itself (records only the old ISR held may be
 *       lost; the topic's {@code unclean.leader.election.enable} is not consulted, the
 *       administrator asked); ELECTION_NOT_NEEDED if a live leader exists;
 *       ELIGIBLE_LEADERS_NOT_AVAILABLE if no replica is alive.
 *   <li>No partition list means every partition; then partitions needing no election are left out
 *       of the results.
 * </ul>
 */
final class LeaderElections {

    private LeaderElections() {}

    /** The records to commit and the per-partition results. */
    record Outcome(List<PartitionChangeRecord> changes, List<PartitionResult> results) {}

    static Outcome elect(MetadataImage image, ElectLeadersRequest request) {
        Set<Integer> live = ReplicaControl.liveBrokers(image);
        List<PartitionChangeRecord> changes = new ArrayList<>();
        List<PartitionResult> results = new ArrayList<>();
        boolean all = request.partitions().isEmpty();
        for (PartitionRef ref : request.partitions().orElseGet(() -> allPartitions(image))) {
            Optional<TopicImage> topic = image.topics().getTopic(ref.topic());
            Optional<PartitionRegistration> registration = topic.flatMap(t -> t.partition(ref.partition()));
            if (registration.isEmpty()) {
                results.add(PartitionResult.failed(ref, PartitionResult.Error.UNKNOWN_TOPIC_OR_PARTITION,
                        "The partition " + ref + " does not exist."));
                continue;
            }
            PartitionResult result = request.electionType() == ElectionType.PREFERRED
                    ? preferred(topic.get(), ref, registration.get(), live, changes)
                    : unclean(topic.get(), ref, registration.get(), live, changes);
            if (!all || result.error() != PartitionResult.Error.ELECTION_NOT_NEEDED) {
                results.add(result);
            }
        }
        return new Outcome(changes, results);
    }

    private static PartitionResult preferred(TopicImage topic, PartitionRef ref, PartitionRegistration registration,
            Set<Integer> live, List<PartitionChangeRecord> changes) {
        int preferred = registration.replicas().get(0);
        if (registration.leader() == preferred) {
            return PartitionResult.failed(ref, PartitionResult.Error.ELECTION_NOT_NEEDED,
                    "The preferred replica " + preferred + " already leads " + ref + ".");
        }
        if (!live.contains(preferred) || !registration.isr().contains(preferred)) {
            return PartitionResult.failed(ref, PartitionResult.Error.PREFERRED_LEADER_NOT_AVAILABLE,
                    "Failed to elect leader for partition " + ref + " under strategy PreferredReplicaPartitionLeaderElectionStrategy");
        }
        changes.add(leaderChange(topic, ref.partition(), preferred, Optional.empty()));
        return PartitionResult.ok(ref);
    }

    private static PartitionResult unclean(TopicImage topic, PartitionRef ref, PartitionRegistration registration,
            Set<Integer> live, List<PartitionChangeRecord> changes) {
        if (registration.hasLeader() && live.contains(registration.leader())) {
            return PartitionResult.failed(ref, PartitionResult.Error.ELECTION_NOT_NEEDED,
                    "Partition " + ref + " already has a live leader " + registration.leader() + ".");
        }
        for (int replica : registration.replicas()) {
            if (live.contains(replica) && registration.isr().contains(replica)) {
                changes.add(leaderChange(topic, ref.partition(), replica, Optional.empty()));
                return PartitionResult.ok(ref);
            }
        }
        for (int replica : registration.replicas()) {
            if (live.contains(replica)) {
                changes.add(leaderChange(topic, ref.partition(), replica, Optional.of(List.of(replica))));
                return PartitionResult.ok(ref);
            }
        }
        return PartitionResult.failed(ref, PartitionResult.Error.ELIGIBLE_LEADERS_NOT_AVAILABLE,
                "Failed to elect leader for partition " + ref + ": no replica of " + registration.replicas()
                        + " is alive.");
    }

    static PartitionChangeRecord leaderChange(TopicImage topic, int partition, int leader,
            Optional<List<Integer>> isr) {
        return new PartitionChangeRecord(topic.topicId(), partition, OptionalInt.of(leader), isr, Optional.empty());
    }

    /** Every partition of the image, topics by name, partitions by index. */
    static List<PartitionRef> allPartitions(MetadataImage image) {
        List<PartitionRef> refs = new ArrayList<>();
        image.topics().topicsByName().values().stream()
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .forEach(topic -> topic.partitions().keySet().stream().sorted()
                        .forEach(p -> refs.add(new PartitionRef(topic.name(), p))));
        return refs;
    }
}

package io.weir.controller;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import io.weir.metadata.Uuid;
import io.weir.metadata.controller.AlterPartitionException;
import io.weir.metadata.controller.AlterPartitionRequest;
import io.weir.metadata.image.BrokerRegistration;
import io.weir.metadata.image.ConfigResource;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.metadata.image.TopicImage;
import io.weir.metadata.record.FenceBrokerRecord;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.record.PartitionChangeRecord;
import io.weir.metadata.record.PartitionRecord;
import io.weir.metadata.record.UnfenceBrokerRecord;

/**
 * The active controller's decisions about partitions, as pure functions from an image to the
 * records that carry them out: fencing a broker (it leaves every ISR, its leaderships move),
 * unfencing one (leaderless partitions whose ISR holds it get it as leader), and the ISR changes
 * leaders ask for (AlterPartition). No state, no threads, no clock.
 *
 * <p>Rules, as in Kafka's KRaft controller:
 * <ul>
 *   <li>An ISR is never left empty: when a fenced broker is its last member, it stays in the ISR
 *       and the partition has no leader until that broker (or, if allowed, an unclean choice)
 *       comes back, so that no acknowledged write is lost by electing a replica that lacks it.
 *   <li>A leader is elected from the live (unfenced) ISR members in replica order, the first
 *       replica being the preferred leader.
 *   <li>Unclean election (a live replica outside the ISR becomes leader with an ISR of itself)
 *       happens only when the topic's {@code unclean.leader.election.enable} (or the cluster's
 *       default) is true; it is reported to {@code uncleanLog} since it may lose data.
 * </ul>
 */
final class ReplicaControl {
    private static final String UNCLEAN_KEY = "unclean.leader.election.enable";

    private ReplicaControl() {}

    /** One leader elected from outside the ISR, for the caller to log at WARN. */
    record UncleanElection(String topic, int partition, int leader, List<Integer> oldIsr) {}

    /**
     * Fences {@code nodeId}: a {@link FenceBrokerRecord} and a change for every partition whose ISR
     * holds it.
     *
     * @param image the current image; the broker must be registered and unfenced
     * @param nodeId the broker to fence
     * @param uncleanDefault the cluster's {@code unclean.leader.election.enable}
     * @param uncleanLog told of each unclean election
     * @return the records, empty if the broker is unknown or already fenced
     */
    static List<MetadataRecord> fence(MetadataImage image, int nodeId, boolean uncleanDefault,
            Consumer<UncleanElection> uncleanLog) {
        Optional<BrokerRegistration> broker = image.cluster().broker(nodeId);
        if (broker.isEmpty() || broker.get().fenced()) {
            return List.of();
        }
        Set<Integer> live = liveBrokers(image);
        live.remove(nodeId);
        List<MetadataRecord> records = new ArrayList<>();
        records.add(new FenceBrokerRecord(nodeId, broker.get().brokerEpoch()));
        forEachPartition(image, (topic, partition, registration) -> {
            if (registration.isr().contains(nodeId) || registration.leader() == nodeId) {
                withoutBroker(image, topic, partition, registration, nodeId, live, uncleanDefault, uncleanLog)
                        .ifPresent(records::add);
            }
        });
        return records;
    }

    /**
     * Unfences {@code nodeId}: an {@link UnfenceBrokerRecord} and a leader for every partition
     * that has none and can now get one.
     *
     * @param image the current image; the broker must be registered and fenced
     * @param nodeId the broker to unfence
     * @param uncleanDefault the cluster's {@code unclean.leader.election.enable}
     * @param uncleanLog told of each unclean election
     * @return the records, empty if the broker is unknown or not fenced
     */
    static List<MetadataRecord> unfence(MetadataImage image, int nodeId, boolean uncleanDefault,
            Consumer<UncleanElection> uncleanLog) {
        Optional<BrokerRegistration> broker = image.cluster().broker(nodeId);
        if (broker.isEmpty() || !broker.get().fenced()) {
            return List.of();
        }
        Set<Integer> live = liveBrokers(image);
        live.add(nodeId);
        List<MetadataRecord> records = new ArrayList<>();
        records.add(new UnfenceBrokerRecord(nodeId, broker.get().brokerEpoch()));
        records.addAll(electLeaderless(image, live, uncleanDefault, uncleanLog));
        return records;
    }

    /**
     * A leader for every partition without one that has a live ISR member, or, where unclean
     * election is allowed, a live replica.
     *
     * @param image the current image
     * @param live the brokers that may lead
     * @param uncleanDefault the cluster's {@code unclean.leader.election.enable}
     * @param uncleanLog told of each unclean election
     * @return the partition changes
     */
    static List<PartitionChangeRecord> electLeaderless(MetadataImage image, Set<Integer> live, boolean uncleanDefault,
            Consumer<UncleanElection> uncleanLog) {
        List<PartitionChangeRecord> changes = new ArrayList<>();
        forEachPartition(image, (topic, partition, registration) -> {
            if (!registration.hasLeader()) {
                elect(image, topic, partition, registration.isr(), registration, live, uncleanDefault, uncleanLog)
                        .ifPresent(changes::add);
            }
        });
        return changes;
    }

    /** The change removing {@code nodeId} from one partition's ISR and leadership, if any is needed. */
    private static Optional<PartitionChangeRecord> withoutBroker(MetadataImage image, TopicImage topic, int partition,
            PartitionRegistration registration, int nodeId, Set<Integer> live, boolean uncleanDefault,
            Consumer<UncleanElection> uncleanLog) {
        List<Integer> isr = new ArrayList<>(registration.isr());
        isr.remove(Integer.valueOf(nodeId));
        if (isr.isEmpty()) {
            isr = registration.isr(); // never empty: the last member stays, without leadership
        }
        boolean leaderStays = registration.hasLeader() && registration.leader() != nodeId
                && live.contains(registration.leader());
        if (leaderStays) {
            return isr.equals(registration.isr()) ? Optional.empty()
                    : Optional.of(change(topic.topicId(), partition, OptionalInt.empty(), Optional.of(isr)));
        }
        Optional<PartitionChangeRecord> elected = elect(image, topic, partition, isr, registration, live,
                uncleanDefault, uncleanLog);
        if (elected.isPresent()) {
            return elected;
        }
        Optional<List<Integer>> newIsr = isr.equals(registration.isr()) ? Optional.empty() : Optional.of(isr);
        OptionalInt leader = registration.hasLeader() ? OptionalInt.of(PartitionRecord.NO_LEADER) : OptionalInt.empty();
        return leader.isEmpty() && newIsr.isEmpty() ? Optional.empty()
                : Optional.of(change(topic.topicId(), partition, leader, newIsr));
    }

    /**
     * Elects a leader from the live members of {@code isr} in replica order, else (if allowed) an
     * unclean leader; the change also sets the ISR when it differs from the registration's.
     */
    private static Optional<PartitionChangeRecord> elect(MetadataImage image, TopicImage topic, int partition,
            List<Integer> isr, PartitionRegistration registration, Set<Integer> live, boolean uncleanDefault,
            Consumer<UncleanElection> uncleanLog) {
        Optional<List<Integer>> newIsr = isr.equals(registration.isr()) ? Optional.empty() : Optional.of(isr);
        for (int replica : registration.replicas()) {
            if (isr.contains(replica) && live.contains(replica)) {
                return Optional.of(change(topic.topicId(), partition, OptionalInt.of(replica), newIsr));
            }
        }
        if (!uncleanAllowed(image, topic.name(), uncleanDefault)) {
            return Optional.empty();
        }
        for (int replica : registration.replicas()) {
            if (live.contains(replica)) {
                uncleanLog.accept(new UncleanElection(topic.name(), partition, replica, registration.isr()));
                return Optional.of(change(topic.topicId(), partition, OptionalInt.of(replica),
                        Optional.of(List.of(replica))));
            }
        }
        return Optional.empty();
    }

    /**
     * Validates an AlterPartition request and makes its change.
     *
     * @param image the current image
     * @param request the request
     * @return the change, or empty when the ISR is already the one asked for
     * @throws AlterPartitionException naming Kafka's error when the request is refused
     */
    static Optional<PartitionChangeRecord> alterPartition(MetadataImage image, AlterPartitionRequest request) {
        String name = request.topicId() + "-" + request.partition();
        PartitionRegistration current = image.topics().getTopic(request.topicId())
                .flatMap(topic -> topic.partition(request.partition()))
                .orElseThrow(() -> refuse(AlterPartitionException.Error.UNKNOWN_TOPIC_OR_PARTITION,
                        "partition " + name + " does not exist"));
        if (current.leader() != request.leaderId()) {
            throw refuse(AlterPartitionException.Error.NOT_LEADER_OR_FOLLOWER, "node " + request.leaderId()
                    + " does not lead " + name + "; node " + current.leader() + " does");
        }
        if (request.leaderEpoch() != current.leaderEpoch()) {
            throw refuse(AlterPartitionException.Error.FENCED_LEADER_EPOCH, "leader epoch " + request.leaderEpoch()
                    + " of " + name + " is not the current " + current.leaderEpoch());
        }
        if (request.partitionEpoch() != current.partitionEpoch()) {
            throw refuse(AlterPartitionException.Error.INVALID_UPDATE_VERSION, "partition epoch "
                    + request.partitionEpoch() + " of " + name + " is not the current " + current.partitionEpoch());
        }
        List<Integer> newIsr = request.newIsr();
        if (!newIsr.contains(request.leaderId()) || new HashSet<>(newIsr).size() != newIsr.size()
                || !current.replicas().containsAll(newIsr)) {
            throw refuse(AlterPartitionException.Error.INVALID_REQUEST, "ISR " + newIsr + " of " + name
                    + " must hold the leader, once each, and only replicas of " + current.replicas());
        }
        for (int member : newIsr) {
            boolean eligible = image.cluster().broker(member).filter(b -> !b.fenced()).isPresent();
            if (!eligible && !current.isr().contains(member)) {
                throw refuse(AlterPartitionException.Error.INELIGIBLE_REPLICA, "node " + member
                        + " is fenced or not registered and cannot join the ISR of " + name);
            }
        }
        if (newIsr.equals(current.isr())) {
            return Optional.empty();
        }
        return Optional.of(change(request.topicId(), request.partition(), OptionalInt.empty(), Optional.of(newIsr)));
    }

    /** Whether the image has a partition led by {@code nodeId}. */
    static boolean leadsAny(MetadataImage image, int nodeId) {
        for (TopicImage topic : image.topics().topicsById().values()) {
            for (PartitionRegistration registration : topic.partitions().values()) {
                if (registration.leader() == nodeId) {
                    return true;
                }
            }
        }
        return false;
    }

    static Set<Integer> liveBrokers(MetadataImage image) {
        Set<Integer> live = new HashSet<>();
        image.cluster().unfencedBrokers().forEach(broker -> live.add(broker.nodeId()));
        return live;
    }

    private static boolean uncleanAllowed(MetadataImage image, String topic, boolean uncleanDefault) {
        return image.configs().config(ConfigResource.topic(topic), UNCLEAN_KEY)
                .or(() -> image.configs().config(ConfigResource.CLUSTER_DEFAULT, UNCLEAN_KEY))
                .map(Boolean::parseBoolean)
                .orElse(uncleanDefault);
    }

    private static PartitionChangeRecord change(Uuid topicId, int partition, OptionalInt leader,
            Optional<List<Integer>> isr) {
        return new PartitionChangeRecord(topicId, partition, leader, isr, Optional.empty());
    }

    private static AlterPartitionException refuse(AlterPartitionException.Error error, String message) {
        return new AlterPartitionException(error, message);
    }

    /** Visits partitions in a deterministic order: topics by name, partitions by index. */
    private static void forEachPartition(MetadataImage image, PartitionVisitor visitor) {
        image.topics().topicsByName().values().stream()
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .forEach(topic -> topic.partitions().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .forEach(e -> visitor.visit(topic, e.getKey(), e.getValue())));
    }

    @FunctionalInterface
    private interface PartitionVisitor {
        void visit(TopicImage topic, int partition, PartitionRegistration registration);
    }
}

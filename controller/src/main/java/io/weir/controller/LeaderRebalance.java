package io.weir.controller;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.metadata.image.TopicImage;
import io.weir.metadata.record.PartitionChangeRecord;

/**
 * Automatic preferred-leader rebalancing ({@code auto.leader.rebalance.enable}), as a pure
 * function from an image to the leadership changes. No state, no threads, no clock.
 *
 * <p>Rule, as Kafka's: for every live broker, take the partitions whose preferred replica (first
 * replica) it is; if the share of them it does not lead exceeds
 * {@code leader.imbalance.per.broker.percentage}, each of them whose ISR holds the broker gets it
 * back as leader. A broker that is fenced, or out of a partition's ISR, is left alone for that
 * partition: the move must not lose an acknowledged write.
 */
final class LeaderRebalance {

    private LeaderRebalance() {}

    /**
     * The changes that move leadership back to preferred replicas.
     *
     * @param image the current image
     * @param imbalancePercentage {@code leader.imbalance.per.broker.percentage}
     * @return the changes, empty when the cluster is balanced enough
     */
    static List<PartitionChangeRecord> rebalance(MetadataImage image, int imbalancePercentage) {
        Set<Integer> live = ReplicaControl.liveBrokers(image);
        Map<Integer, Integer> preferredCount = new HashMap<>();
        Map<Integer, List<PartitionChangeRecord>> movable = new HashMap<>();
        Map<Integer, Integer> notLedCount = new HashMap<>();
        for (TopicImage topic : image.topics().topicsByName().values()) {
            for (Map.Entry<Integer, PartitionRegistration> entry : topic.partitions().entrySet()) {
                PartitionRegistration registration = entry.getValue();
                int preferred = registration.replicas().get(0);
                if (!live.contains(preferred)) {
                    continue;
                }
                preferredCount.merge(preferred, 1, Integer::sum);
                if (registration.leader() == preferred) {
                    continue;
                }
                notLedCount.merge(preferred, 1, Integer::sum);
                if (registration.isr().contains(preferred)) {
                    movable.computeIfAbsent(preferred, b -> new ArrayList<>()).add(
                            LeaderElections.leaderChange(topic, entry.getKey(), preferred, Optional.empty()));
                }
            }
        }
        List<PartitionChangeRecord> changes = new ArrayList<>();
        notLedCount.forEach((broker, notLed) -> {
            if (notLed * 100L > (long) imbalancePercentage * preferredCount.get(broker)) {
                changes.addAll(movable.getOrDefault(broker, List.of()));
            }
        });
        return changes;
    }
}

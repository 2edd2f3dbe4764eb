package io.weir.broker.group;

import io.weir.metadata.TopicNames;
import io.weir.metadata.image.MetadataDelta;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.metadata.image.TopicImage;
import io.weir.metadata.store.MetadataListener;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tells a coordinator which partitions of its topic ({@code __consumer_offsets} by default) this node leads: on every
 * metadata change it compares the partitions led now with those led before, and loads or drops
 * shards accordingly. Must be registered after the listener that hosts partitions, so that a
 * partition's log is open before its shard loads.
 *
 * <p>Thread-safety: called on the metadata thread, and once at start-up on the starting thread,
 * which may run after the first updates: both are serialized on this object, and an image older
 * than one already applied is ignored, so a late start-up call never moves leadership backwards.
 * The coordinator calls it makes never block.
 */
public final class OffsetsTopicPublisher implements MetadataListener {
    private final int nodeId;
    private final String topicName;
    private final CoordinatorLeadership coordinator;
    private final Set<Integer> led = new HashSet<>();
    private long appliedOffset = Long.MIN_VALUE;

    public OffsetsTopicPublisher(int nodeId, GroupCoordinator coordinator) {
        this(nodeId, TopicNames.CONSUMER_OFFSETS, coordinator);
    }

    /** A publisher for any coordinator topic ({@code __transaction_state} too). */
    public OffsetsTopicPublisher(int nodeId, String topicName, CoordinatorLeadership coordinator) {
        this.nodeId = nodeId;
        this.topicName = topicName;
        this.coordinator = coordinator;
    }

    /** Applies the image found at start-up. */
    public void publishAll(MetadataImage image) {
        publish(image);
    }

    @Override
    public void onMetadataUpdate(MetadataDelta delta, MetadataImage image) {
        publish(image);
    }

    private synchronized void publish(MetadataImage image) {
        if (image.offset() < appliedOffset) {
            return;
        }
        appliedOffset = image.offset();
        Optional<TopicImage> topic = image.topics().getTopic(topicName);
        Set<Integer> nowLed = new HashSet<>();
        if (topic.isPresent()) {
            for (Map.Entry<Integer, PartitionRegistration> entry : topic.get().partitions().entrySet()) {
                if (entry.getValue().leader() == nodeId) {
                    nowLed.add(entry.getKey());
                    coordinator.onBecomeLeader(entry.getKey(), entry.getValue().leaderEpoch());
                }
            }
        }
        for (int partition : led) {
            if (!nowLed.contains(partition)) {
                coordinator.onResign(partition);
            }
        }
        led.clear();
        led.addAll(nowLed);
    }
}

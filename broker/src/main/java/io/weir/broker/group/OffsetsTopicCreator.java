package io.weir.broker.group;

import io.weir.broker.topic.NewTopic;
import io.weir.broker.topic.TopicManager;
import io.weir.metadata.TopicNames;
import java.util.List;
import java.util.Optional;

/**
 * Creates {@code __consumer_offsets} the first time a group needs it, as Kafka does:
 * {@code offsets.topic.num.partitions} partitions, {@code offsets.topic.replication.factor}
 * replicas, {@code cleanup.policy=compact}, {@code segment.bytes} from
 * {@code offsets.topic.segment.bytes} and {@code compression.type=producer}. At most one creation
 * is under way at a time; {@link #run()} never blocks; the replication factor follows
 * {@link InternalTopicCreator}'s rule. Thread-safe.
 */
public final class OffsetsTopicCreator implements Runnable {
    private final InternalTopicCreator creator;

    /** A creator for a single node: it never waits for other brokers. */
    public OffsetsTopicCreator(TopicManager topics, GroupConfig config, int nodeId) {
        this(topics, config, nodeId, ExpectedBrokers.NONE);
    }

    public OffsetsTopicCreator(TopicManager topics, GroupConfig config, int nodeId, ExpectedBrokers expected) {
        NewTopic topic = new NewTopic(TopicNames.CONSUMER_OFFSETS, config.offsetsTopicNumPartitions(),
                config.offsetsTopicReplicationFactor(), List.of(), List.of(
                        new NewTopic.Config("cleanup.policy", Optional.of("compact")),
                        new NewTopic.Config("segment.bytes", Optional.of(Integer.toString(config.offsetsTopicSegmentBytes()))),
                        new NewTopic.Config("compression.type", Optional.of("producer"))));
        this.creator = new InternalTopicCreator(topics, topic, nodeId, expected);
    }

    @Override
    public void run() {
        creator.run();
    }
}

package io.weir.broker.group;

import io.weir.broker.topic.CreatedTopic;
import io.weir.broker.topic.NewTopic;
import io.weir.broker.topic.TopicError;
import io.weir.broker.topic.TopicManager;
import io.weir.broker.topic.TopicOutcome;
import io.weir.metadata.TopicNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates {@code __consumer_offsets} the first time a group needs it, as Kafka does:
 * {@code offsets.topic.num.partitions} partitions, {@code offsets.topic.replication.factor}
 * replicas, {@code cleanup.policy=compact}, {@code segment.bytes} from
 * {@code offsets.topic.segment.bytes} and {@code compression.type=producer}. At most one creation
 * is under way at a time; {@link #run()} never blocks. Thread-safe.
 */
public final class OffsetsTopicCreator implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(OffsetsTopicCreator.class);

    private final TopicManager topics;
    private final GroupConfig config;
    private final int nodeId;
    private final AtomicBoolean inFlight = new AtomicBoolean();

    public OffsetsTopicCreator(TopicManager topics, GroupConfig config, int nodeId) {
        this.topics = topics;
        this.config = config;
        this.nodeId = nodeId;
    }

    @Override
    public void run() {
        if (topics.image().topics().getTopic(TopicNames.CONSUMER_OFFSETS).isPresent() || !inFlight.compareAndSet(false, true)) {
            return;
        }
        NewTopic topic = new NewTopic(TopicNames.CONSUMER_OFFSETS, config.offsetsTopicNumPartitions(),
                config.offsetsTopicReplicationFactor(), List.of(), List.of(
                        new NewTopic.Config("cleanup.policy", Optional.of("compact")),
                        new NewTopic.Config("segment.bytes", Optional.of(Integer.toString(config.offsetsTopicSegmentBytes()))),
                        new NewTopic.Config("compression.type", Optional.of("producer"))));
        topics.createTopics(List.of(topic), false).whenComplete((outcomes, failure) -> {
            inFlight.set(false);
            report(outcomes, failure);
        });
    }

    private void report(Map<String, TopicOutcome<CreatedTopic>> outcomes, Throwable failure) {
        if (failure != null) {
            log.warn("[node {}] could not create {}: {}", nodeId, TopicNames.CONSUMER_OFFSETS, failure.toString());
            return;
        }
        TopicOutcome<CreatedTopic> outcome = outcomes.get(TopicNames.CONSUMER_OFFSETS);
        if (outcome instanceof TopicOutcome.Failure<CreatedTopic> failed && failed.error() != TopicError.TOPIC_ALREADY_EXISTS) {
            log.warn("[node {}] could not create {}: {}", nodeId, TopicNames.CONSUMER_OFFSETS, failed.message());
        } else if (!(outcome instanceof TopicOutcome.Failure<CreatedTopic>)) {
            log.info("[node {}] created {} with {} partition(s)", nodeId, TopicNames.CONSUMER_OFFSETS, config.offsetsTopicNumPartitions());
        }
    }
}

package io.weir.broker.group;

import io.weir.broker.topic.CreatedTopic;
import io.weir.broker.topic.NewTopic;
import io.weir.broker.topic.TopicError;
import io.weir.broker.topic.TopicManager;
import io.weir.broker.topic.TopicOutcome;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates an internal coordinator topic ({@code __consumer_offsets}, {@code __transaction_state})
 * the first time it is needed. At most one creation is under way at a time; {@link #run()} never
 * blocks; a topic that already exists is left alone.
 *
 * <p>Replication factor: the configured one, capped by the number of brokers registered at
 * creation (fenced or not), so that a single node or a two-node cluster works with the default of
 * 3 and no set-up; a {@code min.insync.replicas} in the topic's configs is capped to the
 * replication factor used. The factor is fixed at creation, so a node of a cluster does not create
 * the topic while fewer brokers have registered than it expects ({@link ExpectedBrokers}: the
 * controller voters, up to the configured factor) unless it has waited long enough: a client that
 * needs the topic right after a cluster starts gets COORDINATOR_NOT_AVAILABLE and retries, instead
 * of a topic with fewer replicas than the cluster will have. While fewer brokers are unfenced than
 * the factor chosen, creation fails with INVALID_REPLICATION_FACTOR, clients see
 * COORDINATOR_NOT_AVAILABLE and retry, and the next need tries again. Thread-safe.
 */
public final class InternalTopicCreator implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(InternalTopicCreator.class);

    private final TopicManager topics;
    private final NewTopic topic;
    private final int nodeId;
    private final ExpectedBrokers expected;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final AtomicBoolean toldWaiting = new AtomicBoolean();

    /** A creator for a single node: it never waits for other brokers. */
    public InternalTopicCreator(TopicManager topics, NewTopic topic, int nodeId) {
        this(topics, topic, nodeId, ExpectedBrokers.NONE);
    }

    public InternalTopicCreator(TopicManager topics, NewTopic topic, int nodeId, ExpectedBrokers expected) {
        this.topics = topics;
        this.topic = topic;
        this.nodeId = nodeId;
        this.expected = expected;
    }

    @Override
    public void run() {
        if (topics.image().topics().getTopic(topic.name()).isPresent()) {
            return;
        }
        int registered = topics.image().cluster().brokers().size();
        if (waiting(registered)) {
            if (toldWaiting.compareAndSet(false, true)) {
                log.info("[node {}] not creating {} before {} brokers have registered ({} now), for up to {} ms more", nodeId,
                        topic.name(), Math.min(expected.count(), topic.replicationFactor()), registered, expected.remainingMs());
            }
            return;
        }
        if (!inFlight.compareAndSet(false, true)) {
            return;
        }
        topics.createTopics(List.of(sized(registered)), false).whenComplete((outcomes, failure) -> {
            inFlight.set(false);
            report(outcomes, failure);
        });
    }

    /** Whether to wait for more brokers before creating the topic, {@code registered} being registered now. */
    boolean waiting(int registered) {
        return registered < Math.min(expected.count(), topic.replicationFactor()) && expected.remainingMs() > 0;
    }

    /** The topic to create when {@code brokers} are registered. */
    NewTopic sized(int brokers) {
        int replicationFactor = brokers < topic.replicationFactor() ? Math.max(1, brokers) : topic.replicationFactor();
        List<NewTopic.Config> configs = topic.configs().stream().map(config -> !config.name().equals("min.insync.replicas")
                ? config
                : new NewTopic.Config(config.name(), config.value().map(v -> Integer.toString(Math.min(Integer.parseInt(v), replicationFactor)))))
                .toList();
        return new NewTopic(topic.name(), topic.numPartitions(), replicationFactor, topic.assignments(), configs);
    }

    private void report(Map<String, TopicOutcome<CreatedTopic>> outcomes, Throwable failure) {
        if (failure != null) {
            log.warn("[node {}] could not create {}: {}", nodeId, topic.name(), failure.toString());
            return;
        }
        TopicOutcome<CreatedTopic> outcome = outcomes.get(topic.name());
        if (outcome instanceof TopicOutcome.Failure<CreatedTopic> failed && failed.error() != TopicError.TOPIC_ALREADY_EXISTS) {
            log.warn("[node {}] could not create {}: {}", nodeId, topic.name(), failed.message());
        } else if (!(outcome instanceof TopicOutcome.Failure<CreatedTopic>)) {
            log.info("[node {}] created {} with {} partition(s)", nodeId, topic.name(), topic.numPartitions());
        }
    }
}

package io.weir.broker.topic;

import io.weir.metadata.ControllerUnavailableException;
import io.weir.metadata.InvalidTopicNameException;
import io.weir.metadata.TopicAlreadyExistsException;
import io.weir.metadata.TopicNames;
import io.weir.metadata.UnknownTopicException;
import io.weir.metadata.Uuid;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.TopicImage;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.store.MetadataStore;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and deletes topics and adds partitions by committing metadata records to the
 * {@link MetadataStore}: one batch per topic, so each topic changes whole or not at all, and
 * a failure for one topic of a request never affects the others. Also auto-creates topics named
 * by Metadata requests ({@link #maybeAutoCreate}).
 *
 * <p>Rules follow Kafka's (KIP-4 admin requests, KIP-195 CreatePartitions, KIP-516 topic ids):
 * see {@link TopicError} for what a client can see. Deviations: at most
 * {@value TopicPlanner#MAX_PARTITIONS_PER_TOPIC} partitions per topic; auto-creation never creates
 * the internal topics ({@code __consumer_offsets}, {@code __transaction_state}), which their
 * coordinators create with their own settings; a validate-only creation reports topic id zero.
 *
 * <p>Thread-safety: every public method may be called from any thread and does not block. Work
 * that commits (and so forces the metadata log to disk) runs on the injected executor, which
 * should be a single thread owned by the server so that a check and its commit see the same
 * image; the returned futures complete on it. {@link #image()} is a lock-free read.
 */
public final class TopicManager {

    private static final Logger log = LoggerFactory.getLogger(TopicManager.class);

    private final MetadataStore store;
    private final TopicDefaults defaults;
    private final TopicPlanner planner;
    private final TopicConfigDescriber describer;
    private final Executor executor;
    private final String logPrefix;
    /** Names whose auto-creation is queued or running; touched from event loops and the executor. */
    private final Set<String> autoCreating = ConcurrentHashMap.newKeySet();

    /**
     * @param store the metadata store topics are committed to
     * @param nodeId this broker's node id, for log lines
     * @param defaults {@code num.partitions} and the other topic settings
     * @param validator checks the configuration overrides of new topics
     * @param describer reports a new topic's configuration (CreateTopics v5+)
     * @param executor runs the commits; a single thread is expected
     */
    public TopicManager(MetadataStore store, int nodeId, TopicDefaults defaults, TopicConfigValidator validator,
            TopicConfigDescriber describer, Executor executor) {
        this.store = store;
        this.defaults = defaults;
        this.planner = new TopicPlanner(defaults, validator);
        this.describer = describer;
        this.executor = executor;
        this.logPrefix = "[node " + nodeId + "] ";
    }

    /** The current metadata image. Lock-free. */
    public MetadataImage image() {
        return store.image();
    }

    /** The topic settings this manager applies. */
    public TopicDefaults defaults() {
        return defaults;
    }

    /**
     * Creates topics, each in its own batch. A name given more than once fails with
     * INVALID_REQUEST for all its entries, as in Kafka.
     *
     * @param topics the topics, as the client sent them
     * @param validateOnly check everything but commit nothing
     * @return the outcome per distinct name, in request order
     */
    public CompletableFuture<Map<String, TopicOutcome<CreatedTopic>>> createTopics(List<NewTopic> topics, boolean validateOnly) {
        Set<String> duplicates = duplicates(topics.stream().map(NewTopic::name).toList());
        return CompletableFuture.supplyAsync(() -> {
            Map<String, TopicOutcome<CreatedTopic>> outcomes = new LinkedHashMap<>();
            for (NewTopic topic : topics) {
                if (!outcomes.containsKey(topic.name())) {
                    outcomes.put(topic.name(), duplicates.contains(topic.name())
                            ? duplicate("Duplicate topic name.")
                            : attempt(topic.name(), () -> createOne(topic, validateOnly)));
                }
            }
            return outcomes;
        }, executor);
    }

    /**
     * Deletes topics, each in its own batch. A topic named more than once fails with INVALID_REQUEST.
     *
     * @param topics the topics by name or id
     * @return the outcome per distinct reference, in request order
     */
    public CompletableFuture<Map<TopicRef, TopicOutcome<DeletedTopic>>> deleteTopics(List<TopicRef> topics) {
        Set<TopicRef> duplicates = duplicates(topics);
        return CompletableFuture.supplyAsync(() -> {
            Map<TopicRef, TopicOutcome<DeletedTopic>> outcomes = new LinkedHashMap<>();
            for (TopicRef ref : topics) {
                if (!outcomes.containsKey(ref)) {
                    outcomes.put(ref, duplicates.contains(ref)
                            ? duplicate(ref instanceof TopicRef.ById ? "Duplicate topic id." : "Duplicate topic name.")
                            : attempt(ref.toString(), () -> deleteOne(ref)));
                }
            }
            return outcomes;
        }, executor);
    }

    /**
     * Adds partitions to topics, each in its own batch.
     *
     * @param increases the topics and their new partition counts
     * @param validateOnly check everything but commit nothing
     * @return the outcome per distinct name, in request order; the value is the new partition count
     */
    public CompletableFuture<Map<String, TopicOutcome<Integer>>> createPartitions(
            List<PartitionIncrease> increases, boolean validateOnly) {
        Set<String> duplicates = duplicates(increases.stream().map(PartitionIncrease::name).toList());
        return CompletableFuture.supplyAsync(() -> {
            Map<String, TopicOutcome<Integer>> outcomes = new LinkedHashMap<>();
            for (PartitionIncrease increase : increases) {
                if (!outcomes.containsKey(increase.name())) {
                    outcomes.put(increase.name(), duplicates.contains(increase.name())
                            ? duplicate("Duplicate topic name.")
                            : attempt(increase.name(), () -> increaseOne(increase, validateOnly)));
                }
            }
            return outcomes;
        }, executor);
    }

    /**
     * Starts creating a topic a Metadata request named and the image lacks, with
     * {@code num.partitions} and {@code default.replication.factor}, unless
     * {@code auto.create.topics.enable} is off, the name is illegal or internal, or the topic
     * cannot be placed. Returns at once; the commit runs on the executor.
     *
     * @param name the missing topic's name
     * @return in progress (the client should retry), or why the topic is not created
     */
    public AutoCreation maybeAutoCreate(String name) {
        if (TopicNames.problem(name).isPresent()) {
            return new AutoCreation.Refused(TopicError.INVALID_TOPIC_NAME, TopicNames.problem(name).get());
        }
        if (!defaults.autoCreateTopicsEnable() || TopicNames.isInternal(name)) {
            return new AutoCreation.Refused(TopicError.UNKNOWN_TOPIC, "Unknown topic " + name);
        }
        if (!autoCreating.add(name)) {
            return new AutoCreation.InProgress();
        }
        NewTopic topic = NewTopic.of(name, NewTopic.DEFAULT, NewTopic.DEFAULT);
        try {
            planner.planCreate(image(), topic, Uuid.random());
            executor.execute(() -> finishAutoCreate(topic));
            return new AutoCreation.InProgress();
        } catch (TopicOperationException e) {
            autoCreating.remove(name);
            return e.error() == TopicError.TOPIC_ALREADY_EXISTS
                    ? new AutoCreation.InProgress()
                    : new AutoCreation.Refused(e.error(), e.getMessage());
        } catch (RejectedExecutionException e) {
            autoCreating.remove(name);
            return new AutoCreation.Refused(TopicError.UNKNOWN_SERVER_ERROR, "The broker is shutting down.");
        }
    }

    private void finishAutoCreate(NewTopic topic) {
        try {
            TopicOutcome<CreatedTopic> outcome = attempt(topic.name(), () -> createOne(topic, false));
            if (outcome instanceof TopicOutcome.Failure<CreatedTopic> failure && failure.error() != TopicError.TOPIC_ALREADY_EXISTS) {
                log.warn("{}cannot auto-create topic {}: {}", logPrefix, topic.name(), failure.message());
            }
        } finally {
            autoCreating.remove(topic.name());
        }
    }

    private CreatedTopic createOne(NewTopic topic, boolean validateOnly) {
        Uuid topicId = freshTopicId(image());
        TopicPlanner.CreatePlan plan = placed(image -> planner.planCreate(image, topic, topicId));
        if (!validateOnly) {
            store.commit(plan.records());
            log.info("{}created topic {} with id {}, {} partition(s), replication factor {}", logPrefix, topic.name(),
                    topicId, plan.numPartitions(), plan.replicationFactor());
        }
        return new CreatedTopic(topic.name(), validateOnly ? Uuid.ZERO : topicId, plan.numPartitions(),
                plan.replicationFactor(), describer.describe(topic.name(), plan.configs()));
    }

    private DeletedTopic deleteOne(TopicRef ref) {
        TopicImage topic = planner.planDelete(image(), ref);
        store.commit(TopicPlanner.deleteRecords(topic));
        log.info("{}deleted topic {} with id {}", logPrefix, topic.name(), topic.topicId());
        return new DeletedTopic(topic.name(), topic.topicId());
    }

    private Integer increaseOne(PartitionIncrease increase, boolean validateOnly) {
        List<MetadataRecord> records = placed(image -> planner.planIncrease(image, increase));
        if (!validateOnly) {
            store.commit(records);
            log.info("{}topic {} now has {} partition(s)", logPrefix, increase.name(), increase.totalCount());
        }
        return increase.totalCount();
    }

    /**
     * A plan that places replicas: too few brokers in this node's image may only mean that it has
     * not applied the latest registration another node already shows a client, so it catches up
     * with the active controller once and plans again before refusing.
     */
    private <T> T placed(Function<MetadataImage, T> plan) {
        try {
            return plan.apply(image());
        } catch (TopicOperationException e) {
            if (e.error() != TopicError.INVALID_REPLICATION_FACTOR) {
                throw e;
            }
            return plan.apply(store.sync());
        }
    }

    private static Uuid freshTopicId(MetadataImage image) {
        Uuid id = Uuid.random();
        while (image.topics().getTopic(id).isPresent()) {
            id = Uuid.random();
        }
        return id;
    }

    /** Runs one topic's operation, turning every failure into that topic's outcome. */
    private <T> TopicOutcome<T> attempt(String topic, Supplier<T> action) {
        try {
            return TopicOutcome.success(action.get());
        } catch (TopicOperationException e) {
            log.debug("{}topic {}: {} {}", logPrefix, topic, e.error(), e.getMessage());
            return TopicOutcome.failure(e);
        } catch (TopicAlreadyExistsException e) {
            return TopicOutcome.failure(TopicError.TOPIC_ALREADY_EXISTS, e.getMessage());
        } catch (UnknownTopicException e) {
            return TopicOutcome.failure(TopicError.UNKNOWN_TOPIC, e.getMessage());
        } catch (InvalidTopicNameException e) {
            return TopicOutcome.failure(TopicError.INVALID_TOPIC_NAME, e.getMessage());
        } catch (ControllerUnavailableException e) {
            log.debug("{}topic {}: no active controller: {}", logPrefix, topic, e.getMessage());
            return TopicOutcome.failure(TopicError.NOT_CONTROLLER, e.getMessage());
        } catch (RuntimeException e) {
            log.error("{}unexpected failure changing topic {}", logPrefix, topic, e);
            return TopicOutcome.failure(TopicError.UNKNOWN_SERVER_ERROR, "Unexpected failure: " + e.getClass().getSimpleName());
        }
    }

    private static <T> TopicOutcome<T> duplicate(String message) {
        return TopicOutcome.failure(TopicError.INVALID_REQUEST, message);
    }

    private static <K> Set<K> duplicates(List<K> keys) {
        Map<K, Integer> counts = new HashMap<>();
        keys.forEach(key -> counts.merge(key, 1, Integer::sum));
        return counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }
}

package io.weir.broker.topic;

import static io.weir.broker.topic.TopicFixtures.NODE_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.testing.ForwardingMetadataStore;
import io.weir.metadata.Uuid;
import io.weir.metadata.image.ConfigResource;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.metadata.image.TopicImage;
import io.weir.metadata.record.Endpoint;
import io.weir.metadata.record.RegisterBrokerRecord;
import io.weir.metadata.record.SecurityProtocol;
import io.weir.metadata.store.LocalMetadataStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicManagerTest {

    @TempDir
    Path dir;

    private LocalMetadataStore store;
    private TopicManager topics;

    @BeforeEach
    void open() throws IOException {
        store = LocalMetadataStore.open(dir);
        BrokerRegistrar.registerIfNeeded(store, TopicFixtures.identity("localhost", 9092));
        topics = manager(TopicDefaults.KAFKA_DEFAULTS, TopicFixtures.knownKeys("retention.ms", "cleanup.policy"));
    }

    @AfterEach
    void close() throws IOException {
        store.close();
    }

    private TopicManager manager(TopicDefaults defaults, TopicConfigValidator validator) {
        return new TopicManager(store, NODE_ID, defaults, validator, TopicConfigDescriber.overridesOnly(), Runnable::run);
    }

    @Test
    void createsTopicsOnThisNodeWithConfigs() {
        NewTopic orders = new NewTopic("orders", 3, 1, List.of(), List.of(new NewTopic.Config("retention.ms", Optional.of("1000"))));

        CreatedTopic created = success(create(orders).get("orders"));

        assertThat(created.numPartitions()).isEqualTo(3);
        assertThat(created.replicationFactor()).isEqualTo(1);
        assertThat(created.configs()).containsExactly(TopicConfigEntry.override("retention.ms", "1000"));
        TopicImage topic = topics.image().topics().getTopic("orders").orElseThrow();
        assertThat(topic.topicId()).isEqualTo(created.topicId());
        assertThat(topic.partitions().values()).hasSize(3)
                .allSatisfy(p -> assertThat(p).isEqualTo(new PartitionRegistration(List.of(NODE_ID), List.of(NODE_ID), NODE_ID, 0, 0)));
        assertThat(topics.image().configs().config(ConfigResource.topic("orders"), "retention.ms")).contains("1000");
    }

    @Test
    void tooFewBrokersForThePlacementSendsTheNodeToCatchUpOnceBeforeRefusing() {
        MetadataImage beforeTheOthers = store.image();
        for (int node = NODE_ID + 1; node <= NODE_ID + 2; node++) {
            store.commit(List.of(new RegisterBrokerRecord(node, Uuid.random(), node, List.of(new Endpoint("PLAINTEXT",
                    "localhost", 9092 + node, SecurityProtocol.PLAINTEXT)), Optional.empty(), false)));
        }
        LaggingStore lagging = new LaggingStore(beforeTheOthers);
        TopicManager behind = new TopicManager(lagging, NODE_ID, TopicDefaults.KAFKA_DEFAULTS, TopicFixtures.permissiveValidator(),
                TopicConfigDescriber.overridesOnly(), Runnable::run);

        CreatedTopic created = success(behind.createTopics(List.of(NewTopic.of("t", 2, 3)), false).join().get("t"));
        TopicOutcome<CreatedTopic> tooMany = behind.createTopics(List.of(NewTopic.of("u", 1, 4)), false).join().get("u");

        assertThat(created.replicationFactor()).isEqualTo(3);
        assertThat(store.image().topics().getTopic("t").orElseThrow().partitions().get(0).replicas()).hasSize(3);
        assertThat(tooMany).isInstanceOf(TopicOutcome.Failure.class);
        assertThat(((TopicOutcome.Failure<CreatedTopic>) tooMany).error()).isEqualTo(TopicError.INVALID_REPLICATION_FACTOR);
        assertThat(lagging.syncs).isEqualTo(2);
    }

    /** {@link #store} as a node that has not applied the latest batches until it syncs. */
    private final class LaggingStore extends ForwardingMetadataStore {
        private final MetadataImage stale;
        private int syncs;

        LaggingStore(MetadataImage stale) {
            super(store);
            this.stale = stale;
        }

        @Override
        public MetadataImage image() {
            return syncs == 0 ? stale : super.image();
        }

        @Override
        public MetadataImage sync() {
            syncs++;
            return super.image();
        }
    }

    @Test
    void defaultsApplyToMinusOne() {
        TopicManager fourPartitions = manager(new TopicDefaults(4, 1, true, true), TopicFixtures.permissiveValidator());

        CreatedTopic created = success(fourPartitions.createTopics(List.of(NewTopic.of("t", -1, -1)), false).join().get("t"));

        assertThat(created.numPartitions()).isEqualTo(4);
        assertThat(topics.image().topics().getTopic("t").orElseThrow().partitionCount()).isEqualTo(4);
    }

    @Test
    void validateOnlyCommitsNothing() {
        long offset = topics.image().offset();

        CreatedTopic created = success(topics.createTopics(List.of(NewTopic.of("t", 2, 1)), true).join().get("t"));

        assertThat(created.topicId()).isEqualTo(Uuid.ZERO);
        assertThat(created.numPartitions()).isEqualTo(2);
        assertThat(topics.image().offset()).isEqualTo(offset);
        assertThat(topics.image().topics().getTopic("t")).isEmpty();
    }

    @Test
    void eachTopicFailsOnItsOwn() {
        create(NewTopic.of("exists", 1, 1));

        Map<String, TopicOutcome<CreatedTopic>> outcomes = create(
                NewTopic.of("ok", 1, 1),
                NewTopic.of("exists", 1, 1),
                NewTopic.of("bad/name", 1, 1),
                NewTopic.of("zero", 0, 1),
                NewTopic.of("negative", -5, 1),
                NewTopic.of("huge", TopicPlanner.MAX_PARTITIONS_PER_TOPIC + 1, 1),
                NewTopic.of("rf0", 1, 0),
                NewTopic.of("rf2", 1, 2),
                NewTopic.of("dup", 1, 1),
                NewTopic.of("dup", 2, 1),
                new NewTopic("nullcfg", 1, 1, List.of(), List.of(new NewTopic.Config("retention.ms", Optional.empty()))),
                new NewTopic("unknowncfg", 1, 1, List.of(), List.of(new NewTopic.Config("nope", Optional.of("1")))));

        assertThat(outcomes.keySet()).containsExactly("ok", "exists", "bad/name", "zero", "negative", "huge", "rf0", "rf2", "dup",
                "nullcfg", "unknowncfg");
        assertThat(outcomes.get("ok")).isInstanceOf(TopicOutcome.Success.class);
        assertThat(error(outcomes.get("exists"))).isEqualTo(TopicError.TOPIC_ALREADY_EXISTS);
        assertThat(error(outcomes.get("bad/name"))).isEqualTo(TopicError.INVALID_TOPIC_NAME);
        assertThat(error(outcomes.get("zero"))).isEqualTo(TopicError.INVALID_PARTITIONS);
        assertThat(error(outcomes.get("negative"))).isEqualTo(TopicError.INVALID_PARTITIONS);
        assertThat(error(outcomes.get("huge"))).isEqualTo(TopicError.INVALID_PARTITIONS);
        assertThat(error(outcomes.get("rf0"))).isEqualTo(TopicError.INVALID_REPLICATION_FACTOR);
        assertThat(error(outcomes.get("rf2"))).isEqualTo(TopicError.INVALID_REPLICATION_FACTOR);
        assertThat(error(outcomes.get("dup"))).isEqualTo(TopicError.INVALID_REQUEST);
        assertThat(error(outcomes.get("nullcfg"))).isEqualTo(TopicError.INVALID_CONFIG);
        assertThat(error(outcomes.get("unknowncfg"))).isEqualTo(TopicError.INVALID_CONFIG);
        assertThat(topics.image().topics().topicsByName().keySet()).containsExactlyInAnyOrder("exists", "ok");
    }

    @Test
    void namesThatCollideInMetricsAreRefused() {
        create(NewTopic.of("a.b", 1, 1));

        TopicOutcome<CreatedTopic> outcome = create(NewTopic.of("a_b", 1, 1)).get("a_b");

        assertThat(error(outcome)).isEqualTo(TopicError.INVALID_TOPIC_NAME);
        assertThat(((TopicOutcome.Failure<CreatedTopic>) outcome).message()).contains("collides");
    }

    @Test
    void internalTopicsMayBeCreatedExplicitly() {
        assertThat(create(NewTopic.of("__consumer_offsets", 2, 1)).get("__consumer_offsets")).isInstanceOf(TopicOutcome.Success.class);
    }

    @Test
    void explicitAssignmentsAreChecked() {
        NewTopic good = new NewTopic("good", -1, -1, List.of(assign(1, NODE_ID), assign(0, NODE_ID)), List.of());
        NewTopic gap = new NewTopic("gap", -1, -1, List.of(assign(0, NODE_ID), assign(2, NODE_ID)), List.of());
        NewTopic unknownBroker = new NewTopic("unknown", -1, -1, List.of(assign(0, 7)), List.of());
        NewTopic repeated = new NewTopic("repeated", -1, -1, List.of(assign(0, NODE_ID, NODE_ID)), List.of());
        NewTopic empty = new NewTopic("empty", -1, -1, List.of(assign(0)), List.of());
        NewTopic withCount = new NewTopic("withcount", 1, -1, List.of(assign(0, NODE_ID)), List.of());

        Map<String, TopicOutcome<CreatedTopic>> outcomes = create(good, gap, unknownBroker, repeated, empty, withCount);

        assertThat(success(outcomes.get("good")).numPartitions()).isEqualTo(2);
        assertThat(error(outcomes.get("gap"))).isEqualTo(TopicError.INVALID_REPLICA_ASSIGNMENT);
        assertThat(error(outcomes.get("unknown"))).isEqualTo(TopicError.INVALID_REPLICA_ASSIGNMENT);
        assertThat(error(outcomes.get("repeated"))).isEqualTo(TopicError.INVALID_REPLICA_ASSIGNMENT);
        assertThat(error(outcomes.get("empty"))).isEqualTo(TopicError.INVALID_REPLICA_ASSIGNMENT);
        assertThat(error(outcomes.get("withcount"))).isEqualTo(TopicError.INVALID_REQUEST);
    }

    @Test
    void deletesByNameAndById() {
        Uuid byIdId = success(create(NewTopic.of("by-id", 1, 1)).get("by-id")).topicId();
        create(NewTopic.of("by-name", 1, 1));

        Map<TopicRef, TopicOutcome<DeletedTopic>> outcomes = topics.deleteTopics(List.of(
                TopicRef.name("by-name"), TopicRef.id(byIdId), TopicRef.name("missing"), TopicRef.id(Uuid.random()))).join();

        assertThat(success(outcomes.get(TopicRef.name("by-name"))).name()).isEqualTo("by-name");
        assertThat(success(outcomes.get(TopicRef.id(byIdId)))).isEqualTo(new DeletedTopic("by-id", byIdId));
        assertThat(error(outcomes.get(TopicRef.name("missing")))).isEqualTo(TopicError.UNKNOWN_TOPIC);
        assertThat(outcomes.values()).filteredOn(o -> o instanceof TopicOutcome.Failure<DeletedTopic> f
                && f.error() == TopicError.UNKNOWN_TOPIC_ID).hasSize(1);
        assertThat(topics.image().topics().size()).isZero();
    }

    @Test
    void deletionCanBeDisabledAndDuplicatesAreRefused() {
        create(NewTopic.of("t", 1, 1));
        TopicManager noDelete = manager(new TopicDefaults(1, 1, true, false), TopicFixtures.permissiveValidator());

        assertThat(error(noDelete.deleteTopics(List.of(TopicRef.name("t"))).join().get(TopicRef.name("t"))))
                .isEqualTo(TopicError.TOPIC_DELETION_DISABLED);
        assertThat(error(topics.deleteTopics(List.of(TopicRef.name("t"), TopicRef.name("t"))).join().get(TopicRef.name("t"))))
                .isEqualTo(TopicError.INVALID_REQUEST);
        assertThat(topics.image().topics().getTopic("t")).isPresent();
    }

    @Test
    void partitionsOnlyIncrease() {
        create(NewTopic.of("t", 2, 1));

        Map<String, TopicOutcome<Integer>> checks = topics.createPartitions(List.of(
                new PartitionIncrease("t", 5, Optional.empty())), true).join();
        assertThat(checks.get("t")).isEqualTo(TopicOutcome.success(5));
        assertThat(partitionCount("t")).isEqualTo(2);

        assertThat(increase("t", 4, Optional.empty())).isEqualTo(TopicOutcome.success(4));
        assertThat(partitionCount("t")).isEqualTo(4);
        assertThat(topics.image().topics().getTopic("t").orElseThrow().partition(3).orElseThrow().leader()).isEqualTo(NODE_ID);
        assertThat(error(increase("t", 4, Optional.empty()))).isEqualTo(TopicError.INVALID_PARTITIONS);
        assertThat(error(increase("t", 1, Optional.empty()))).isEqualTo(TopicError.INVALID_PARTITIONS);
        assertThat(error(increase("missing", 3, Optional.empty()))).isEqualTo(TopicError.UNKNOWN_TOPIC);
        assertThat(error(increase("t", 6, Optional.of(List.of(List.of(NODE_ID)))))).isEqualTo(TopicError.INVALID_REPLICA_ASSIGNMENT);
        assertThat(error(increase("t", 5, Optional.of(List.of(List.of(9)))))).isEqualTo(TopicError.INVALID_REPLICA_ASSIGNMENT);
        assertThat(increase("t", 5, Optional.of(List.of(List.of(NODE_ID))))).isEqualTo(TopicOutcome.success(5));
        assertThat(partitionCount("t")).isEqualTo(5);
    }

    @Test
    void autoCreationStartsOnceAndCompletesOnTheExecutor() {
        TopicFixtures.ManualExecutor executor = new TopicFixtures.ManualExecutor();
        TopicManager auto = new TopicManager(store, NODE_ID, new TopicDefaults(3, 1, true, true),
                TopicFixtures.permissiveValidator(), TopicConfigDescriber.overridesOnly(), executor);

        assertThat(auto.maybeAutoCreate("events")).isInstanceOf(AutoCreation.InProgress.class);
        assertThat(auto.maybeAutoCreate("events")).isInstanceOf(AutoCreation.InProgress.class);
        assertThat(executor.tasks).hasSize(1);
        executor.runAll();

        assertThat(partitionCount("events")).isEqualTo(3);
    }

    @Test
    void autoCreationIsRefusedWhenItCannotOrMayNot() {
        TopicManager disabled = manager(new TopicDefaults(1, 1, false, true), TopicFixtures.permissiveValidator());
        TopicManager rf3 = manager(new TopicDefaults(1, 3, true, true), TopicFixtures.permissiveValidator());

        assertThat(disabled.maybeAutoCreate("t")).isEqualTo(new AutoCreation.Refused(TopicError.UNKNOWN_TOPIC, "Unknown topic t"));
        assertThat(topics.maybeAutoCreate("__consumer_offsets")).isInstanceOf(AutoCreation.Refused.class);
        assertThat(topics.maybeAutoCreate("bad name")).isInstanceOfSatisfying(AutoCreation.Refused.class,
                r -> assertThat(r.error()).isEqualTo(TopicError.INVALID_TOPIC_NAME));
        assertThat(rf3.maybeAutoCreate("t")).isInstanceOfSatisfying(AutoCreation.Refused.class,
                r -> assertThat(r.error()).isEqualTo(TopicError.INVALID_REPLICATION_FACTOR));
        assertThat(topics.image().topics().size()).isZero();
    }

    @Test
    void topicsAndIdsSurviveARestart() throws IOException {
        Uuid id = success(create(NewTopic.of("kept", 2, 1)).get("kept")).topicId();
        increase("kept", 3, Optional.empty());
        create(NewTopic.of("gone", 1, 1));
        topics.deleteTopics(List.of(TopicRef.name("gone"))).join();
        store.close();

        store = LocalMetadataStore.open(dir);

        TopicImage kept = store.image().topics().getTopic("kept").orElseThrow();
        assertThat(kept.topicId()).isEqualTo(id);
        assertThat(kept.partitionCount()).isEqualTo(3);
        assertThat(store.image().topics().getTopic("gone")).isEmpty();
    }

    private Map<String, TopicOutcome<CreatedTopic>> create(NewTopic... newTopics) {
        return topics.createTopics(List.of(newTopics), false).join();
    }

    private TopicOutcome<Integer> increase(String name, int count, Optional<List<List<Integer>>> assignments) {
        return topics.createPartitions(List.of(new PartitionIncrease(name, count, assignments)), false).join().get(name);
    }

    private int partitionCount(String name) {
        return topics.image().topics().getTopic(name).orElseThrow().partitionCount();
    }

    private static NewTopic.Assignment assign(int partition, Integer... brokers) {
        return new NewTopic.Assignment(partition, List.of(brokers));
    }

    private static <T> T success(TopicOutcome<T> outcome) {
        assertThat(outcome).isInstanceOf(TopicOutcome.Success.class);
        return ((TopicOutcome.Success<T>) outcome).value();
    }

    private static TopicError error(TopicOutcome<?> outcome) {
        assertThat(outcome).isInstanceOf(TopicOutcome.Failure.class);
        return ((TopicOutcome.Failure<?>) outcome).error();
    }
}

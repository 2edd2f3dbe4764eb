package io.weir.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.broker.network.SocketServer;
import io.weir.broker.testing.RunningServer;
import io.weir.broker.topic.BrokerIdentity;
import io.weir.broker.topic.BrokerRegistrar;
import io.weir.broker.topic.TopicConfigDescriber;
import io.weir.broker.topic.TopicDefaults;
import io.weir.broker.topic.TopicFixtures;
import io.weir.broker.topic.TopicManager;
import io.weir.metadata.store.LocalMetadataStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kafka-clients' Admin against the topic handlers over real TCP, on a port chosen at run time. */
class TopicAdminIT {

    private static final long WAIT_SECONDS = 20;

    @TempDir
    Path dir;

    private LocalMetadataStore store;
    private ExecutorService topicThread;
    private SocketServer server;
    private Admin admin;

    @BeforeEach
    void start() throws Exception {
        store = LocalMetadataStore.open(dir.resolve("__cluster_metadata-0"));
        topicThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "topic-manager"));
        // The handlers need an identity before the port is known; the registration made below,
        // with the bound port, is what they list.
        BrokerIdentity unbound = TopicFixtures.identity("127.0.0.1", 1);
        TopicManager topics = new TopicManager(store, 1, TopicDefaults.KAFKA_DEFAULTS, TopicFixtures.permissiveValidator(),
                TopicConfigDescriber.overridesOnly(), topicThread);
        server = RunningServer.start(RunningServer.localConfig(),
                new MetadataHandler(topics, unbound), new DescribeClusterHandler(store::image, unbound),
                new CreateTopicsHandler(topics), new DeleteTopicsHandler(topics), new CreatePartitionsHandler(topics));
        BrokerRegistrar.registerIfNeeded(store, TopicFixtures.identity("127.0.0.1", server.boundPort()));
        admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + server.boundPort(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000));
    }

    @AfterEach
    void stop() throws Exception {
        admin.close();
        server.close();
        topicThread.shutdown();
        assertThat(topicThread.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        store.close();
    }

    @Test
    void describeClusterNamesThisBroker() throws Exception {
        DescribeClusterResult cluster = admin.describeCluster();

        assertThat(cluster.clusterId().get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(TopicFixtures.CLUSTER_ID);
        assertThat(cluster.nodes().get(WAIT_SECONDS, TimeUnit.SECONDS)).extracting(Node::id, Node::port)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, server.boundPort()));
        assertThat(cluster.controller().get(WAIT_SECONDS, TimeUnit.SECONDS).id()).isEqualTo(1);
    }

    @Test
    void createListDescribeGrowAndDeleteTopics() throws Exception {
        NewTopic orders = new NewTopic("orders", 3, (short) 1).configs(Map.of("retention.ms", "60000"));
        CreateTopicsResult created = admin.createTopics(List.of(orders, new NewTopic("audit", 1, (short) 1)));
        created.all().get(WAIT_SECONDS, TimeUnit.SECONDS);
        Uuid ordersId = created.topicId("orders").get();
        Config ordersConfig = created.config("orders").get();

        assertThat(created.numPartitions("orders").get()).isEqualTo(3);
        assertThat(ordersConfig.get("retention.ms").value()).isEqualTo("60000");
        assertThat(admin.listTopics().names().get(WAIT_SECONDS, TimeUnit.SECONDS)).containsExactlyInAnyOrder("orders", "audit");

        TopicDescription byName = admin.describeTopics(List.of("orders")).allTopicNames().get(WAIT_SECONDS, TimeUnit.SECONDS).get("orders");
        TopicDescription byId = admin.describeTopics(TopicCollection.ofTopicIds(List.of(ordersId))).allTopicIds()
                .get(WAIT_SECONDS, TimeUnit.SECONDS).get(ordersId);
        assertThat(byName.topicId()).isEqualTo(ordersId);
        assertThat(byName.partitions()).hasSize(3).allSatisfy(p -> assertThat(p.leader().id()).isEqualTo(1));
        assertThat(byId.name()).isEqualTo("orders");

        admin.createPartitions(Map.of("orders", NewPartitions.increaseTo(5))).all().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(admin.describeTopics(List.of("orders")).allTopicNames().get(WAIT_SECONDS, TimeUnit.SECONDS).get("orders").partitions())
                .hasSize(5);

        admin.deleteTopics(TopicCollection.ofTopicIds(List.of(ordersId))).all().get(WAIT_SECONDS, TimeUnit.SECONDS);
        admin.deleteTopics(List.of("audit")).all().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(admin.listTopics().names().get(WAIT_SECONDS, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void validateOnlyCreatesNothing() throws Exception {
        admin.createTopics(List.of(new NewTopic("dry", 2, (short) 1)), new CreateTopicsOptions().validateOnly(true))
                .all().get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertThat(admin.listTopics().names().get(WAIT_SECONDS, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void errorsReachTheClientAsKafkaExceptions() throws Exception {
        admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertCause(admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all(), TopicExistsException.class);
        assertCause(admin.createTopics(List.of(new NewTopic("rf3", 1, (short) 3))).all(), InvalidReplicationFactorException.class);
        assertCause(admin.createPartitions(Map.of("t", NewPartitions.increaseTo(1))).all(), InvalidPartitionsException.class);
        assertCause(admin.describeTopics(List.of("missing")).allTopicNames(), UnknownTopicOrPartitionException.class);
        assertCause(admin.deleteTopics(List.of("missing")).all(), UnknownTopicOrPartitionException.class);
        assertCause(admin.deleteTopics(TopicCollection.ofTopicIds(List.of(Uuid.randomUuid()))).all(), UnknownTopicIdException.class);
        assertThat(admin.listTopics().names().get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(Set.of("t"));
    }

    private static void assertCause(org.apache.kafka.common.KafkaFuture<?> future, Class<? extends Throwable> type) {
        assertThatThrownBy(() -> future.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause().isInstanceOf(type);
    }
}

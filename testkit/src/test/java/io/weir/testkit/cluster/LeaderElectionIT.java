package io.weir.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.server.WeirNode;
import io.weir.testkit.WeirCluster;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Leadership returning to preferred replicas on three nodes: after a broker stops and comes back,
 * a preferred election for every partition through the Java admin client (ElectLeaders) gives it
 * back the partitions it prefers, and so does the controller's periodic rebalancing by itself.
 */
class LeaderElectionIT {
    private WeirCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void preferredElectionReturnsLeadershipToARestartedBroker() throws Exception {
        cluster = WeirCluster.builder().nodes(3).config("broker.session.timeout.ms", "3000").build();
        try (Admin admin = admin(cluster.bootstrapServers())) {
            admin.createTopics(List.of(new NewTopic("events", 6, (short) 3))).all().get();
            WeirNode observer = cluster.activeController().orElseThrow();
            WeirCluster.awaitCondition("the topic everywhere", () -> cluster.nodes().stream()
                    .allMatch(node -> node.clusterImage().orElseThrow().topics().getTopic("events").isPresent()));
            writeToEveryPartition("before");
            int leaving = nonActiveNodeId();
            cluster.stop(leaving - 1);
            assertThat(notPreferred(image(observer))).isNotEmpty();
            cluster.start(leaving - 1);
            cluster.awaitReady();
            WeirCluster.awaitCondition("the restarted broker back in every ISR", () -> partitions(image(observer))
                    .stream().allMatch(p -> p.isr().size() == 3));

            Map<TopicPartition, java.util.Optional<Throwable>> results =
                    admin.electLeaders(ElectionType.PREFERRED, null).partitions().get();

            assertThat(results).isNotEmpty().allSatisfy((tp, error) -> assertThat(error).isEmpty());
            WeirCluster.awaitCondition("every partition led by its preferred replica",
                    () -> notPreferred(image(observer)).isEmpty());
            Map<TopicPartition, java.util.Optional<Throwable>> again = admin.electLeaders(ElectionType.PREFERRED,
                    Set.of(new TopicPartition("events", 0))).partitions().get();
            assertThat(again.get(new TopicPartition("events", 0))).get()
                    .isInstanceOf(ElectionNotNeededException.class);

            // The replicas that led meanwhile held an epoch in which nothing was written; as
            // followers again they must still catch up, or acks=all waits for them until they
            // leave the ISR (replica.lag.time.max.ms, 30 s).
            writeToEveryPartition("after");
            assertThat(partitions(image(observer))).allSatisfy(p -> assertThat(p.isr()).hasSize(3));
        }
    }

    /** One acks=all write to each partition, each acknowledged well within the replica lag time. */
    private void writeToEveryPartition(String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = IntStream.range(0, 6)
                    .mapToObj(p -> producer.send(new ProducerRecord<>("events", p, "k", value))).toList();
            for (Future<RecordMetadata> future : sent) {
                future.get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void leadershipReturnsByItselfToABrokerThatRestartsAndCatchesUp() throws Exception {
        cluster = WeirCluster.builder().nodes(3).config("broker.session.timeout.ms", "3000")
                .config("leader.imbalance.check.interval.seconds", "1").build();
        try (Admin admin = admin(cluster.bootstrapServers())) {
            admin.createTopics(List.of(new NewTopic("events", 6, (short) 3))).all().get();
        }
        WeirNode observer = cluster.activeController().orElseThrow();
        WeirCluster.awaitCondition("the topic everywhere", () -> cluster.nodes().stream()
                .allMatch(node -> node.clusterImage().orElseThrow().topics().getTopic("events").isPresent()));
        int leaving = nonActiveNodeId();
        cluster.stop(leaving - 1);
        assertThat(notPreferred(image(observer))).isNotEmpty();

        cluster.start(leaving - 1);
        cluster.awaitReady();

        WeirCluster.awaitCondition("every partition led by its preferred replica again",
                () -> notPreferred(image(observer)).isEmpty());
    }

    private int nonActiveNodeId() {
        int active = cluster.activeController().orElseThrow().config().nodeId();
        return IntStream.rangeClosed(1, 3).filter(id -> id != active).findFirst().orElseThrow();
    }

    private static List<PartitionRegistration> notPreferred(MetadataImage image) {
        return partitions(image).stream().filter(p -> p.leader() != p.replicas().get(0)).toList();
    }

    private static Collection<PartitionRegistration> partitions(MetadataImage image) {
        return image.topics().getTopic("events").orElseThrow().partitions().values();
    }

    private static MetadataImage image(WeirNode node) {
        return node.clusterImage().orElseThrow();
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }
}

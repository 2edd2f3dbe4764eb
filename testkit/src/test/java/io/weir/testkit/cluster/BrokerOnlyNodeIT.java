package io.weir.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.image.MetadataImage;
import io.weir.server.WeirNode;
import io.weir.testkit.WeirCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three combined nodes and one broker-only node (node 4, outside the quorum): the broker-only node
 * registers and is unfenced, hosts and leads replicas, serves produce and fetch, follows topic
 * creation and deletion made elsewhere, keeps following after the active controller dies, and
 * converges through a snapshot after falling behind the controller's (deliberately tiny) window.
 */
class BrokerOnlyNodeIT {
    private static final String WINDOW_PROPERTY = "weir.controller.metadataWindowRecords";
    private static final int BROKER_ONLY_INDEX = 3;
    private WeirCluster cluster;

    @BeforeEach
    void tinyWindow() {
        System.setProperty(WINDOW_PROPERTY, "20");
    }

    @AfterEach
    void stop() {
        System.clearProperty(WINDOW_PROPERTY);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aBrokerOnlyNodeFollowsTheMetadataAndServesData() throws Exception {
        cluster = WeirCluster.builder().nodes(3).brokerOnlyNodes(1).build();
        WeirNode brokerOnly = cluster.node(BROKER_ONLY_INDEX).orElseThrow();
        assertThat(brokerOnly.isActiveController()).isFalse();
        assertThat(brokerOnly.unfencedBrokerEpoch()).isPresent();
        try (Admin admin = admin(cluster.bootstrapServers())) {
            assertThat(admin.describeCluster().nodes().get()).extracting(n -> n.id()).contains(1, 2, 3, 4);
            admin.createTopics(List.of(new NewTopic("wide", 1, (short) 4),
                    new NewTopic("led-by-4", Map.of(0, List.of(4, 1, 2))))).all().get();
        }
        awaitTopic(brokerOnly, "wide", true);
        awaitTopic(brokerOnly, "led-by-4", true);
        assertThat(image(brokerOnly).topics().getTopic("wide").orElseThrow().partitions().get(0).replicas())
                .contains(4);
        WeirCluster.awaitCondition("node 4 leading led-by-4", () -> image(brokerOnly).topics().getTopic("led-by-4")
                .orElseThrow().partitions().get(0).leader() == 4);
        produceAndConsume("led-by-4");

        try (Admin admin = admin(address(cluster.node(0).orElseThrow()))) {
            admin.createTopics(List.of(new NewTopic("short-lived", 2, (short) 3))).all().get();
            awaitTopic(brokerOnly, "short-lived", true);
            admin.deleteTopics(List.of("short-lived")).all().get();
            awaitTopic(brokerOnly, "short-lived", false);
        }

        int active = cluster.activeController().orElseThrow().config().nodeId();
        cluster.kill(active - 1);
        WeirCluster.awaitCondition("a new active controller", () -> cluster.activeController().isPresent());
        try (Admin admin = admin(cluster.bootstrapServers())) {
            admin.createTopics(List.of(new NewTopic("after-failover", 1, (short) 2))).all().get();
        }
        awaitTopic(brokerOnly, "after-failover", true);
        WeirCluster.awaitCondition("node 4 knowing the new active controller",
                () -> brokerOnly.activeControllerId().isPresent() && brokerOnly.activeControllerId().getAsInt() != active);
    }

    @Test
    void aBrokerOnlyNodeBehindTheWindowConvergesThroughASnapshot() throws Exception {
        cluster = WeirCluster.builder().nodes(3).brokerOnlyNodes(1).build();
        try (Admin admin = admin(cluster.bootstrapServers())) {
            admin.createTopics(List.of(new NewTopic("doomed", 1, (short) 3))).all().get();
            awaitTopic(cluster.node(BROKER_ONLY_INDEX).orElseThrow(), "doomed", true);
            cluster.stop(BROKER_ONLY_INDEX);
            admin.deleteTopics(List.of("doomed")).all().get();
            List<NewTopic> many = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                many.add(new NewTopic("later-" + i, 1, (short) 3));
            }
            admin.createTopics(many).all().get();
        }
        cluster.start(BROKER_ONLY_INDEX);
        WeirNode brokerOnly = cluster.node(BROKER_ONLY_INDEX).orElseThrow();
        awaitTopic(brokerOnly, "later-14", true);
        awaitTopic(brokerOnly, "doomed", false);
        MetadataImage leader = image(cluster.activeController().orElseThrow());
        WeirCluster.awaitCondition("node 4 at the controller's offset",
                () -> image(brokerOnly).offset() >= leader.offset());
        assertThat(image(brokerOnly).topics().topicsById().keySet())
                .containsAll(leader.topics().topicsById().keySet());
        cluster.awaitReady();
    }

    private void produceAndConsume(String topic) throws Exception {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, "v" + i)).get();
            }
        }
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<String> values = new ArrayList<>();
            long deadlineNs = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.size() < 10 && System.nanoTime() - deadlineNs < 0) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            assertThat(values).hasSize(10).startsWith("v0");
        }
    }

    private static void awaitTopic(WeirNode node, String topic, boolean present) {
        WeirCluster.awaitCondition("topic " + topic + (present ? "" : " gone") + " on node " + node.config().nodeId(),
                () -> image(node).topics().getTopic(topic).isPresent() == present);
    }

    private static MetadataImage image(WeirNode node) {
        return node.clusterImage().orElseThrow();
    }

    private static String address(WeirNode node) {
        return "127.0.0.1:" + node.boundListeners().get(0).port();
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }
}

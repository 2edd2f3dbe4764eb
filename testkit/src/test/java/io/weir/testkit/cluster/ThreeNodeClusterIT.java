package io.weir.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.metadata.image.TopicImage;
import io.weir.server.WeirNode;
import io.weir.testkit.WeirCluster;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three combined nodes in one JVM: the quorum forms, metadata changes made through one node reach
 * all, the active controller fails over, a crashed broker is fenced and loses its leaderships, and
 * a stopping broker hands its leaderships over first. Checks metadata only, not replicated data.
 */
class ThreeNodeClusterIT {
    private WeirCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyNodeListsThreeBrokersAndTheActiveController() throws Exception {
        long startNs = System.nanoTime();
        cluster = WeirCluster.builder().nodes(3).build();
        System.out.printf("three-node cluster ready in %d ms%n", (System.nanoTime() - startNs) / 1_000_000);
        int active = cluster.activeController().orElseThrow().config().nodeId();
        for (WeirNode node : cluster.nodes()) {
            try (Admin admin = admin(address(node))) {
                DescribeClusterResult described = admin.describeCluster();
                assertThat(described.nodes().get()).hasSize(3);
                assertThat(described.controller().get().id()).isEqualTo(active);
                assertThat(described.clusterId().get()).isNotBlank();
            }
        }
        try (Admin admin = admin(address(cluster.nodes().get(0)))) {
            admin.createTopics(List.of(new NewTopic("orders", 3, (short) 3))).all().get();
        }
        WeirCluster.awaitCondition("the topic on every node", () -> cluster.nodes().stream()
                .allMatch(node -> image(node).topics().getTopic("orders").isPresent()));
        try (Admin admin = admin(address(cluster.nodes().get(2)))) {
            assertThat(admin.describeTopics(List.of("orders")).allTopicNames().get().get("orders").partitions())
                    .hasSize(3)
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
        }
    }

    @Test
    void anotherControllerTakesOverWhenTheActiveOneStops() throws Exception {
        cluster = WeirCluster.builder().nodes(3).build();
        int activeIndex = cluster.activeController().orElseThrow().config().nodeId() - 1;
        long stopNs = System.nanoTime();
        cluster.kill(activeIndex);
        WeirCluster.awaitCondition("a new active controller", () -> cluster.activeController().isPresent());
        System.out.printf("new active controller after %d ms%n", (System.nanoTime() - stopNs) / 1_000_000);
        assertThat(cluster.activeController().orElseThrow().config().nodeId()).isNotEqualTo(activeIndex + 1);
        try (Admin admin = admin(cluster.bootstrapServers())) {
            admin.createTopics(List.of(new NewTopic("after-failover", 2, (short) 2))).all().get();
        }
        cluster.start(activeIndex);
        cluster.awaitReady();
        WeirCluster.awaitCondition("the restarted node catching up", () -> image(cluster.node(activeIndex).orElseThrow())
                .topics().getTopic("after-failover").isPresent());
    }

    @Test
    void aCrashedBrokerIsFencedAndItsPartitionsGetLeadersFromTheIsr() throws Exception {
        cluster = WeirCluster.builder().nodes(3).build();
        createReplicatedTopic("events", 6);
        int victim = nonActiveNodeId();
        WeirNode observer = cluster.activeController().orElseThrow();
        assertThat(ledBy(image(observer), victim)).isNotEmpty();

        long killNs = System.nanoTime();
        cluster.kill(victim - 1);
        WeirCluster.awaitCondition("the crashed broker fenced", () ->
                image(observer).cluster().broker(victim).orElseThrow().fenced());
        long fencedMs = (System.nanoTime() - killNs) / 1_000_000;
        System.out.printf("crashed broker fenced after %d ms%n", fencedMs);
        assertThat(fencedMs).isLessThan(3000 + 2000);

        MetadataImage after = image(observer);
        assertThat(ledBy(after, victim)).isEmpty();
        TopicImage topic = after.topics().getTopic("events").orElseThrow();
        for (PartitionRegistration partition : topic.partitions().values()) {
            assertThat(partition.isr()).doesNotContain(victim);
            assertThat(partition.hasLeader()).isTrue();
            assertThat(partition.isr()).contains(partition.leader());
        }
    }

    @Test
    void aStoppingBrokerHandsItsLeadershipsOverBeforeItExits() throws Exception {
        cluster = WeirCluster.builder().nodes(3).build();
        createReplicatedTopic("payments", 6);
        int leaving = nonActiveNodeId();
        WeirNode observer = cluster.activeController().orElseThrow();
        assertThat(ledBy(image(observer), leaving)).isNotEmpty();

        cluster.stop(leaving - 1);

        MetadataImage after = image(observer);
        assertThat(after.cluster().broker(leaving).orElseThrow().fenced()).isTrue();
        assertThat(ledBy(after, leaving)).isEmpty();
        assertThat(after.topics().getTopic("payments").orElseThrow().partitions().values())
                .allSatisfy(p -> assertThat(p.isr()).doesNotContain(leaving));
    }

    private void createReplicatedTopic(String name, int partitions) throws Exception {
        try (Admin admin = admin(cluster.bootstrapServers())) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 3))).all().get();
        }
        WeirCluster.awaitCondition("the topic on every node", () -> cluster.nodes().stream()
                .allMatch(node -> image(node).topics().getTopic(name).isPresent()));
    }

    private int nonActiveNodeId() {
        int active = cluster.activeController().orElseThrow().config().nodeId();
        return IntStream.rangeClosed(1, 3).filter(id -> id != active).findFirst().orElseThrow();
    }

    private static List<Integer> ledBy(MetadataImage image, int nodeId) {
        return image.topics().topicsByName().values().stream()
                .flatMap(topic -> topic.partitions().values().stream())
                .map(PartitionRegistration::leader)
                .filter(leader -> leader == nodeId)
                .toList();
    }

    private static MetadataImage image(WeirNode node) {
        return node.clusterImage().orElseThrow();
    }

    private static String address(WeirNode node) {
        return node.boundListeners().get(0).host() + ":" + node.boundListeners().get(0).port();
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

}

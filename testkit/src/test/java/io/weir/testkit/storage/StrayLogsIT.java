package io.weir.testkit.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.Uuid;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.testkit.WeirCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stray partition logs, those the metadata no longer gives a node, are removed once the node holds
 * the whole metadata: on a broker-only node that was stopped while one topic was deleted and
 * another moved away from it (it comes back through a snapshot, so it never replays either change),
 * on a voter from which a partition was moved while it was stopped, and on a single node at
 * start-up. Logs of live topics, and logs without a topic id, stay.
 */
class StrayLogsIT {
    private static final String WINDOW_PROPERTY = "weir.controller.metadataWindowRecords";
    private static final int BROKER_ONLY_INDEX = 3;
    private static final int RECORDS = 10;
    private WeirCluster cluster;

    @AfterEach
    void stop() {
        System.clearProperty(WINDOW_PROPERTY);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aBrokerOnlyNodeRemovesTheLogsOfTopicsDeletedOrMovedAwayWhileItWasStopped() throws Exception {
        System.setProperty(WINDOW_PROPERTY, "20");
        cluster = WeirCluster.builder().nodes(3).brokerOnlyNodes(1).build();
        Path dataDir = cluster.dataDir(BROKER_ONLY_INDEX);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("doomed", Map.of(0, List.of(4, 1, 2))),
                    new NewTopic("moved", Map.of(0, List.of(4, 1, 2))),
                    new NewTopic("kept", Map.of(0, List.of(4, 1, 2))))).all().get();
            for (String topic : List.of("doomed", "moved", "kept")) {
                produce(topic);
            }
            WeirCluster.awaitCondition("node 4 holding every partition", () -> hasRecords(dataDir, "doomed-0")
                    && hasRecords(dataDir, "moved-0") && hasRecords(dataDir, "kept-0"));
            cluster.stop(BROKER_ONLY_INDEX);

            admin.deleteTopics(List.of("doomed")).all().get();
            admin.alterPartitionReassignments(Map.of(new TopicPartition("moved", 0),
                    Optional.of(new NewPartitionReassignment(List.of(1, 2, 3))))).all().get();
            WeirCluster.awaitCondition("moved away from node 4", () -> registration("moved").replicas().equals(List.of(1, 2, 3))
                    && !registration("moved").isReassigning());
            List<NewTopic> many = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                many.add(new NewTopic("later-" + i, 1, (short) 3));
            }
            admin.createTopics(many).all().get();
        }
        assertThat(dataDir.resolve("doomed-0")).isDirectory();
        assertThat(dataDir.resolve("moved-0")).isDirectory();

        cluster.start(BROKER_ONLY_INDEX);
        WeirCluster.awaitCondition("the stray logs gone from node 4", () -> !Files.exists(dataDir.resolve("doomed-0"))
                && !Files.exists(dataDir.resolve("moved-0")) && strayDirs(dataDir).isEmpty());
        assertThat(hasRecords(dataDir, "kept-0")).as("the log of a live topic stays").isTrue();
        assertThat(readAll("kept")).hasSize(RECORDS);
        assertThat(readAll("moved")).hasSize(RECORDS);
    }

    @Test
    void aVoterDropsThePartitionMovedAwayWhileItWasStopped() throws Exception {
        cluster = WeirCluster.builder().nodes(3).build();
        Path dataDir = cluster.dataDir(2);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("moved", Map.of(0, List.of(3, 1, 2))),
                    new NewTopic("kept", Map.of(0, List.of(3, 1, 2))))).all().get();
            produce("moved");
            produce("kept");
            WeirCluster.awaitCondition("node 3 holding both partitions",
                    () -> hasRecords(dataDir, "moved-0") && hasRecords(dataDir, "kept-0"));
            cluster.stop(2);
            admin.alterPartitionReassignments(Map.of(new TopicPartition("moved", 0),
                    Optional.of(new NewPartitionReassignment(List.of(1, 2))))).all().get();
            WeirCluster.awaitCondition("moved away from node 3", () -> registration("moved").replicas().equals(List.of(1, 2))
                    && !registration("moved").isReassigning());
        }

        cluster.start(2);
        WeirCluster.awaitCondition("the moved log gone from node 3",
                () -> !Files.exists(dataDir.resolve("moved-0")) && strayDirs(dataDir).isEmpty());
        assertThat(hasRecords(dataDir, "kept-0")).isTrue();
        assertThat(readAll("kept")).hasSize(RECORDS);
        assertThat(readAll("moved")).hasSize(RECORDS);
    }

    @Test
    void aSingleNodeRemovesStrayLogsAtStartAndKeepsLiveAndIdLessOnes() throws Exception {
        cluster = WeirCluster.builder().nodes(1).build();
        Path dataDir = cluster.dataDir(0);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1))).all().get();
        }
        produce("orders");
        cluster.stop(0);

        Path orders = dataDir.resolve("orders-0");
        copy(orders, dataDir.resolve("orders-5"));
        copy(orders, dataDir.resolve("ghost-0"));
        Files.writeString(dataDir.resolve("ghost-0").resolve("partition.metadata"),
                "version: 0\ntopic_id: " + Uuid.random() + "\n", StandardCharsets.UTF_8);
        copy(orders, dataDir.resolve("legacy-0"));
        Files.delete(dataDir.resolve("legacy-0").resolve("partition.metadata"));

        cluster.start(0);
        WeirCluster.awaitCondition("the stray logs gone", () -> !Files.exists(dataDir.resolve("orders-5"))
                && !Files.exists(dataDir.resolve("ghost-0")) && strayDirs(dataDir).isEmpty());
        assertThat(hasRecords(dataDir, "legacy-0")).as("a log without a topic id is kept").isTrue();
        assertThat(hasRecords(dataDir, "orders-0")).isTrue();
        assertThat(dataDir.resolve("__cluster_metadata-0")).isDirectory();
        assertThat(readAll("orders")).hasSize(RECORDS);
    }

    private PartitionRegistration registration(String topic) {
        return cluster.activeController().flatMap(node -> node.clusterImage())
                .flatMap(image -> image.topics().getTopic(topic))
                .map(image -> image.partitions().get(0))
                .orElseThrow(() -> new IllegalStateException("no active controller or no topic " + topic));
    }

    private static boolean hasRecords(Path dataDir, String partitionDir) {
        Path segment = dataDir.resolve(partitionDir).resolve("00000000000000000000.log");
        try {
            return Files.exists(segment) && Files.size(segment) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The logs renamed for removal and not yet deleted (a stray log is renamed, then deleted). */
    private static List<String> strayDirs(Path dataDir) {
        try (Stream<Path> children = Files.list(dataDir)) {
            return children.map(path -> path.getFileName().toString()).filter(name -> name.endsWith("-stray")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }

    private void produce(String topic) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, "record-" + i)).get();
            }
        }
    }

    private List<String> readAll(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        TopicPartition partition = new TopicPartition(topic, 0);
        List<String> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadlineNs = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read.size() < RECORDS && System.nanoTime() - deadlineNs < 0) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> read.add(record.value()));
            }
        }
        return read;
    }
}

package io.weir.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.server.WeirNode;
import io.weir.testkit.WeirCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.apache.kafka.clients.admin.PartitionReassignment;
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
 * Moving a partition of three nodes from replicas [1, 2] to [2, 3] with the Java admin client
 * (AlterPartitionReassignments, ListPartitionReassignments): the data stays readable while it
 * moves, and ends on brokers 2 and 3 only, broker 1 having dropped its copy.
 */
class ReassignmentIT {
    private static final String TOPIC = "moving";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final int RECORDS = 200;

    private WeirCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aPartitionMovesToOtherBrokersWithItsData() throws Exception {
        cluster = WeirCluster.builder().nodes(3).config("broker.session.timeout.ms", "3000").build();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, Map.of(0, List.of(1, 2))))).all().get();
            produce(0, RECORDS);
            assertThat(hasCopy(0)).isTrue();

            admin.alterPartitionReassignments(Map.of(PARTITION,
                    Optional.of(new NewPartitionReassignment(List.of(2, 3))))).all().get();
            Map<TopicPartition, PartitionReassignment> ongoing = admin.listPartitionReassignments().reassignments().get();
            if (!ongoing.isEmpty()) {
                assertThat(ongoing.get(PARTITION).addingReplicas()).containsExactly(3);
                assertThat(ongoing.get(PARTITION).removingReplicas()).containsExactly(1);
            }
            assertThat(readAll()).hasSize(RECORDS);

            WeirCluster.awaitCondition("the move completed", () -> {
                PartitionRegistration registration = registration();
                return registration.replicas().equals(List.of(2, 3)) && !registration.isReassigning()
                        && registration.isr().size() == 2;
            });
            assertThat(admin.listPartitionReassignments().reassignments().get()).isEmpty();
        }
        assertThat(registration().leader()).isIn(2, 3);
        produce(RECORDS, RECORDS);
        assertThat(readAll()).hasSize(2 * RECORDS);
        WeirCluster.awaitCondition("broker 1 dropped its copy", () -> !hasCopy(0));
        assertThat(hasCopy(2)).isTrue();
    }

    private void produce(int first, int count) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = first; i < first + count; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, null, "record-" + i));
            }
            producer.flush();
        }
    }

    private List<String> readAll() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        List<String> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(PARTITION));
            consumer.seekToBeginning(List.of(PARTITION));
            long end = consumer.endOffsets(List.of(PARTITION)).get(PARTITION);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(PARTITION) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> read.add(record.value()));
            }
        }
        return read;
    }

    /** Whether node {@code index} (0-based) holds a folder of the partition. */
    private boolean hasCopy(int index) {
        try (Stream<Path> files = Files.walk(cluster.dataDir(index))) {
            return files.anyMatch(path -> Files.isDirectory(path) && path.getFileName().toString().equals(TOPIC + "-0"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PartitionRegistration registration() {
        MetadataImage image = cluster.activeController().flatMap(WeirNode::clusterImage).orElseThrow();
        return image.topics().getTopic(TOPIC).orElseThrow().partitions().get(0);
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }
}

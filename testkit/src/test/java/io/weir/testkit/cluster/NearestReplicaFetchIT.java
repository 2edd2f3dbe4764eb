package io.weir.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.image.PartitionRegistration;
import io.weir.testkit.WeirCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fetching from the nearest replica (KIP-392) with kafka-clients: three nodes in racks r1, r2 and
 * r3; a consumer whose {@code client.rack} is a follower's rack is sent there by the leader and
 * reads everything from it, a consumer without a rack stays on the leader, and without {@code
 * replica.selector.class} no consumer is ever sent away from the leader.
 */
class NearestReplicaFetchIT {
    private static final String TOPIC = "near";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final int RECORDS = 100;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private WeirCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aConsumerInAFollowersRackReadsFromThatFollower() throws Exception {
        cluster = rackedCluster(true);
        PartitionRegistration partition = createAndFill();
        int follower = partition.replicas().stream().filter(id -> id != partition.leader()).findFirst().orElseThrow();

        try (KafkaConsumer<String, String> near = consumer(Optional.of("r" + follower))) {
            assertThat(readAll(near)).hasSize(RECORDS);
            assertThat(preferredReadReplica(near)).contains(follower);
        }
        try (KafkaConsumer<String, String> rackless = consumer(Optional.empty())) {
            assertThat(readAll(rackless)).hasSize(RECORDS);
            assertThat(preferredReadReplica(rackless).orElse(-1)).isEqualTo(-1);
        }
    }

    @Test
    void withoutAReplicaSelectorTheLeaderNamesNoPreferredReplica() throws Exception {
        cluster = rackedCluster(false);
        PartitionRegistration partition = createAndFill();
        int follower = partition.replicas().stream().filter(id -> id != partition.leader()).findFirst().orElseThrow();

        try (KafkaConsumer<String, String> near = consumer(Optional.of("r" + follower))) {
            assertThat(readAll(near)).hasSize(RECORDS);
            assertThat(preferredReadReplica(near).orElse(-1)).isEqualTo(-1);
        }
    }

    private static WeirCluster rackedCluster(boolean selector) {
        WeirCluster.Builder builder = WeirCluster.builder().nodes(3);
        for (int index = 0; index < 3; index++) {
            builder.nodeConfig(index, "broker.rack", "r" + (index + 1));
        }
        if (selector) {
            builder.config("replica.selector.class", "org.apache.kafka.common.replica.RackAwareReplicaSelector");
        }
        return builder.build();
    }

    /** Creates the topic (RF 3), waits for a full ISR, writes the records with acks=all; returns the partition. */
    private PartitionRegistration createAndFill() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 3))).all().get();
        }
        WeirCluster.awaitCondition("the topic with a full ISR on every node", () -> cluster.nodes().stream()
                .allMatch(node -> partition(node.clusterImage().orElseThrow()).filter(p -> p.isr().size() == 3).isPresent()));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                sent.add(producer.send(new ProducerRecord<>(TOPIC, 0, "k" + i, "v" + i)));
            }
            for (Future<RecordMetadata> future : sent) {
                future.get(30, TimeUnit.SECONDS);
            }
        }
        return partition(cluster.activeController().orElseThrow().clusterImage().orElseThrow()).orElseThrow();
    }

    private static Optional<PartitionRegistration> partition(io.weir.metadata.image.MetadataImage image) {
        return image.topics().getTopic(TOPIC).flatMap(topic -> topic.partition(0));
    }

    private KafkaConsumer<String, String> consumer(Optional<String> rack) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        rack.ifPresent(r -> props.put(ConsumerConfig.CLIENT_RACK_CONFIG, r));
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.assign(List.of(PARTITION));
        consumer.seekToBeginning(List.of(PARTITION));
        return consumer;
    }

    /** Polls until every record was read once, in order, or the deadline passes. */
    private static List<String> readAll(KafkaConsumer<String, String> consumer) {
        List<String> values = new ArrayList<>();
        long deadlineNs = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (values.size() < RECORDS && System.nanoTime() < deadlineNs) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                values.add(record.value());
            }
        }
        assertThat(values).as("values read in order").startsWith("v0").endsWith("v" + (values.size() - 1));
        return values;
    }

    /** The consumer's "preferred-read-replica" metric of the partition, if it has one. */
    private static Optional<Integer> preferredReadReplica(KafkaConsumer<String, String> consumer) {
        for (Map.Entry<MetricName, ? extends Metric> entry : consumer.metrics().entrySet()) {
            MetricName name = entry.getKey();
            if (name.name().equals("preferred-read-replica") && name.group().equals("consumer-fetch-manager-metrics")
                    && TOPIC.equals(name.tags().get("topic")) && "0".equals(name.tags().get("partition"))) {
                return Optional.of(((Number) entry.getValue().metricValue()).intValue());
            }
        }
        return Optional.empty();
    }
}

package io.weir.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.server.WeirNode;
import io.weir.testkit.WeirCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A consumer group on three nodes: its coordinator is on another node than the one the consumer
 * bootstraps from; when the coordinator's node crashes, the leader of the group's replicated
 * {@code __consumer_offsets} partition moves, the new leader loads it, and a consumer of the group
 * starts exactly at the offsets committed before the crash.
 */
class ClusterGroupsIT {
    private static final String TOPIC = "events";
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 300;
    private WeirCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void committedOffsetsSurviveTheCoordinatorsCrash() throws Exception {
        cluster = WeirCluster.builder().nodes(3)
                .config("broker.session.timeout.ms", "3000")
                .config("broker.heartbeat.interval.ms", "500")
                .build();
        String group;
        int coordinator;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                    .all().get();
            group = groupNotCoordinatedBy(admin, 1);
            coordinator = coordinatorOf(group);
            assertThat(admin.describeTopics(List.of("__consumer_offsets")).allTopicNames().get().get("__consumer_offsets")
                    .partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
        }
        produce();

        Map<TopicPartition, Long> committed = new HashMap<>();
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = consumer(address(cluster.node(0).orElseThrow()), group)) {
            consumer.subscribe(List.of(TOPIC));
            long deadlineNs = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (seen.size() < RECORDS / 2 && System.nanoTime() < deadlineNs) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(record.value());
                    committed.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                }
                consumer.commitSync(toCommit(committed));
            }
        }
        assertThat(seen).hasSizeGreaterThanOrEqualTo(RECORDS / 2);

        cluster.kill(coordinator - 1);
        int survivor = coordinator == 1 ? 1 : 0;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address(cluster.node(survivor).orElseThrow())))) {
            WeirCluster.awaitCondition("a new coordinator", () -> coordinatorOf(group) > 0 && coordinatorOf(group) != coordinator);
            Map<TopicPartition, OffsetAndMetadata> afterCrash = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            assertThat(afterCrash).isEqualTo(toCommit(committed));
        }

        Map<TopicPartition, Long> firstOffsets = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer(address(cluster.node(survivor).orElseThrow()), group)) {
            consumer.subscribe(List.of(TOPIC));
            long deadlineNs = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (seen.size() < RECORDS && System.nanoTime() < deadlineNs) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    firstOffsets.putIfAbsent(new TopicPartition(record.topic(), record.partition()), record.offset());
                    assertThat(seen.add(record.value())).as("read again: %s", record.value()).isTrue();
                }
            }
        }
        assertThat(seen).hasSize(RECORDS);
        firstOffsets.forEach((partition, offset) -> assertThat(offset).isEqualTo(committed.getOrDefault(partition, 0L)));
    }

    /** A group whose coordinator is not {@code nodeId}; creates __consumer_offsets first (through OffsetFetch). */
    private String groupNotCoordinatedBy(Admin admin, int nodeId) throws Exception {
        admin.listConsumerGroupOffsets("group-0").partitionsToOffsetAndMetadata().get();
        for (int i = 0; ; i++) {
            String candidate = "group-" + i;
            if (coordinatorOf(candidate) != nodeId) {
                return candidate;
            }
        }
    }

    /** The leader of the group's __consumer_offsets partition, as a running node's image says. */
    private int coordinatorOf(String group) {
        int partition = (group.hashCode() & 0x7fffffff) % 50;
        WeirNode node = cluster.nodes().get(0);
        return node.clusterImage().orElseThrow().topics().getTopic("__consumer_offsets")
                .flatMap(topic -> topic.partition(partition)).map(registration -> registration.leader()).orElse(-1);
    }

    private void produce() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            IntStream.range(0, RECORDS).forEach(i -> producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, null, "r" + i)));
            producer.flush();
        }
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap, String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    private static Map<TopicPartition, OffsetAndMetadata> toCommit(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        offsets.forEach((partition, offset) -> commit.put(partition, new OffsetAndMetadata(offset)));
        return commit;
    }

    private static String address(WeirNode node) {
        return node.boundListeners().get(0).host() + ":" + node.boundListeners().get(0).port();
    }
}

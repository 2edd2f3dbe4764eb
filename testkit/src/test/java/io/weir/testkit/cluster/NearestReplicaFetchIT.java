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
    /** The near consumer's fetch.max.wait.ms: far longer than a replicated write takes. */
    private static final int LONG_POLL_MS = 20_000;

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

        try (KafkaConsumer<String, String> near = consumer(Optional.of("r" + follower), LONG_POLL_MS)) {
            assertThat(readAll(near, RECORDS)).isEqualTo(written(RECORDS));
            assertThat(preferredReadReplica(near)).contains(follower);

            // Waiting at the follower, the consumer is answered when the follower's high watermark
            // moves, well before its long poll ends.
            long startNs = System.nanoTime();
            produce(1, "late");
            assertThat(pollOne(near, Duration.ofMillis(LONG_POLL_MS / 2))).contains("late0");
            assertThat(Duration.ofNanos(System.nanoTime() - startNs)).isLessThan(Duration.ofMillis(LONG_POLL_MS / 2));
            assertThat(preferredReadReplica(near)).contains(follower);
        }
        try (KafkaConsumer<String, String> rackless = consumer(Optional.empty())) {
            List<String> all = new ArrayList<>(written(RECORDS));
            all.add("late0");
            assertThat(readAll(rackless, RECORDS + 1)).isEqualTo(all);
            assertThat(preferredReadReplica(rackless).orElse(-1)).isEqualTo(-1);
        }
    }

    @Test
    void aReadCommittedConsumerAtAFollowerSeesCommittedTransactionsOnly() throws Exception {
        cluster = rackedCluster(true);
        PartitionRegistration partition = createAndFill();
        int follower = partition.replicas().stream().filter(id -> id != partition.leader()).findFirst().orElseThrow();
        Map<String, Object> committedOnly = Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");

        try (KafkaProducer<String, String> transactional = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "near-txn"), new StringSerializer(), new StringSerializer());
                KafkaConsumer<String, String> near = consumer(Optional.of("r" + follower), 500, committedOnly);
                KafkaConsumer<String, String> nearAll = consumer(Optional.of("r" + follower), 500, Map.of())) {
            transactional.initTransactions();
            transactional.beginTransaction();
            send(transactional, "aborted", 5);
            transactional.abortTransaction();
            transactional.beginTransaction();
            send(transactional, "open", 10);
            transactional.flush();
            produce(1, "plain");

            List<String> everything = readAll(nearAll, RECORDS + 5 + 10 + 1);
            assertThat(everything).as("read_uncommitted at the follower").endsWith("plain0").contains("aborted0", "open9");
            assertThat(preferredReadReplica(nearAll)).contains(follower);
            assertThat(readAll(near, RECORDS)).isEqualTo(written(RECORDS));
            assertThat(preferredReadReplica(near)).contains(follower);
            assertThat(pollOne(near, Duration.ofSeconds(1))).as("nothing past the open transaction").isEmpty();

            transactional.commitTransaction();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                expected.add("open" + i);
            }
            expected.add("plain0");
            assertThat(readAll(near, expected.size())).as("the committed transaction, then the plain record; nothing aborted")
                    .isEqualTo(expected);
            assertThat(preferredReadReplica(near)).contains(follower);
        }
    }

    private static void send(KafkaProducer<String, String> producer, String prefix, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(TOPIC, 0, "t" + i, prefix + i)).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void withoutAReplicaSelectorTheLeaderNamesNoPreferredReplica() throws Exception {
        cluster = rackedCluster(false);
        PartitionRegistration partition = createAndFill();
        int follower = partition.replicas().stream().filter(id -> id != partition.leader()).findFirst().orElseThrow();

        try (KafkaConsumer<String, String> near = consumer(Optional.of("r" + follower))) {
            assertThat(readAll(near, RECORDS)).isEqualTo(written(RECORDS));
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
        produce(RECORDS, "v");
        return partition(cluster.activeController().orElseThrow().clusterImage().orElseThrow()).orElseThrow();
    }

    /** Writes {@code count} records "prefix0", "prefix1", ... to partition 0 with acks=all. */
    private void produce(int count, String prefix) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(producer.send(new ProducerRecord<>(TOPIC, 0, "k" + i, prefix + i)));
            }
            for (Future<RecordMetadata> future : sent) {
                future.get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The value of the first record a poll returns before {@code timeout}, if any. */
    private static Optional<String> pollOne(KafkaConsumer<String, String> consumer, Duration timeout) {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadlineNs) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                return Optional.of(record.value());
            }
        }
        return Optional.empty();
    }

    private static Optional<PartitionRegistration> partition(io.weir.metadata.image.MetadataImage image) {
        return image.topics().getTopic(TOPIC).flatMap(topic -> topic.partition(0));
    }

    private KafkaConsumer<String, String> consumer(Optional<String> rack) {
        return consumer(rack, 500);
    }

    private KafkaConsumer<String, String> consumer(Optional<String> rack, int fetchMaxWaitMs) {
        return consumer(rack, fetchMaxWaitMs, Map.of());
    }

    private KafkaConsumer<String, String> consumer(Optional<String> rack, int fetchMaxWaitMs, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchMaxWaitMs);
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, fetchMaxWaitMs + 30_000);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        rack.ifPresent(r -> props.put(ConsumerConfig.CLIENT_RACK_CONFIG, r));
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.assign(List.of(PARTITION));
        consumer.seekToBeginning(List.of(PARTITION));
        return consumer;
    }

    /** Polls until {@code count} values were read or the deadline passes; returns them in order. */
    private static List<String> readAll(KafkaConsumer<String, String> consumer, int count) {
        List<String> values = new ArrayList<>();
        long deadlineNs = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (values.size() < count && System.nanoTime() < deadlineNs) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                values.add(record.value());
            }
        }
        return values;
    }

    /** "v0" ... the values {@link #createAndFill} wrote. */
    private static List<String> written(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> "v" + i).toList();
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

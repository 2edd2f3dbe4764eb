package io.weir.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.server.WeirNode;
import io.weir.testkit.WeirCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.junit.jupiter.api.Test;

/**
 * Three nodes in one JVM replicate a topic with replication factor 3 and min.insync.replicas=2:
 * an idempotent acks=all producer keeps writing while the leader of its partition crashes or stops
 * with a controlled shutdown, no send fails, and afterwards every acknowledged record is read back
 * exactly once and in order; the stopped node, started again, catches up and rejoins the ISR.
 */
class ReplicatedFailoverIT {
    private static final String TOPIC = "replicated";
    private WeirCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyAcknowledgedRecordSurvivesTheLeadersCrash() throws Exception {
        failOver(true);
    }

    /** Controlled shutdown: the leader hands its partition over before it stops; no send fails. */
    @Test
    void aLeaderStoppingCleanlyHandsOverWithoutFailingASend() throws Exception {
        failOver(false);
    }

    private void failOver(boolean crash) throws Exception {
        cluster = WeirCluster.builder().nodes(3)
                .config("broker.session.timeout.ms", "3000")
                .config("broker.heartbeat.interval.ms", "500")
                .build();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get();
        }
        WeirCluster.awaitCondition("a full ISR", () -> isrSize() == 3);

        Map<Long, String> acknowledged = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        Thread producer = new Thread(() -> produce(producing, sent, acknowledged, failures), "test-producer");
        producer.start();
        WeirCluster.awaitCondition("records before the crash", () -> acknowledged.size() >= 500);

        int leader = registration().leader();
        if (crash) {
            cluster.kill(leader - 1);
        } else {
            cluster.stop(leader - 1);
        }
        int before = acknowledged.size();
        long killNs = System.nanoTime();
        WeirCluster.awaitCondition("writes acknowledged by a new leader", () -> acknowledged.size() >= before + 500);
        System.out.printf("%s to %d more acknowledged writes: %d ms%n", crash ? "crash" : "controlled shutdown", 500,
                (System.nanoTime() - killNs) / 1_000_000);
        assertThat(registration().leader()).isNotEqualTo(leader);

        cluster.start(leader - 1);
        cluster.awaitReady();
        WeirCluster.awaitCondition("the restarted node back in the ISR", () -> isrSize() == 3);
        producing.set(false);
        producer.join(60_000);
        assertThat(failures).isEmpty();

        List<ConsumerRecord<String, String>> read = readAll(acknowledged.size());
        Map<Long, String> readByOffset = new HashMap<>();
        long previous = -1;
        for (ConsumerRecord<String, String> record : read) {
            assertThat(record.offset()).isGreaterThan(previous);
            previous = record.offset();
            readByOffset.put(record.offset(), record.value());
        }
        assertThat(read).extracting(ConsumerRecord::value).doesNotHaveDuplicates();
        assertThat(readByOffset).containsAllEntriesOf(acknowledged);
    }

    private void produce(AtomicBoolean producing, AtomicInteger sent, Map<Long, String> acknowledged,
            ConcurrentLinkedQueue<Exception> failures) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            while (producing.get()) {
                String value = "v" + sent.getAndIncrement();
                producer.send(new ProducerRecord<>(TOPIC, 0, null, value), (metadata, e) -> {
                    if (e != null) {
                        failures.add(e);
                    } else {
                        acknowledged.put(metadata.offset(), value);
                    }
                });
                if (sent.get() % 100 == 0) {
                    producer.flush();
                }
            }
            producer.flush();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    private List<ConsumerRecord<String, String>> readAll(int atLeast) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(read::add);
            }
        }
        assertThat(read.size()).isGreaterThanOrEqualTo(atLeast);
        return read;
    }

    private PartitionRegistration registration() {
        WeirCluster.awaitCondition("an active controller", () -> cluster.activeController().isPresent());
        MetadataImage image = cluster.activeController().flatMap(WeirNode::clusterImage).orElseThrow();
        return image.topics().getTopic(TOPIC).orElseThrow().partitions().get(0);
    }

    private int isrSize() {
        return cluster.activeController()
                .flatMap(WeirNode::clusterImage)
                .flatMap(image -> image.topics().getTopic(TOPIC))
                .map(topic -> topic.partitions().get(0).isr().size())
                .orElse(0);
    }
}

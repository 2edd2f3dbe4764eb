package io.weir.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.image.PartitionRegistration;
import io.weir.server.WeirNode;
import io.weir.testkit.WeirCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transactions on three nodes, over a topic whose three partitions are led by three different
 * nodes (so markers go to other brokers, and leaders ask a remote coordinator to add their
 * partitions): read_committed sees committed transactions whole and aborted ones not at all,
 * transactional offsets complete on the leader of their {@code __consumer_offsets} partition, and
 * a crash of the transaction coordinator's node, between transactions or during one, leaves no
 * aborted or partial transaction visible while the producer goes on after a new transaction or a
 * new initialisation.
 */
class ClusterTransactionsIT {
    private static final String TOPIC = "txn";
    private static final int PARTITIONS = 3;
    private static final int PER_PARTITION = 5;
    private WeirCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = WeirCluster.builder().nodes(3)
                .config("broker.session.timeout.ms", "3000")
                .config("broker.heartbeat.interval.ms", "500")
                .build();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, Map.of(0, List.of(1, 2, 3), 1, List.of(2, 3, 1), 2, List.of(3, 1, 2)))
                    .configs(Map.of("min.insync.replicas", "2")))).all().get();
        }
        WeirCluster.awaitCondition("three leaders and full ISRs", () -> IntStream.range(0, PARTITIONS)
                .mapToObj(p -> registration(TOPIC, p)).allMatch(r -> r.isPresent() && r.get().isr().size() == 3)
                && IntStream.range(0, PARTITIONS).mapToObj(p -> registration(TOPIC, p).get().leader()).distinct().count() == PARTITIONS);
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void commitsAndAbortsAcrossPartitionsLedByThreeNodes() throws Exception {
        try (KafkaProducer<String, String> producer = producer("tx-spread")) {
            producer.initTransactions();
            String group = groupNotCoordinatedBy(coordinatorOf("__transaction_state", "tx-spread"));
            transaction(producer, "a", Optional.of(offsetsTo(group, 10)));
            producer.commitTransaction();
            transaction(producer, "b", Optional.of(offsetsTo(group, 20)));
            producer.abortTransaction();
            awaitCommittedOffset(group, 10);
            transaction(producer, "c", Optional.of(offsetsTo(group, 30)));
            producer.commitTransaction();
            awaitCommittedOffset(group, 30);
        }
        Map<String, Integer> seen = readCommitted();
        assertThat(seen).containsOnlyKeys("a", "c").containsEntry("a", PARTITIONS * PER_PARTITION)
                .containsEntry("c", PARTITIONS * PER_PARTITION);
    }

    @Test
    void theCoordinatorsCrashLeavesNoAbortedOrPartialTransactionVisible() throws Exception {
        String id = "tx-crash";
        Outcomes outcomes = new Outcomes();
        Producers producers = new Producers(id);
        try {
            producers.current().initTransactions();
            runTransaction(producers, "first", outcomes, () -> { });
            int coordinator = coordinatorOf("__transaction_state", id);
            cluster.kill(coordinator - 1);
            runTransaction(producers, "after-crash", outcomes, () -> { });

            cluster.start(coordinator - 1);
            cluster.awaitReady();
            awaitFullIsrs(id);
            int second = coordinatorOf("__transaction_state", id);
            runTransaction(producers, "open-during-crash", outcomes, () -> cluster.kill(second - 1));
            runTransaction(producers, "last", outcomes, () -> { });
        } finally {
            producers.close();
        }
        Map<String, Integer> seen = readCommitted();
        assertThat(seen.values()).allMatch(count -> count == PARTITIONS * PER_PARTITION);
        System.out.printf("committed %s, failed at commit %s, visible %s%n", outcomes.committed, outcomes.uncertain, seen.keySet());
        // A transaction whose commit failed is either whole or absent (checked above); one that committed is there.
        assertThat(seen.keySet()).containsAll(outcomes.committed);
        Set<String> attempted = new HashSet<>(outcomes.committed);
        attempted.addAll(outcomes.uncertain);
        assertThat(attempted).containsAll(seen.keySet());
        assertThat(outcomes.committed).contains("first#0", "last#0");
    }

    /** Runs one transaction until it commits: an abortable error aborts and retries, a fatal one starts a new producer. */
    private void runTransaction(Producers producers, String name, Outcomes outcomes, Runnable beforeCommit) {
        long deadlineNs = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        for (int attempt = 0; System.nanoTime() < deadlineNs; attempt++) {
            String tag = name + "#" + attempt;
            KafkaProducer<String, String> producer = producers.current();
            try {
                transaction(producer, tag, Optional.empty());
                producer.flush();
                if (attempt == 0) {
                    beforeCommit.run();
                }
                producer.commitTransaction();
                outcomes.committed.add(tag);
                return;
            } catch (KafkaException e) {
                outcomes.uncertain.add(tag);
                try {
                    producer.abortTransaction();
                } catch (KafkaException fatal) {
                    producers.renew();
                }
            }
        }
        throw new AssertionError("transaction " + name + " never committed");
    }

    private static void transaction(KafkaProducer<String, String> producer, String tag, Optional<Offsets> offsets) {
        producer.beginTransaction();
        for (int p = 0; p < PARTITIONS; p++) {
            for (int i = 0; i < PER_PARTITION; i++) {
                producer.send(new ProducerRecord<>(TOPIC, p, null, tag + ":" + p + ":" + i));
            }
        }
        offsets.ifPresent(o -> producer.sendOffsetsToTransaction(o.offsets(), new ConsumerGroupMetadata(o.group())));
    }

    private record Offsets(String group, Map<TopicPartition, OffsetAndMetadata> offsets) {}

    private static Offsets offsetsTo(String group, long offset) {
        return new Offsets(group, Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(offset)));
    }

    private void awaitCommittedOffset(String group, long offset) throws Exception {
        try (Admin admin = admin()) {
            WeirCluster.awaitCondition("offset " + offset + " committed for " + group, () -> {
                try {
                    OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                            .get(new TopicPartition(TOPIC, 0));
                    return committed != null && committed.offset() == offset;
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    /** A group coordinated by another node than {@code nodeId}; creates __consumer_offsets first. */
    private String groupNotCoordinatedBy(int nodeId) throws Exception {
        try (Admin admin = admin()) {
            admin.listConsumerGroupOffsets("eos-0").partitionsToOffsetAndMetadata().get();
        }
        WeirCluster.awaitCondition("__consumer_offsets leaders", () -> coordinatorOf("__consumer_offsets", "eos-0") > 0);
        for (int i = 0; ; i++) {
            if (coordinatorOf("__consumer_offsets", "eos-" + i) != nodeId) {
                return "eos-" + i;
            }
        }
    }

    /** Reads every partition with read_committed up to the high watermark; counts the records of each transaction tag. */
    private Map<String, Integer> readCommitted() throws Exception {
        List<TopicPartition> partitions = IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(TOPIC, p)).toList();
        Map<TopicPartition, Long> highWatermarks = new HashMap<>();
        try (Admin admin = admin()) {
            WeirCluster.awaitCondition("no open transaction", () -> {
                try {
                    return admin.listTransactions().all().get().stream().noneMatch(t -> t.state().toString().startsWith("PREPARE")
                            || t.state().toString().equals("ONGOING"));
                } catch (Exception e) {
                    return false;
                }
            });
            Map<TopicPartition, ListOffsetsResultInfo> latest = admin.listOffsets(partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get();
            latest.forEach((partition, info) -> highWatermarks.put(partition, info.offset()));
        }
        Map<String, Integer> counts = new HashMap<>();
        Set<String> values = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(), ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadlineNs = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < highWatermarks.get(p)) && System.nanoTime() < deadlineNs) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(values.add(record.value())).as("read twice: %s", record.value()).isTrue();
                    counts.merge(record.value().substring(0, record.value().indexOf(':')), 1, Integer::sum);
                }
            }
            assertThat(partitions).allMatch(p -> consumer.position(p) >= highWatermarks.get(p));
        }
        return counts;
    }

    private void awaitFullIsrs(String transactionalId) {
        WeirCluster.awaitCondition("full ISRs again", () -> IntStream.range(0, PARTITIONS)
                .allMatch(p -> registration(TOPIC, p).map(r -> r.isr().size() == 3).orElse(false))
                && registration("__transaction_state", partitionOf(transactionalId)).map(r -> r.isr().size() == 3).orElse(false));
    }

    private int coordinatorOf(String topic, String key) {
        int partition = topic.equals("__consumer_offsets") ? (key.hashCode() & 0x7fffffff) % 50 : partitionOf(key);
        return registration(topic, partition).map(PartitionRegistration::leader).orElse(-1);
    }

    private static int partitionOf(String transactionalId) {
        int hash = transactionalId.hashCode();
        return (hash == Integer.MIN_VALUE ? 0 : Math.abs(hash)) % 50;
    }

    private Optional<PartitionRegistration> registration(String topic, int partition) {
        WeirNode node = cluster.nodes().get(0);
        return node.clusterImage().flatMap(image -> image.topics().getTopic(topic)).flatMap(t -> t.partition(partition));
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }

    private KafkaProducer<String, String> producer(String transactionalId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** What became of each transaction attempt. */
    private static final class Outcomes {
        final Set<String> committed = new HashSet<>();
        final Set<String> uncertain = new HashSet<>();
    }

    /** The producer of one transactional id, replaced (and initialised again) after a fatal error. */
    private final class Producers implements AutoCloseable {
        private final String id;
        private KafkaProducer<String, String> current;

        Producers(String id) {
            this.id = id;
            this.current = producer(id);
        }

        KafkaProducer<String, String> current() {
            return current;
        }

        void renew() {
            current.close(Duration.ZERO);
            current = producer(id);
            current.initTransactions();
        }

        @Override
        public void close() {
            current.close(Duration.ofSeconds(5));
        }
    }
}

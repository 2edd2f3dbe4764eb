package io.weir.testkit.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.testkit.WeirCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kafka's Java transactional producer against Weir: commit and abort across partitions as seen by
 * read_committed consumers, fencing by a second producer with the same transactional id, the abort
 * of a transaction left open past its timeout, require_stable offset fetches, and coordinator state
 * that survives a restart.
 * The tests that produce transactional records need the broker to accept transactional batches and
 * write control batches, and are skipped (an assumption) while it refuses them; the offsets-only
 * transaction and the restart test need only the coordinator.
 */
class TransactionsIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String TOPIC = "payments";

    private WeirCluster weir;

    @BeforeEach
    void start() throws Exception {
        weir = WeirCluster.builder().config("transaction.state.log.num.partitions", "3").config("offsets.topic.num.partitions", "3")
                .config("group.initial.rebalance.delay.ms", "0").build();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void stop() {
        weir.close();
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, weir.bootstrapServers()));
    }

    private KafkaProducer<String, String> producer(String transactionalId, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, weir.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        config.putAll(extra);
        return new KafkaProducer<>(config);
    }

    /** Everything a consumer at {@code isolation} reads from the topic, up to its end as that isolation sees it. */
    private List<String> readAll(String isolation) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, weir.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1),
                    new TopicPartition(TOPIC, 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(1)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    values.add(record.value());
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return values;
    }

    @Test
    void readCommittedConsumersSeeTheCommittedTransactionWholeAndNothingOfTheAborted() throws Exception {
        try (KafkaProducer<String, String> producer = producer("tx-commit-abort", Map.of())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int p = 0; p < 3; p++) {
                producer.send(new ProducerRecord<>(TOPIC, p, "k", "committed-" + p));
            }
            producer.commitTransaction();
            producer.beginTransaction();
            for (int p = 0; p < 3; p++) {
                producer.send(new ProducerRecord<>(TOPIC, p, "k", "aborted-" + p));
            }
            producer.flush();
            producer.abortTransaction();
        }
        assertThat(readAll("read_committed")).containsExactlyInAnyOrder("committed-0", "committed-1", "committed-2");
        assertThat(readAll("read_uncommitted")).hasSize(6);
    }

    @Test
    void aSecondProducerWithTheSameTransactionalIdFencesTheFirst() throws Exception {
        try (KafkaProducer<String, String> first = producer("tx-fenced", Map.of());
                KafkaProducer<String, String> second = producer("tx-fenced", Map.of())) {
            first.initTransactions();
            first.beginTransaction();
            first.send(new ProducerRecord<>(TOPIC, 0, "k", "from-first"));
            first.flush();

            second.initTransactions();
            second.beginTransaction();
            second.send(new ProducerRecord<>(TOPIC, 1, "k", "from-second"));
            second.commitTransaction();

            assertThatThrownBy(first::commitTransaction).isInstanceOf(KafkaException.class);
        }
        assertThat(readAll("read_committed")).containsExactly("from-second");
    }

    @Test
    void aTransactionLeftOpenPastItsTimeoutIsAborted() throws Exception {
        try (KafkaProducer<String, String> producer = producer("tx-timeout", Map.of(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 1_000));
                Admin admin = admin()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPIC, 2, "k", "left-open"));
            producer.flush();
            Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> admin.describeTransactions(
                    List.of("tx-timeout")).description("tx-timeout").get().state() == TransactionState.COMPLETE_ABORT);
            assertThatThrownBy(producer::commitTransaction).isInstanceOf(KafkaException.class);
        }
        assertThat(readAll("read_committed")).isEmpty();
    }

    /**
     * Transaction version 2 (finalized by Weir, used by this client): no AddOffsetsToTxn, the
     * offsets partition joins the transaction with TxnOffsetCommit v5, and EndTxn bumps the epoch.
     * A consumer asks for stable offsets (KIP-447) and waits while the commit is pending; an
     * admin listing without require_stable sees no offset yet.
     */
    @Test
    void aReadCommittedConsumerWaitsForAPendingTransactionalOffsetCommit() throws Exception {
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        try (KafkaProducer<String, String> producer = producer("tx-stable", Map.of());
                KafkaConsumer<String, String> committed = groupConsumer("stable-readers");
                Admin admin = admin()) {
            producer.initTransactions();
            int initialEpoch = admin.describeTransactions(List.of("tx-stable")).description("tx-stable").get().producerEpoch();
            producer.beginTransaction();
            producer.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(9)), new ConsumerGroupMetadata("stable-readers"));

            assertThatThrownBy(() -> committed.committed(Set.of(partition), Duration.ofMillis(1_500)))
                    .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
            assertThat(admin.listConsumerGroupOffsets("stable-readers").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .get(partition)).isNull();

            producer.commitTransaction();
            assertThat(committed.committed(Set.of(partition), Duration.ofSeconds(30)))
                    .containsEntry(partition, new OffsetAndMetadata(9));
            assertThat(admin.describeTransactions(List.of("tx-stable")).description("tx-stable").get().producerEpoch())
                    .isGreaterThan(initialEpoch);
        }
    }

    private KafkaConsumer<String, String> groupConsumer(String groupId) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, weir.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    }

    @Test
    void offsetsSentToATransactionAreCommittedWithItAndTheStateSurvivesARestart() throws Exception {
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        long producerId;
        try (KafkaProducer<String, String> producer = producer("tx-offsets", Map.of())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(5)), new ConsumerGroupMetadata("txn-readers"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(7)), new ConsumerGroupMetadata("txn-readers"));
            producer.commitTransaction();
        }
        try (Admin admin = admin()) {
            assertThat(admin.listConsumerGroupOffsets("txn-readers").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS))
                    .containsEntry(partition, new OffsetAndMetadata(7));
            TransactionDescription description = admin.describeTransactions(List.of("tx-offsets")).description("tx-offsets")
                    .get(30, TimeUnit.SECONDS);
            assertThat(description.state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
            producerId = description.producerId();
        }

        weir.restart(0);

        try (Admin admin = admin()) {
            Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> admin
                    .describeTransactions(List.of("tx-offsets")).description("tx-offsets").get().state() == TransactionState.COMPLETE_COMMIT);
            assertThat(admin.describeTransactions(List.of("tx-offsets")).description("tx-offsets").get().producerId()).isEqualTo(producerId);
            assertThat(admin.listTransactions().all().get(30, TimeUnit.SECONDS)).extracting(TransactionListing::transactionalId)
                    .contains("tx-offsets");
            assertThat(admin.listConsumerGroupOffsets("txn-readers").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS))
                    .containsEntry(partition, new OffsetAndMetadata(7));
        }
        try (KafkaProducer<String, String> producer = producer("tx-offsets", Map.of())) {
            producer.initTransactions();
        }
        try (Admin admin = admin()) {
            TransactionDescription after = admin.describeTransactions(List.of("tx-offsets")).description("tx-offsets").get(30, TimeUnit.SECONDS);
            assertThat(after.producerId()).isEqualTo(producerId);
            assertThat(after.producerEpoch()).isPositive();
            assertThat(after.state()).isEqualTo(TransactionState.EMPTY);
        }
    }
}

package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weir.testkit.WeirCluster;
import io.weir.testkit.WeirClusterExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Java client of the same Kafka release Weir builds on (4.4), in the test's own JVM. */
@ExtendWith(WeirClusterExtension.class)
class KafkaClientsIT {
    private static final long TIMEOUT_MS = Clients.DEADLINE.toMillis();

    @Test
    void adminManagesATopicFromCreationToDeletion(WeirCluster weir) throws Exception {
        String topic = "admin-lifecycle";
        try (Admin admin = Clients.admin(weir.bootstrapServers())) {
            NewTopic newTopic = new NewTopic(topic, 3, (short) 1)
                    .configs(Map.of("retention.ms", "3600000", "cleanup.policy", "delete"));
            admin.createTopics(List.of(newTopic)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            assertThat(admin.listTopics().names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)).contains(topic);

            TopicDescription description = describe(admin, topic);
            assertThat(description.partitions()).hasSize(3);
            assertThat(description.partitions()).allSatisfy(partition -> {
                assertThat(partition.leader().id()).isEqualTo(1);
                assertThat(partition.replicas()).extracting(node -> node.id()).containsExactly(1);
                assertThat(partition.isr()).extracting(node -> node.id()).containsExactly(1);
            });

            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(5))).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            await().atMost(Clients.DEADLINE).untilAsserted(() -> assertThat(describe(admin, topic).partitions()).hasSize(5));

            admin.deleteTopics(List.of(topic)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            await().atMost(Clients.DEADLINE).untilAsserted(() ->
                    assertThat(admin.listTopics().names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)).doesNotContain(topic));
        }
    }

    @Test
    void adminReadsBackTheConfigsATopicWasCreatedWith(WeirCluster weir) throws Exception {
        String topic = "admin-configs";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of("retention.ms", "3600000", "max.message.bytes", "200000"));
        try (Admin admin = Clients.admin(weir.bootstrapServers())) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(resource);
            assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
            assertThat(config.get("max.message.bytes").value()).isEqualTo("200000");
            assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
        }
    }

    @Test
    void everyOneOfAHundredThousandKeyedRecordsIsReadBackOnceInOrder(WeirCluster weir) throws Exception {
        String topic = "bulk";
        int count = 100_000;
        Clients.createTopic(weir.bootstrapServers(), topic, 6, Map.of());
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                sends.add(producer.send(new ProducerRecord<>(topic, "key-" + (i % 1000), Integer.toString(i))));
            }
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                send.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        }

        List<ConsumerRecord<String, String>> records = Clients.readAll(weir.bootstrapServers(), topic);

        assertThat(records).hasSize(count);
        Set<Integer> values = records.stream().map(record -> Integer.parseInt(record.value())).collect(Collectors.toSet());
        assertThat(values).hasSize(count).allMatch(value -> value >= 0 && value < count);
        Map<String, Set<Integer>> partitionsByKey = new HashMap<>();
        Map<Integer, List<ConsumerRecord<String, String>>> byPartition = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            partitionsByKey.computeIfAbsent(record.key(), key -> new HashSet<>()).add(record.partition());
            byPartition.computeIfAbsent(record.partition(), partition -> new ArrayList<>()).add(record);
        }
        assertThat(partitionsByKey).hasSize(1000).allSatisfy((key, partitions) -> assertThat(partitions).hasSize(1));
        byPartition.values().forEach(KafkaClientsIT::assertSentOrderAndDenseOffsets);
    }

    /** Within a partition, offsets run 0, 1, 2, ... and values (the send order) only increase. */
    private static void assertSentOrderAndDenseOffsets(List<ConsumerRecord<String, String>> partition) {
        for (int i = 0; i < partition.size(); i++) {
            assertThat(partition.get(i).offset()).isEqualTo(i);
            if (i > 0) {
                assertThat(Integer.parseInt(partition.get(i).value()))
                        .isGreaterThan(Integer.parseInt(partition.get(i - 1).value()));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void recordsCompressedWithEachCodecReadBackIntact(String codec, WeirCluster weir) throws Exception {
        String topic = "codec-" + codec;
        Clients.createTopic(weir.bootstrapServers(), topic, 2, Map.of());
        List<String> sent = IntStream.range(0, 2000)
                .mapToObj(i -> "value " + i + " " + "abcdefghij".repeat(i % 20))
                .toList();
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers(),
                Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec, ProducerConfig.LINGER_MS_CONFIG, 5))) {
            for (int i = 0; i < sent.size(); i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, sent.get(i)));
            }
            producer.flush();
        }

        List<ConsumerRecord<String, String>> records = Clients.readAll(weir.bootstrapServers(), topic);

        assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void headersNullKeysAndNullValuesRoundTrip(WeirCluster weir) throws Exception {
        String topic = "headers-and-nulls";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of());
        List<Header> headers = List.of(
                new RecordHeader("trace", "abc".getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("trace", "def".getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("empty", new byte[0]),
                new RecordHeader("absent", (byte[]) null));
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers())) {
            producer.send(new ProducerRecord<>(topic, 0, "with-headers", "v", headers)).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            producer.send(new ProducerRecord<>(topic, 0, null, "no key")).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            producer.send(new ProducerRecord<>(topic, 0, "tombstone", null)).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            producer.send(new ProducerRecord<String, String>(topic, 0, null, null)).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }

        List<ConsumerRecord<String, String>> records = Clients.readAll(weir.bootstrapServers(), topic);

        assertThat(records).hasSize(4);
        Header[] read = records.get(0).headers().toArray();
        assertThat(read).hasSize(4);
        for (int i = 0; i < read.length; i++) {
            assertThat(read[i].key()).isEqualTo(headers.get(i).key());
            assertThat(read[i].value()).isEqualTo(headers.get(i).value());
        }
        assertThat(Arrays.asList(records.get(1).key(), records.get(1).value())).containsExactly(null, "no key");
        assertThat(Arrays.asList(records.get(2).key(), records.get(2).value())).containsExactly("tombstone", null);
        assertThat(Arrays.asList(records.get(3).key(), records.get(3).value())).containsExactly(null, null);
        assertThat(records.get(3).headers().toArray()).isEmpty();
    }

    @Test
    void seekAndTheOffsetLookupsFindRecordsByOffsetAndTime(WeirCluster weir) throws Exception {
        String topic = "lookups";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        long baseTimestampMs = System.currentTimeMillis() - 60_000;
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, 0, baseTimestampMs + i * 1000L, "k", "v" + i));
            }
            producer.flush();
        }

        try (KafkaConsumer<String, String> consumer = Clients.consumer(weir.bootstrapServers())) {
            assertThat(consumer.beginningOffsets(List.of(partition), Clients.DEADLINE)).containsEntry(partition, 0L);
            assertThat(consumer.endOffsets(List.of(partition), Clients.DEADLINE)).containsEntry(partition, 10L);

            Map<TopicPartition, OffsetAndTimestamp> byTime =
                    consumer.offsetsForTimes(Map.of(partition, baseTimestampMs + 5500), Clients.DEADLINE);
            assertThat(byTime.get(partition).offset()).isEqualTo(6);
            assertThat(byTime.get(partition).timestamp()).isEqualTo(baseTimestampMs + 6000);
            assertThat(consumer.offsetsForTimes(Map.of(partition, baseTimestampMs + 60_000), Clients.DEADLINE)
                    .get(partition)).isNull();

            consumer.assign(List.of(partition));
            consumer.seek(partition, 7);
            List<ConsumerRecord<String, String>> tail = Clients.pollUntil(consumer, Map.of(partition, 10L));
            assertThat(tail).extracting(ConsumerRecord::value).containsExactly("v7", "v8", "v9");
            assertThat(tail).extracting(ConsumerRecord::timestamp).containsExactly(
                    baseTimestampMs + 7000, baseTimestampMs + 8000, baseTimestampMs + 9000);
        }
    }

    @Test
    void aRecordAboveMaxMessageBytesIsRejectedAloneAndTheRestIsKept(WeirCluster weir) throws Exception {
        String topic = "too-large";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of("max.message.bytes", "10000"));
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers())) {
            producer.send(new ProducerRecord<>(topic, "before", "small")).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);

            Future<RecordMetadata> large = producer.send(new ProducerRecord<>(topic, "large", "x".repeat(20_000)));
            assertThatThrownBy(() -> large.get(TIMEOUT_MS, TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RecordTooLargeException.class);

            RecordMetadata after = producer.send(new ProducerRecord<>(topic, "after", "small"))
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            assertThat(after.offset()).isEqualTo(1);
        }

        assertThat(Clients.readAll(weir.bootstrapServers(), topic))
                .extracting(ConsumerRecord::key)
                .containsExactly("before", "after");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1"})
    void producersWithWeakerAcksAreServed(String acks, WeirCluster weir) throws Exception {
        String topic = "acks-" + acks;
        Clients.createTopic(weir.bootstrapServers(), topic, 3, Map.of());
        int count = 1000;
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers(), Map.of(
                ProducerConfig.ACKS_CONFIG, acks, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false))) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, Integer.toString(i)));
            }
            producer.flush();
        }

        await().atMost(Clients.DEADLINE).untilAsserted(() ->
                assertThat(Clients.readAll(weir.bootstrapServers(), topic)).hasSize(count));
        assertThat(Clients.readAll(weir.bootstrapServers(), topic))
                .extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, count).mapToObj(Integer::toString).toList());
    }

    @Test
    void aConsumerWaitingAtTheEndReceivesRecordsProducedLater(WeirCluster weir) throws Exception {
        String topic = "long-poll";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = Clients.consumer(weir.bootstrapServers());
                KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers())) {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            assertThat(consumer.position(partition, Clients.DEADLINE)).isZero();
            assertThat(consumer.poll(Duration.ofMillis(100))).isEmpty();

            producer.send(new ProducerRecord<>(topic, "late", "arrival")).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);

            List<ConsumerRecord<String, String>> records = Clients.pollUntil(consumer, Map.of(partition, 1L));
            assertThat(records).extracting(ConsumerRecord::value).containsExactly("arrival");
        }
    }

    @Test
    void readCommittedConsumersReadEverythingWrittenOutsideTransactions(WeirCluster weir) throws Exception {
        String topic = "read-committed";
        Clients.createTopic(weir.bootstrapServers(), topic, 2, Map.of());
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, Integer.toString(i)));
            }
            producer.flush();
        }
        try (KafkaConsumer<String, String> consumer = Clients.consumer(weir.bootstrapServers(),
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            List<TopicPartition> partitions = Clients.partitionsOf(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions, Clients.DEADLINE);
            assertThat(endOffsets.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(100);
            assertThat(Clients.pollUntil(consumer, endOffsets)).hasSize(100);
        }
    }

    @Test
    void deleteRecordsMovesTheLogStartOffsetForConsumers(WeirCluster weir) throws Exception {
        String topic = "delete-records";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers())) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(topic, "k", Integer.toString(i)));
            }
            producer.flush();
        }
        try (Admin admin = Clients.admin(weir.bootstrapServers())) {
            long lowWatermark = admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(15)))
                    .lowWatermarks().get(partition).get(TIMEOUT_MS, TimeUnit.MILLISECONDS).lowWatermark();
            assertThat(lowWatermark).isEqualTo(15);
        }
        try (KafkaConsumer<String, String> consumer = Clients.consumer(weir.bootstrapServers())) {
            assertThat(consumer.beginningOffsets(List.of(partition), Clients.DEADLINE)).containsEntry(partition, 15L);
        }
        assertThat(Clients.readAll(weir.bootstrapServers(), topic)).extracting(ConsumerRecord::value)
                .containsExactly("15", "16", "17", "18", "19");
    }

    private static TopicDescription describe(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic);
    }
}

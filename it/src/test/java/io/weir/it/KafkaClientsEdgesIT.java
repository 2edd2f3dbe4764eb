package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weir.testkit.WeirCluster;
import io.weir.testkit.WeirClusterExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * kafka-clients 4.4 at the edges real applications reach: fetch limits smaller than a record, seeks
 * into the middle of a compressed batch, records near the size limit, compacted topics, topic
 * timestamp settings, and topics deleted and re-created or grown.
 */
@ExtendWith(WeirClusterExtension.class)
class KafkaClientsEdgesIT {
    private static final long TIMEOUT_MS = Clients.DEADLINE.toMillis();

    @Test
    void aConsumerWhoseFetchLimitsAreSmallerThanARecordStillMakesProgress(WeirCluster weir) throws Exception {
        String topic = "small-fetches";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of());
        List<String> values = IntStream.range(0, 20).mapToObj(i -> i + "-" + "x".repeat(5000)).toList();
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value)).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = Clients.consumer(weir.bootstrapServers(), Map.of(
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024, ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 1024))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            assertThat(Clients.pollUntil(consumer, Map.of(partition, 20L)))
                    .extracting(ConsumerRecord::value)
                    .containsExactlyElementsOf(values);
        }
    }

    @Test
    void aSeekIntoTheMiddleOfACompressedBatchStartsAtThatRecord(WeirCluster weir) throws Exception {
        String topic = "mid-batch";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of());
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers(), Map.of(
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip", ProducerConfig.LINGER_MS_CONFIG, 5_000,
                ProducerConfig.BATCH_SIZE_CONFIG, 1_000_000))) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k", Integer.toString(i)));
            }
            producer.flush();
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = Clients.consumer(weir.bootstrapServers())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, 50);
            List<ConsumerRecord<String, String>> records = Clients.pollUntil(consumer, Map.of(partition, 100L));
            assertThat(records).extracting(ConsumerRecord::offset)
                    .isEqualTo(IntStream.range(50, 100).mapToObj(Long::valueOf).toList());
            assertThat(records.get(0).value()).isEqualTo("50");
        }
    }

    @Test
    void aRecordJustUnderTheDefaultLimitRoundTrips(WeirCluster weir) throws Exception {
        String topic = "large-record";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of());
        String value = "y".repeat(900_000);
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers())) {
            producer.send(new ProducerRecord<>(topic, "big", value)).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        assertThat(Clients.readAll(weir.bootstrapServers(), topic)).singleElement()
                .satisfies(record -> assertThat(record.value()).isEqualTo(value));
    }

    @Test
    void aCompactedTopicRefusesRecordsWithoutKeys(WeirCluster weir) throws Exception {
        String topic = "compacted";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of("cleanup.policy", "compact"));
        try (Admin admin = Clients.admin(weir.bootstrapServers())) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            assertThat(admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .get(resource).get("cleanup.policy").value()).isEqualTo("compact");
        }
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers())) {
            producer.send(new ProducerRecord<>(topic, "key", "kept")).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            // Kafka answers INVALID_RECORD (87): "Compacted topic cannot accept message without key".
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, null, "no key")).get(TIMEOUT_MS, TimeUnit.MILLISECONDS))
                    .as("a record without a key sent to a compacted topic")
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(InvalidRecordException.class);
        }
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers())) {
            producer.send(new ProducerRecord<>(topic, "key", null)).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        assertThat(Clients.readAll(weir.bootstrapServers(), topic)).extracting(ConsumerRecord::value)
                .containsExactly("kept", null);
    }

    @Test
    void aTopicsCompressionTypeRecompressesWhatTheProducerSent(WeirCluster weir) throws Exception {
        String topic = "stored-zstd";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of("compression.type", "zstd"));
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers(),
                Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4", ProducerConfig.LINGER_MS_CONFIG, 50))) {
            for (int i = 0; i < 200; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "value-" + i));
            }
            producer.flush();
        }

        assertThat(Clients.readAll(weir.bootstrapServers(), topic)).extracting(ConsumerRecord::value)
                .containsExactlyElementsOf(IntStream.range(0, 200).mapToObj(i -> "value-" + i).toList());
        java.nio.file.Path segment = weir.dataDir(0).resolve(topic + "-0").resolve("00000000000000000000.log");
        try (org.apache.kafka.common.record.internal.FileRecords stored =
                org.apache.kafka.common.record.internal.FileRecords.open(segment.toFile(), false)) {
            assertThat(stored.batches()).isNotEmpty().allSatisfy(batch -> assertThat(batch.compressionType())
                    .isEqualTo(org.apache.kafka.common.record.internal.CompressionType.ZSTD));
        }
    }

    @Test
    void aLogAppendTimeTopicStampsRecordsWithTheBrokersClock(WeirCluster weir) throws Exception {
        String topic = "log-append-time";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of("message.timestamp.type", "LogAppendTime"));
        long beforeMs = System.currentTimeMillis();
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers())) {
            long appendTimeMs = producer.send(new ProducerRecord<>(topic, 0, 1_000L, "k", "v"))
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).timestamp();
            assertThat(appendTimeMs).isBetween(beforeMs, System.currentTimeMillis());
        }
        assertThat(Clients.readAll(weir.bootstrapServers(), topic)).singleElement().satisfies(record -> {
            assertThat(record.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
            assertThat(record.timestamp()).isBetween(beforeMs, System.currentTimeMillis());
        });
    }

    @Test
    void aTimestampOutsideTheTopicsBoundsIsRefused(WeirCluster weir) throws Exception {
        String topic = "timestamp-bounds";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of("message.timestamp.before.max.ms", "3600000"));
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers())) {
            long dayAgoMs = System.currentTimeMillis() - 86_400_000L;
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, 0, dayAgoMs, "k", "old"))
                            .get(TIMEOUT_MS, TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(InvalidTimestampException.class);
        }
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers())) {
            producer.send(new ProducerRecord<>(topic, "k", "now")).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        assertThat(Clients.readAll(weir.bootstrapServers(), topic)).extracting(ConsumerRecord::value).containsExactly("now");
    }

    @Test
    void aTopicDeletedAndCreatedAgainStartsEmpty(WeirCluster weir) throws Exception {
        String topic = "recreated";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of());
        produce(weir, topic, 0, "old", 10);
        try (Admin admin = Clients.admin(weir.bootstrapServers())) {
            admin.deleteTopics(List.of(topic)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            await().atMost(Clients.DEADLINE).untilAsserted(() ->
                    assertThat(admin.listTopics().names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)).doesNotContain(topic));
        }
        await().atMost(Clients.DEADLINE).ignoreExceptions().untilAsserted(() ->
                Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of()));

        produce(weir, topic, 0, "new", 3);

        assertThat(Clients.readAll(weir.bootstrapServers(), topic)).extracting(ConsumerRecord::value)
                .containsExactly("new-0", "new-1", "new-2");
    }

    @Test
    void partitionsAddedToATopicTakeRecordsAtOnce(WeirCluster weir) throws Exception {
        String topic = "grown";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of());
        try (Admin admin = Clients.admin(weir.bootstrapServers())) {
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        for (int partition = 0; partition < 3; partition++) {
            produce(weir, topic, partition, "p" + partition, 5);
        }
        assertThat(Clients.readAll(weir.bootstrapServers(), topic)).hasSize(15)
                .allSatisfy(record -> assertThat(record.value()).startsWith("p" + record.partition() + "-"));
    }

    private static void produce(WeirCluster weir, String topic, int partition, String prefix, int count) throws Exception {
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, partition, "k", prefix + "-" + i)).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        }
    }
}

package io.weir.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * kafka-clients 4.4 set up the way these tests use them: string keys and values, and consumers that
 * read by {@code assign} and {@code seek} unless the caller adds a {@code group.id}.
 *
 * <p>Thread-safety: stateless; the clients it returns are the caller's.
 */
final class Clients {
    /** How long any single wait for the broker may take before a test fails. */
    static final Duration DEADLINE = Duration.ofSeconds(60);

    private Clients() {}

    static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    /** Creates a topic with replication factor 1 and the given topic configs, and waits for the answer. */
    static void createTopic(String bootstrapServers, String topic, int partitions, Map<String, String> configs)
            throws Exception {
        try (Admin admin = admin(bootstrapServers)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs)))
                    .all()
                    .get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A producer with the client's defaults (acks=all, idempotent) plus {@code overrides}. */
    static KafkaProducer<String, String> producer(String bootstrapServers, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        config.putAll(overrides);
        return new KafkaProducer<>(config);
    }

    static KafkaProducer<String, String> producer(String bootstrapServers) {
        return producer(bootstrapServers, Map.of());
    }

    /** A consumer without a group: no commits, reads only what it is assigned. */
    static KafkaConsumer<String, String> consumer(String bootstrapServers) {
        return consumer(bootstrapServers, Map.of());
    }

    /** A consumer without a group, with {@code overrides} on top of {@link #consumer(String)}'s settings. */
    static KafkaConsumer<String, String> consumer(String bootstrapServers, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        config.putAll(overrides);
        return new KafkaConsumer<>(config);
    }

    /** Every partition of {@code topic}, as the broker's metadata lists them. */
    static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic, DEADLINE).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
                .toList();
    }

    /**
     * Reads {@code topic} from the beginning of every partition up to the end offsets seen at the
     * start, failing if that takes longer than {@link #DEADLINE}. Returns the records in the order
     * they were polled (per partition: offset order).
     */
    static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(bootstrapServers)) {
            List<TopicPartition> partitions = partitionsOf(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions, DEADLINE);
            return pollUntil(consumer, endOffsets);
        }
    }

    /** The end offset (high watermark) of every partition of {@code topic}, by partition number. */
    static Map<Integer, Long> endOffsets(String bootstrapServers, String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(bootstrapServers)) {
            Map<Integer, Long> endOffsets = new TreeMap<>();
            consumer.endOffsets(partitionsOf(consumer, topic), DEADLINE)
                    .forEach((tp, offset) -> endOffsets.put(tp.partition(), offset));
            return endOffsets;
        }
    }

    /** Polls until every partition's position has reached its end offset in {@code endOffsets}. */
    static List<ConsumerRecord<String, String>> pollUntil(
            KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> endOffsets) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadlineNs = System.nanoTime() + DEADLINE.toNanos();
        while (!reached(consumer, endOffsets)) {
            if (System.nanoTime() > deadlineNs) {
                throw new AssertionError("read " + records.size() + " records in " + DEADLINE
                        + " but did not reach the end offsets " + endOffsets);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> endOffsets) {
        return endOffsets.entrySet().stream()
                .allMatch(end -> consumer.position(end.getKey(), DEADLINE) >= end.getValue());
    }

    /** A system property the build sets for these tests (see the it module's pom). */
    static Optional<String> buildProperty(String name) {
        return Optional.ofNullable(System.getProperty(name)).filter(value -> !value.isBlank());
    }
}

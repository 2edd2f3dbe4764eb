package io.weir.examples.balance;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the compacted {@code account-balances} topic from the beginning to its end: the state the
 * service starts from. No consumer group: the reader is assigned every partition and seeks to the
 * beginning, so it always sees the whole topic, and commits nothing.
 *
 * <p>Thread-safety: stateless.
 */
final class BalanceTopic {
    private BalanceTopic() {}

    /** The latest balance of every account (later records of a key replace earlier ones). */
    static Map<String, Balance> readAll(String bootstrapServers) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config(bootstrapServers))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.BALANCES).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
            Map<String, Balance> balances = new HashMap<>();
            while (!reachedEnd(consumer, endOffsets)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(balances, record);
                }
            }
            return balances;
        }
    }

    private static void apply(Map<String, Balance> balances, ConsumerRecord<String, String> record) {
        Balance.from(record).ifPresentOrElse(
                balance -> balances.put(record.key(), balance),
                () -> balances.remove(record.key())); // a tombstone: the account was closed
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> endOffsets) {
        return endOffsets.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    private static Properties config(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return config;
    }
}

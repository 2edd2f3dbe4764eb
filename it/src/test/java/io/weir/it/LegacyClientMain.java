package io.weir.it;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Run by {@link KafkaClients39IT} in a child JVM whose class path holds kafka-clients 3.9 (not the 4.4
 * of the test JVM), so it must only use API both releases have. Arguments: bootstrap servers, topic,
 * record count, compression type. It produces {@code count} keyed records with the client's defaults
 * (acks=all, idempotent), reads the topic from the beginning without a group, and prints one
 * {@code key=value} fact per line:
 *
 * <pre>
 * client-version=3.9.1
 * produced=N
 * consumed=N
 * partition=P records=N first-offset=O last-offset=O in-order=true
 * keys-in-one-partition=true
 * </pre>
 *
 * Exit code 0 when it got that far, 1 on any exception (printed to stderr).
 */
final class LegacyClientMain {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private LegacyClientMain() {}

    public static void main(String[] args) throws Exception {
        String bootstrapServers = args[0];
        String topic = args[1];
        int count = Integer.parseInt(args[2]);
        String compression = args[3];
        System.out.println("client-version=" + clientVersion());
        produce(bootstrapServers, topic, count, compression);
        System.out.println("produced=" + count);
        List<ConsumerRecord<String, String>> records = consume(bootstrapServers, topic, count);
        System.out.println("consumed=" + records.size());
        report(records);
        System.out.flush();
    }

    /** The version kafka-clients records in its jar (the class that reads it moved between releases). */
    private static String clientVersion() throws Exception {
        Properties version = new Properties();
        try (InputStream in = KafkaProducer.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            version.load(in);
        }
        return version.getProperty("version", "unknown");
    }

    private static void produce(String bootstrapServers, String topic, int count, String compression) throws Exception {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        config.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        config.put("compression.type", compression);
        config.put("delivery.timeout.ms", "30000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + (i % 100), Integer.toString(i)));
            }
            producer.flush();
            // The last send fails loudly if anything did: idempotent sends in one partition fail in order.
            producer.send(new ProducerRecord<>(topic, "key-0", Integer.toString(count))).get();
        }
    }

    private static List<ConsumerRecord<String, String>> consume(String bootstrapServers, String topic, int count) {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        config.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        config.put("enable.auto.commit", "false");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, DEADLINE)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadlineNs = System.nanoTime() + DEADLINE.toNanos();
            while (records.size() < count + 1 && System.nanoTime() < deadlineNs) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records.subList(0, Math.min(records.size(), count + 1)).stream()
                .filter(record -> Integer.parseInt(record.value()) < count)
                .toList();
    }

    private static void report(List<ConsumerRecord<String, String>> records) {
        Map<Integer, List<ConsumerRecord<String, String>>> byPartition = new TreeMap<>();
        Map<String, Integer> partitionOfKey = new HashMap<>();
        boolean keysInOnePartition = true;
        for (ConsumerRecord<String, String> record : records) {
            byPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record);
            Integer previous = partitionOfKey.putIfAbsent(record.key(), record.partition());
            keysInOnePartition &= previous == null || previous == record.partition();
        }
        byPartition.forEach((partition, list) -> System.out.println("partition=" + partition
                + " records=" + list.size()
                + " first-offset=" + list.get(0).offset()
                + " last-offset=" + list.get(list.size() - 1).offset()
                + " in-order=" + inOrder(list)));
        System.out.println("keys-in-one-partition=" + keysInOnePartition);
    }

    private static boolean inOrder(List<ConsumerRecord<String, String>> list) {
        for (int i = 1; i < list.size(); i++) {
            if (list.get(i).offset() != list.get(i - 1).offset() + 1
                    || Integer.parseInt(list.get(i).value()) <= Integer.parseInt(list.get(i - 1).value())) {
                return false;
            }
        }
        return true;
    }
}

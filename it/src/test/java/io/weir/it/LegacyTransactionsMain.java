package io.weir.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Transactions with kafka-clients 3.9 (transaction version 1: the producer adds partitions with
 * AddPartitionsToTxn and offsets with AddOffsetsToTxn, and keeps its epoch across transactions).
 * Run by {@link KafkaClients39IT} in a child JVM whose class path holds kafka-clients 3.9; prints
 * {@code key=value} lines the test checks. Arguments: bootstrap servers, a topic of 3 partitions.
 */
final class LegacyTransactionsMain {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private LegacyTransactionsMain() {}

    public static void main(String[] args) throws Exception {
        String bootstrapServers = args[0];
        String topic = args[1];
        commitThenAbort(bootstrapServers, topic);
        System.out.println("read_uncommitted=" + read(bootstrapServers, topic, "read_uncommitted"));
        System.out.println("read_committed=" + read(bootstrapServers, topic, "read_committed"));
        fence(bootstrapServers, topic);
        timeOut(bootstrapServers, topic);
        System.out.println("read_committed_at_end=" + read(bootstrapServers, topic, "read_committed"));
        commitOffsets(bootstrapServers, topic);
        System.out.flush();
    }

    private static Properties producerConfig(String bootstrapServers, String transactionalId) {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("transactional.id", transactionalId);
        config.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        config.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        config.put("delivery.timeout.ms", "30000");
        config.put("max.block.ms", "30000");
        return config;
    }

    private static void commitThenAbort(String bootstrapServers, String topic) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(bootstrapServers, "legacy-tx"))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int p = 0; p < 3; p++) {
                producer.send(new ProducerRecord<>(topic, p, "k", "committed-" + p));
            }
            producer.commitTransaction();
            producer.beginTransaction();
            for (int p = 0; p < 3; p++) {
                producer.send(new ProducerRecord<>(topic, p, "k", "aborted-" + p));
            }
            producer.flush();
            producer.abortTransaction();
        }
    }

    private static void fence(String bootstrapServers, String topic) {
        try (KafkaProducer<String, String> first = new KafkaProducer<>(producerConfig(bootstrapServers, "legacy-fenced"));
                KafkaProducer<String, String> second = new KafkaProducer<>(producerConfig(bootstrapServers, "legacy-fenced"))) {
            first.initTransactions();
            first.beginTransaction();
            first.send(new ProducerRecord<>(topic, 0, "k", "from-first"));
            first.flush();
            second.initTransactions();
            second.beginTransaction();
            second.send(new ProducerRecord<>(topic, 1, "k", "from-second"));
            second.commitTransaction();
            boolean fenced;
            try {
                first.commitTransaction();
                fenced = false;
            } catch (KafkaException e) {
                fenced = true;
            }
            System.out.println("first-fenced=" + fenced);
        }
    }

    private static void timeOut(String bootstrapServers, String topic) throws Exception {
        Properties config = producerConfig(bootstrapServers, "legacy-timeout");
        config.put("transaction.timeout.ms", "1000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config);
                Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 2, "k", "left-open"));
            producer.flush();
            long deadlineNs = System.nanoTime() + DEADLINE.toNanos();
            TransactionState state = TransactionState.ONGOING;
            while (state != TransactionState.COMPLETE_ABORT && System.nanoTime() < deadlineNs) {
                Thread.sleep(50);
                state = admin.describeTransactions(List.of("legacy-timeout")).description("legacy-timeout").get().state();
            }
            System.out.println("timed-out-state=" + state);
            boolean refused;
            try {
                producer.commitTransaction();
                refused = false;
            } catch (KafkaException e) {
                refused = true;
            }
            System.out.println("commit-after-timeout-refused=" + refused);
        }
    }

    private static void commitOffsets(String bootstrapServers, String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(bootstrapServers, "legacy-offsets"));
                Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(7)), new ConsumerGroupMetadata("legacy-group"));
            producer.commitTransaction();
            // The offsets become visible once the transaction's markers are written, just after EndTxn answers.
            long deadlineNs = System.nanoTime() + DEADLINE.toNanos();
            OffsetAndMetadata committed = null;
            while (committed == null && System.nanoTime() < deadlineNs) {
                committed = admin.listConsumerGroupOffsets("legacy-group").partitionsToOffsetAndMetadata().get().get(partition);
                if (committed == null) {
                    Thread.sleep(50);
                }
            }
            System.out.println("committed-offset=" + (committed == null ? -1 : committed.offset()));
        }
    }

    /** The values a consumer at {@code isolation} reads up to the end it sees, sorted, comma-separated. */
    private static String read(String bootstrapServers, String topic, String isolation) {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        config.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        config.put("enable.auto.commit", "false");
        config.put("isolation.level", isolation);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1), new TopicPartition(topic, 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
            end.putAll(consumer.endOffsets(partitions));
            long deadlineNs = System.nanoTime() + DEADLINE.toNanos();
            while (!partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p)) && System.nanoTime() < deadlineNs) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    values.add(record.value());
                }
            }
        }
        return String.join(",", values.stream().sorted().toList());
    }
}

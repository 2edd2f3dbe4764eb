package io.weir.testkit.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.testkit.WeirCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/** Kafka clients against a {@link WeirCluster}, for the group ITs. */
final class GroupClients {
    static final Duration DEADLINE = Duration.ofSeconds(60);

    private GroupClients() {}

    static Admin admin(WeirCluster weir) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, weir.bootstrapServers()));
    }

    static void createTopic(WeirCluster weir, String topic, int partitions) throws Exception {
        try (Admin admin = admin(weir)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    static void produce(WeirCluster weir, String topic, int partitions, int perPartition) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, weir.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int p = 0; p < partitions; p++) {
                for (int i = 0; i < perPartition; i++) {
                    producer.send(new ProducerRecord<>(topic, p, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    static KafkaConsumer<String, String> consumer(WeirCluster weir, String group, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, weir.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Members learn of a rebalance on their next heartbeat: beat often so tests settle fast.
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 300);
        config.putAll(extra);
        return new KafkaConsumer<>(config);
    }

    /** A member of the KIP-848 consumer protocol: heartbeat interval and session timeout come from the broker. */
    static KafkaConsumer<String, String> consumerProtocolMember(WeirCluster weir, String group, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, weir.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, GroupProtocol.CONSUMER.name());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putAll(extra);
        return new KafkaConsumer<>(config);
    }

    /** Polls every consumer until their assignments are exactly {@code expected} (one set per consumer). */
    @SafeVarargs
    static void awaitAssignments(List<KafkaConsumer<String, String>> consumers, Set<TopicPartition>... expected) {
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(1)).until(() -> {
            boolean all = true;
            for (int i = 0; i < consumers.size(); i++) {
                consumers.get(i).poll(Duration.ofMillis(100));
                all &= consumers.get(i).assignment().equals(expected[i]);
            }
            return all;
        });
    }

    /** Polls until every consumer has some partitions and together they hold {@code total} distinct ones. */
    static void awaitSplit(List<KafkaConsumer<String, String>> consumers, int total) {
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(1)).until(() -> {
            Set<TopicPartition> union = new java.util.HashSet<>();
            int sum = 0;
            boolean each = true;
            for (KafkaConsumer<String, String> consumer : consumers) {
                consumer.poll(Duration.ofMillis(100));
                union.addAll(consumer.assignment());
                sum += consumer.assignment().size();
                each &= !consumer.assignment().isEmpty();
            }
            return each && union.size() == total && sum == total;
        });
        assertThat(consumers).allSatisfy(c -> assertThat(c.assignment()).isNotEmpty());
    }

    static Set<TopicPartition> partitions(String topic, int count) {
        Set<TopicPartition> all = new java.util.HashSet<>();
        for (int p = 0; p < count; p++) {
            all.add(new TopicPartition(topic, p));
        }
        return all;
    }
}

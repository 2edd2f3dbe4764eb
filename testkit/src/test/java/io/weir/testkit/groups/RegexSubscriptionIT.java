package io.weir.testkit.groups;

import static io.weir.testkit.groups.GroupClients.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.testkit.WeirCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.SubscriptionPattern;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidRegularExpression;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regex subscriptions of KIP-848 consumer groups with kafka-clients 4.4 over TCP: the broker
 * matches the RE2/J expression against its topics, and assigns a matching topic created later
 * without the consumer subscribing again.
 */
class RegexSubscriptionIT {
    private static WeirCluster weir;

    @BeforeAll
    static void start() {
        weir = WeirCluster.builder().config("offsets.topic.num.partitions", "3").build();
    }

    @AfterAll
    static void stop() {
        weir.close();
    }

    private static KafkaConsumer<String, String> consumer(String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, weir.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, GroupProtocol.CONSUMER.name());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500);
        return new KafkaConsumer<>(config);
    }

    private static Set<TopicPartition> union(Set<TopicPartition> a, Set<TopicPartition> b) {
        Set<TopicPartition> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static void awaitAssignment(KafkaConsumer<String, String> consumer, Set<TopicPartition> expected, List<String> seen) {
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(1)).until(() -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                seen.add(record.topic() + "-" + record.partition() + "@" + record.offset());
            }
            return consumer.assignment().equals(expected);
        });
    }

    @Test
    void aBrokerSideRegexTakesMatchingTopicsAndOnesCreatedLater() throws Exception {
        GroupClients.createTopic(weir, "rx-orders-eu", 2);
        GroupClients.createTopic(weir, "rx-payments", 1);
        GroupClients.produce(weir, "rx-orders-eu", 2, 3);
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer("rx-readers")) {
            consumer.subscribe(new SubscriptionPattern("rx-orders-.*"));
            awaitAssignment(consumer, GroupClients.partitions("rx-orders-eu", 2), seen);

            GroupClients.createTopic(weir, "rx-orders-us", 3);
            GroupClients.produce(weir, "rx-orders-us", 3, 2);
            awaitAssignment(consumer, union(GroupClients.partitions("rx-orders-eu", 2), GroupClients.partitions("rx-orders-us", 3)),
                    seen);
            Awaitility.await().atMost(DEADLINE).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> seen.add(r.topic() + "-" + r.partition() + "@" + r.offset()));
                return seen.size() >= 12;
            });
            assertThat(seen).hasSize(12).doesNotHaveDuplicates().noneMatch(s -> s.startsWith("rx-payments"));

            try (Admin admin = GroupClients.admin(weir)) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("rx-readers")).all()
                        .get(30, TimeUnit.SECONDS).get("rx-readers");
                assertThat(group.members()).singleElement().satisfies(member ->
                        assertThat(member.assignment().topicPartitions()).hasSize(5));
            }
        }
    }

    @Test
    void aJavaPatternSubscriptionWorksUnderTheConsumerProtocol() throws Exception {
        GroupClients.createTopic(weir, "jp-orders-1", 2);
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer("jp-readers")) {
            consumer.subscribe(Pattern.compile("jp-orders-.*"));
            awaitAssignment(consumer, GroupClients.partitions("jp-orders-1", 2), seen);
            GroupClients.createTopic(weir, "jp-orders-2", 1);
            awaitAssignment(consumer, union(GroupClients.partitions("jp-orders-1", 2), GroupClients.partitions("jp-orders-2", 1)), seen);
        }
    }

    @Test
    void anInvalidRegexFailsThePoll() {
        try (KafkaConsumer<String, String> consumer = consumer("rx-invalid")) {
            consumer.subscribe(new SubscriptionPattern("rx-(orders"));
            Awaitility.await().atMost(DEADLINE).until(() -> {
                try {
                    consumer.poll(Duration.ofMillis(100));
                    return false;
                } catch (InvalidRegularExpression e) {
                    return true;
                }
            });
        }
    }
}

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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Online migration between the classic and the consumer group protocol (KIP-848, migration policy
 * bidirectional, Kafka's default) with kafka-clients 4.4 over TCP: a classic consumer and a
 * {@code group.protocol=consumer} one share a group, every partition owned by one of them, and the
 * group changes type as members come and go.
 */
class ConsumerProtocolMigrationIT {
    private static WeirCluster weir;

    @BeforeAll
    static void start() {
        weir = WeirCluster.builder().config("offsets.topic.num.partitions", "3").config("group.initial.rebalance.delay.ms", "0")
                .build();
    }

    @AfterAll
    static void stop() {
        weir.close();
    }

    private static KafkaConsumer<String, String> consumer(String group, GroupProtocol protocol) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, weir.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol.name());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (protocol == GroupProtocol.CLASSIC) {
            config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 200);
        }
        return new KafkaConsumer<>(config);
    }

    /** Polls each consumer once, recording what came, and commits it before the next poll. */
    private static void pollAll(List<KafkaConsumer<String, String>> consumers, List<String> seen) {
        for (KafkaConsumer<String, String> consumer : consumers) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                seen.add(record.partition() + "@" + record.offset());
            }
            consumer.commitSync();
        }
    }

    /** Polls until the consumers' assignments are disjoint, each non-empty, and together cover {@code all}. */
    private static void awaitSplit(List<KafkaConsumer<String, String>> consumers, Set<TopicPartition> all, List<String> seen) {
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(1)).until(() -> {
            pollAll(consumers, seen);
            Set<TopicPartition> union = new HashSet<>();
            int sum = 0;
            for (KafkaConsumer<String, String> consumer : consumers) {
                union.addAll(consumer.assignment());
                sum += consumer.assignment().size();
            }
            return union.equals(all) && sum == all.size() && consumers.stream().noneMatch(c -> c.assignment().isEmpty());
        });
    }

    private static GroupType typeOf(String group) throws Exception {
        try (Admin admin = GroupClients.admin(weir)) {
            List<GroupListing> listed = new ArrayList<>(admin.listGroups().all().get(30, TimeUnit.SECONDS));
            return listed.stream().filter(g -> g.groupId().equals(group)).findFirst().orElseThrow().type().orElseThrow();
        }
    }

    @Test
    void aConsumerMemberUpgradesAClassicGroupAndLeavingDowngradesIt() throws Exception {
        String group = "mig-up-down";
        GroupClients.createTopic(weir, "mig-orders", 4);
        GroupClients.produce(weir, "mig-orders", 4, 5);
        Set<TopicPartition> all = GroupClients.partitions("mig-orders", 4);
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> classic = consumer(group, GroupProtocol.CLASSIC)) {
            classic.subscribe(List.of("mig-orders"));
            awaitSplit(List.of(classic), all, seen);
            assertThat(typeOf(group)).isEqualTo(GroupType.CLASSIC);

            try (KafkaConsumer<String, String> modern = consumer(group, GroupProtocol.CONSUMER)) {
                modern.subscribe(List.of("mig-orders"));
                awaitSplit(List.of(classic, modern), all, seen);
                assertThat(typeOf(group)).isEqualTo(GroupType.CONSUMER);
                GroupClients.produce(weir, "mig-orders", 4, 5);
                Awaitility.await().atMost(DEADLINE).until(() -> {
                    pollAll(List.of(classic, modern), seen);
                    return seen.size() >= 40;
                });
            }
            Awaitility.await().atMost(DEADLINE).until(() -> typeOf(group) == GroupType.CLASSIC);
            awaitSplit(List.of(classic), all, seen);
            GroupClients.produce(weir, "mig-orders", 4, 5);
            Awaitility.await().atMost(DEADLINE).until(() -> {
                pollAll(List.of(classic), seen);
                return seen.size() >= 60;
            });
        }
        assertThat(seen).hasSize(60).doesNotHaveDuplicates();
    }

    @Test
    void aClassicMemberJoinsAConsumerGroupAndTheGroupStaysOneWhenItLeaves() throws Exception {
        String group = "mig-mixed";
        GroupClients.createTopic(weir, "mig-payments", 6);
        Set<TopicPartition> all = GroupClients.partitions("mig-payments", 6);
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> modern = consumer(group, GroupProtocol.CONSUMER)) {
            modern.subscribe(List.of("mig-payments"));
            awaitSplit(List.of(modern), all, seen);
            try (KafkaConsumer<String, String> classic = consumer(group, GroupProtocol.CLASSIC)) {
                classic.subscribe(List.of("mig-payments"));
                awaitSplit(List.of(modern, classic), all, seen);
                assertThat(typeOf(group)).isEqualTo(GroupType.CONSUMER);
            }
            awaitSplit(List.of(modern), all, seen);
            assertThat(typeOf(group)).isEqualTo(GroupType.CONSUMER);
        }
    }
}

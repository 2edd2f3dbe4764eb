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
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Consumer groups of the KIP-848 consumer protocol ({@code group.protocol=consumer}) with kafka-clients 4.4 over TCP. */
class ConsumerProtocolIT {
    private static WeirCluster weir;

    @BeforeAll
    static void start() {
        weir = WeirCluster.builder().config("offsets.topic.num.partitions", "5").build();
    }

    @AfterAll
    static void stop() {
        weir.close();
    }

    static KafkaConsumer<String, String> consumer(String group, Map<String, Object> extra) {
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

    /** Polls once, records what came and commits it before the next poll (so a revocation never loses or repeats). */
    private static void pollAndCommit(KafkaConsumer<String, String> consumer, List<String> seen) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
            seen.add(record.partition() + "@" + record.offset());
        }
        consumer.commitSync();
    }

    @Test
    void twoMembersSplitSixPartitionsAndTheSurvivorTakesOverExactlyOnce() throws Exception {
        GroupClients.createTopic(weir, "kip848-split", 6);
        GroupClients.produce(weir, "kip848-split", 6, 5);
        List<String> seen = new ArrayList<>();
        Map<String, Object> slow = Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2);
        try (KafkaConsumer<String, String> first = consumer("kip848-splitters", slow);
                KafkaConsumer<String, String> second = consumer("kip848-splitters", slow)) {
            long startNs = System.nanoTime();
            first.subscribe(List.of("kip848-split"));
            second.subscribe(List.of("kip848-split"));
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (!(first.assignment().size() == 3 && second.assignment().size() == 3) && System.nanoTime() < deadline) {
                pollAndCommit(first, seen);
                pollAndCommit(second, seen);
            }
            long settledMs = (System.nanoTime() - startNs) / 1_000_000;
            System.out.println("[kip848] a 2-member consumer-protocol group settled in " + settledMs + " ms");
            assertThat(first.assignment()).hasSize(3);
            assertThat(second.assignment()).hasSize(3);
            Set<TopicPartition> union = new HashSet<>(first.assignment());
            union.addAll(second.assignment());
            assertThat(union).isEqualTo(GroupClients.partitions("kip848-split", 6));

            pollAndCommit(first, seen);
            first.close();
            GroupClients.produce(weir, "kip848-split", 6, 5);
            deadline = System.nanoTime() + DEADLINE.toNanos();
            while ((second.assignment().size() < 6 || seen.size() < 60) && System.nanoTime() < deadline) {
                pollAndCommit(second, seen);
            }
            assertThat(second.assignment()).isEqualTo(GroupClients.partitions("kip848-split", 6));
        }
        assertThat(seen).hasSize(60).doesNotHaveDuplicates();
    }

    @Test
    void committedOffsetsSurviveARestart() throws Exception {
        GroupClients.createTopic(weir, "kip848-durable", 2);
        GroupClients.produce(weir, "kip848-durable", 2, 10);
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer("kip848-resumers", Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 7))) {
            consumer.subscribe(List.of("kip848-durable"));
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                pollAndCommit(consumer, seen);
            }
        }
        assertThat(seen).hasSize(7);

        weir.restart(0);

        try (KafkaConsumer<String, String> consumer = consumer("kip848-resumers", Map.of())) {
            consumer.subscribe(List.of("kip848-durable"));
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (seen.size() < 20 && System.nanoTime() < deadline) {
                pollAndCommit(consumer, seen);
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(
                    Set.of(new TopicPartition("kip848-durable", 0), new TopicPartition("kip848-durable", 1)), Duration.ofSeconds(30));
            assertThat(committed.values()).extracting(OffsetAndMetadata::offset).containsOnly(10L);
        }
        assertThat(seen).hasSize(20).doesNotHaveDuplicates();
    }

    @Test
    void anAdminDescribesAndListsTheConsumerGroup() throws Exception {
        GroupClients.createTopic(weir, "kip848-seen", 4);
        try (KafkaConsumer<String, String> consumer = consumer("kip848-watched", Map.of())) {
            consumer.subscribe(List.of("kip848-seen"));
            GroupClients.awaitAssignments(List.of(consumer), GroupClients.partitions("kip848-seen", 4));
            try (Admin admin = GroupClients.admin(weir)) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("kip848-watched")).all()
                        .get(30, TimeUnit.SECONDS).get("kip848-watched");
                assertThat(group.type()).isEqualTo(GroupType.CONSUMER);
                assertThat(group.groupState()).isEqualTo(GroupState.STABLE);
                assertThat(group.partitionAssignor()).isEqualTo("uniform");
                assertThat(group.groupEpoch()).hasValue(1);
                assertThat(group.members()).singleElement().satisfies(member -> {
                    assertThat(member.assignment().topicPartitions()).isEqualTo(GroupClients.partitions("kip848-seen", 4));
                    assertThat(member.memberEpoch()).hasValue(1);
                });
                List<GroupListing> listed = new ArrayList<>(admin.listGroups().all().get(30, TimeUnit.SECONDS));
                assertThat(listed).anySatisfy(g -> {
                    assertThat(g.groupId()).isEqualTo("kip848-watched");
                    assertThat(g.type()).contains(GroupType.CONSUMER);
                });
            }
        }
    }
}

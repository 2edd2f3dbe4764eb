package io.weir.testkit.groups;

import static io.weir.testkit.groups.GroupClients.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.testkit.WeirCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Consumer groups of the classic protocol with the real Java client (kafka-clients 4.4) over TCP. */
class ConsumerGroupsIT {
    private static WeirCluster weir;

    @BeforeAll
    static void start() {
        weir = WeirCluster.builder()
                .config("group.initial.rebalance.delay.ms", "0")
                .config("offsets.topic.num.partitions", "5")
                .build();
    }

    @AfterAll
    static void stop() {
        weir.close();
    }

    @Test
    void twoConsumersSplitSixPartitionsAndTheSurvivorTakesAllWhenOneLeaves() throws Exception {
        GroupClients.createTopic(weir, "split", 6);
        try (KafkaConsumer<String, String> first = GroupClients.consumer(weir, "splitters", Map.of());
                KafkaConsumer<String, String> second = GroupClients.consumer(weir, "splitters", Map.of())) {
            first.subscribe(List.of("split"));
            second.subscribe(List.of("split"));
            GroupClients.awaitSplit(List.of(first, second), 6);
            assertThat(first.assignment()).hasSize(3);

            first.close();
            GroupClients.awaitAssignments(List.of(second), GroupClients.partitions("split", 6));
        }
    }

    @Test
    void committedOffsetsSurviveARestartAndConsumptionResumesFromThem() throws Exception {
        GroupClients.createTopic(weir, "durable", 2);
        GroupClients.produce(weir, "durable", 2, 10);
        try (KafkaConsumer<String, String> consumer = GroupClients.consumer(weir, "resumers",
                Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 7))) {
            consumer.subscribe(List.of("durable"));
            int read = 0;
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (read < 7 && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            assertThat(read).isEqualTo(7);
            consumer.commitSync();
        }

        weir.restart(0);

        try (KafkaConsumer<String, String> consumer = GroupClients.consumer(weir, "resumers", Map.of())) {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(
                    java.util.Set.of(new TopicPartition("durable", 0), new TopicPartition("durable", 1)), Duration.ofSeconds(30));
            long sum = committed.values().stream().filter(java.util.Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
            assertThat(sum).isEqualTo(7);
            consumer.subscribe(List.of("durable"));
            int read = 0;
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (read < 13 && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                read += records.count();
            }
            assertThat(read).isEqualTo(13);
        }
    }

    @Test
    void aCooperativeStickyGroupRebalancesIncrementally() throws Exception {
        GroupClients.createTopic(weir, "coop", 6);
        Map<String, Object> cooperative = Map.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                CooperativeStickyAssignor.class.getName());
        try (KafkaConsumer<String, String> first = GroupClients.consumer(weir, "cooperators", cooperative);
                KafkaConsumer<String, String> second = GroupClients.consumer(weir, "cooperators", cooperative)) {
            first.subscribe(List.of("coop"));
            GroupClients.awaitAssignments(List.of(first), GroupClients.partitions("coop", 6));
            second.subscribe(List.of("coop"));
            GroupClients.awaitSplit(List.of(first, second), 6);
            assertThat(first.assignment()).hasSize(3);
            try (Admin admin = GroupClients.admin(weir)) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("cooperators")).all()
                        .get(30, TimeUnit.SECONDS).get("cooperators");
                assertThat(group.partitionAssignor()).isEqualTo("cooperative-sticky");
                assertThat(group.members()).hasSize(2);
            }
        }
    }

    @Test
    void aStaticMemberRestartingWithinItsSessionGetsItsAssignmentBackWithoutARebalance() throws Exception {
        GroupClients.createTopic(weir, "static", 3);
        Map<String, Object> staticMember = Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "instance-a",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000);
        int generation;
        try (KafkaConsumer<String, String> consumer = GroupClients.consumer(weir, "statics", staticMember)) {
            consumer.subscribe(List.of("static"));
            GroupClients.awaitAssignments(List.of(consumer), GroupClients.partitions("static", 3));
            generation = consumer.groupMetadata().generationId();
        }
        try (KafkaConsumer<String, String> restarted = GroupClients.consumer(weir, "statics", staticMember)) {
            restarted.subscribe(List.of("static"));
            GroupClients.awaitAssignments(List.of(restarted), GroupClients.partitions("static", 3));
            assertThat(restarted.groupMetadata().generationId()).isEqualTo(generation);
            try (Admin admin = GroupClients.admin(weir)) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("statics")).all()
                        .get(30, TimeUnit.SECONDS).get("statics");
                assertThat(group.groupState()).isEqualTo(GroupState.STABLE);
                assertThat(group.members()).singleElement()
                        .satisfies(member -> assertThat(member.groupInstanceId()).contains("instance-a"));
            }
        }
    }

    @Test
    void anAdminSeesTheGroupAndItsCommittedOffsets() throws Exception {
        GroupClients.createTopic(weir, "seen", 1);
        GroupClients.produce(weir, "seen", 1, 5);
        try (KafkaConsumer<String, String> consumer = GroupClients.consumer(weir, "watched", Map.of())) {
            consumer.subscribe(List.of("seen"));
            Awaitility.await().atMost(DEADLINE).until(() -> consumer.poll(Duration.ofMillis(100)).count() > 0 || false);
            consumer.commitSync(Map.of(new TopicPartition("seen", 0), new OffsetAndMetadata(3, "note")));
        }
        try (Admin admin = GroupClients.admin(weir)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("watched").partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            assertThat(offsets.get(new TopicPartition("seen", 0)).offset()).isEqualTo(3);
            assertThat(offsets.get(new TopicPartition("seen", 0)).metadata()).isEqualTo("note");
            assertThat(admin.listGroups().all().get(30, TimeUnit.SECONDS)).anySatisfy(g -> assertThat(g.groupId()).isEqualTo("watched"));
        }
    }
}

package io.weir.testkit.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.testkit.WeirCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka's own kafka-consumer-groups tool (ConsumerGroupCommand from kafka-tools 4.4, run in this
 * JVM as its script would run it) against Weir: list, describe with lag, reset offsets, delete, for a
 * classic group and for a consumer-protocol (KIP-848) group.
 */
class ConsumerGroupCommandIT {
    private static WeirCluster weir;

    @BeforeAll
    static void start() {
        weir = WeirCluster.builder().config("group.initial.rebalance.delay.ms", "0").config("offsets.topic.num.partitions", "3").build();
        Exit.setExitProcedure((code, message) -> {
            throw new AssertionError("kafka-consumer-groups exited with " + code + ": " + message);
        });
    }

    @AfterAll
    static void stop() {
        Exit.resetExitProcedure();
        weir.close();
    }

    /** Runs the tool with {@code args} after --bootstrap-server and answers what it printed. */
    private static synchronized String kafkaConsumerGroups(String... args) {
        String[] full = new String[args.length + 2];
        full[0] = "--bootstrap-server";
        full[1] = weir.bootstrapServers();
        System.arraycopy(args, 0, full, 2, args.length);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ConsumerGroupCommand.main(full);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
        try (Admin admin = GroupClients.admin(weir)) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void listDescribeResetAndDelete() throws Exception {
        GroupClients.createTopic(weir, "tools", 2);
        GroupClients.produce(weir, "tools", 2, 5);
        try (KafkaConsumer<String, String> consumer = GroupClients.consumer(weir, "tooled", Map.of())) {
            describeWhileMemberCommits(consumer, "tooled", "tools");
        }
        resetAndDelete("tooled", "tools");
    }

    /** The same for a group of the KIP-848 consumer protocol, which the tool describes through ConsumerGroupDescribe. */
    @Test
    void listDescribeResetAndDeleteAConsumerProtocolGroup() throws Exception {
        GroupClients.createTopic(weir, "tools-kip848", 2);
        GroupClients.produce(weir, "tools-kip848", 2, 5);
        try (KafkaConsumer<String, String> consumer = GroupClients.consumerProtocolMember(weir, "tooled-kip848", Map.of())) {
            describeWhileMemberCommits(consumer, "tooled-kip848", "tools-kip848");
            String members = kafkaConsumerGroups("--describe", "--group", "tooled-kip848", "--members", "--verbose");
            assertThat(members).contains("tooled-kip848").contains("tools-kip848:0,1");
        }
        try (Admin admin = GroupClients.admin(weir)) {
            assertThat(admin.listGroups().all().get(30, TimeUnit.SECONDS)).anySatisfy(group -> {
                assertThat(group.groupId()).isEqualTo("tooled-kip848");
                assertThat(group.type()).contains(GroupType.CONSUMER);
            });
        }
        resetAndDelete("tooled-kip848", "tools-kip848");
    }

    /** Reads the topic's ten records as a member, commits 5 and 3, and checks what list and describe print meanwhile. */
    private static void describeWhileMemberCommits(KafkaConsumer<String, String> consumer, String group, String topic) {
        consumer.subscribe(List.of(topic));
        int read = 0;
        long deadline = System.nanoTime() + GroupClients.DEADLINE.toNanos();
        while ((read < 10 || consumer.assignment().size() < 2) && System.nanoTime() < deadline) {
            read += consumer.poll(Duration.ofMillis(200)).count();
        }
        consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(5),
                new TopicPartition(topic, 1), new OffsetAndMetadata(3)));

        assertThat(kafkaConsumerGroups("--list")).contains(group);
        String described = kafkaConsumerGroups("--describe", "--group", group);
        assertThat(described).contains(group).contains(topic).contains("consumer-" + group);
        assertThat(described.lines().filter(l -> l.contains(topic + " ") || l.contains(" " + topic)).toList())
                .anySatisfy(line -> assertThat(line.trim().split("\\s+")).containsSubsequence("1", "3", "5", "2"));
        assertThat(kafkaConsumerGroups("--describe", "--group", group, "--state")).contains("Stable");
    }

    /** With the group empty: reset to earliest, shift by 2, to a datetime long past, then delete it. */
    private static void resetAndDelete(String group, String topic) throws Exception {
        kafkaConsumerGroups("--reset-offsets", "--group", group, "--topic", topic, "--to-earliest", "--execute");
        assertThat(committed(group).values()).extracting(OffsetAndMetadata::offset).containsOnly(0L);
        kafkaConsumerGroups("--reset-offsets", "--group", group, "--topic", topic, "--shift-by", "2", "--execute");
        assertThat(committed(group).values()).extracting(OffsetAndMetadata::offset).containsOnly(2L);
        kafkaConsumerGroups("--reset-offsets", "--group", group, "--topic", topic, "--to-datetime", "2000-01-01T00:00:00.000",
                "--execute");
        assertThat(committed(group).values()).extracting(OffsetAndMetadata::offset).containsOnly(0L);

        assertThat(kafkaConsumerGroups("--delete", "--group", group)).contains(group);
        try (Admin admin = GroupClients.admin(weir)) {
            assertThat(admin.listGroups().all().get(30, TimeUnit.SECONDS)).extracting(GroupListing::groupId).doesNotContain(group);
        }
    }
}

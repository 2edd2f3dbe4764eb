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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka's own kafka-consumer-groups tool (ConsumerGroupCommand from kafka-tools 4.4, run in this
 * JVM as its script would run it) against Weir: list, describe with lag, reset offsets, delete.
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
            consumer.subscribe(List.of("tools"));
            int read = 0;
            long deadline = System.nanoTime() + GroupClients.DEADLINE.toNanos();
            while (read < 10 && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            consumer.commitSync(Map.of(new TopicPartition("tools", 0), new OffsetAndMetadata(5),
                    new TopicPartition("tools", 1), new OffsetAndMetadata(3)));

            assertThat(kafkaConsumerGroups("--list")).contains("tooled");
            String described = kafkaConsumerGroups("--describe", "--group", "tooled");
            assertThat(described).contains("tooled").contains("tools").contains("consumer-tooled");
            assertThat(described.lines().filter(l -> l.contains("tools ") || l.contains(" tools")).toList())
                    .anySatisfy(line -> assertThat(line.trim().split("\\s+")).containsSubsequence("1", "3", "5", "2"));
            assertThat(kafkaConsumerGroups("--describe", "--group", "tooled", "--state")).contains("Stable");
        }

        kafkaConsumerGroups("--reset-offsets", "--group", "tooled", "--topic", "tools", "--to-earliest", "--execute");
        assertThat(committed("tooled").values()).extracting(OffsetAndMetadata::offset).containsOnly(0L);
        kafkaConsumerGroups("--reset-offsets", "--group", "tooled", "--topic", "tools", "--shift-by", "2", "--execute");
        assertThat(committed("tooled").values()).extracting(OffsetAndMetadata::offset).containsOnly(2L);
        kafkaConsumerGroups("--reset-offsets", "--group", "tooled", "--topic", "tools", "--to-datetime", "2000-01-01T00:00:00.000",
                "--execute");
        assertThat(committed("tooled").values()).extracting(OffsetAndMetadata::offset).containsOnly(0L);

        assertThat(kafkaConsumerGroups("--delete", "--group", "tooled")).contains("tooled");
        try (Admin admin = GroupClients.admin(weir)) {
            assertThat(admin.listGroups().all().get(30, TimeUnit.SECONDS)).extracting(GroupListing::groupId).doesNotContain("tooled");
        }
    }
}

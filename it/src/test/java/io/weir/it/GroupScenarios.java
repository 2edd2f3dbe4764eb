package io.weir.it;

import static io.weir.it.GroupMembers.awaitAssignment;
import static io.weir.it.GroupMembers.member;
import static io.weir.it.GroupMembers.pollAtLeast;
import static io.weir.it.GroupMembers.produce;
import static io.weir.it.GroupMembers.settled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumer-group behaviours users rely on, each written once and run by the group ITs for both
 * rebalance protocols ({@code group.protocol=classic} and {@code consumer}). Each scenario creates its
 * own topic and uses its own groups.
 *
 * <p>Thread-safety: stateless.
 */
final class GroupScenarios {
    private GroupScenarios() {}

    /** A member that commits, closes and comes back resumes right after its last commit. */
    static void resumesAfterTheLastCommit(String bootstrapServers, GroupProtocol protocol, String topic, String group)
            throws Exception {
        Clients.createTopic(bootstrapServers, topic, 1, Map.of());
        produce(bootstrapServers, topic, 100);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> first = member(bootstrapServers, protocol, group)) {
            first.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = pollAtLeast(first, 10);
            long next = records.get(9).offset() + 1; // read further than committed, as a crash would
            first.commitSync(Map.of(partition, new OffsetAndMetadata(next)));
        }
        try (Admin admin = Clients.admin(bootstrapServers)) {
            long committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(partition).offset();
            assertThat(committed).isEqualTo(10);
        }
        try (KafkaConsumer<String, String> second = member(bootstrapServers, protocol, group)) {
            second.subscribe(List.of(topic));
            assertThat(pollAtLeast(second, 1).get(0).offset()).isEqualTo(10);
        }
    }

    /** Two groups on one topic each read every record, whatever the other has committed. */
    static void aSecondGroupReadsEverything(String bootstrapServers, GroupProtocol protocol, String topic, String group)
            throws Exception {
        Clients.createTopic(bootstrapServers, topic, 3, Map.of());
        produce(bootstrapServers, topic, 900);
        for (String each : List.of(group + "-a", group + "-b")) {
            try (KafkaConsumer<String, String> consumer = member(bootstrapServers, protocol, each)) {
                consumer.subscribe(List.of(topic));
                List<String> values = pollAtLeast(consumer, 900).stream().map(ConsumerRecord::value).toList();
                assertThat(values).as(each).hasSize(900).doesNotHaveDuplicates();
                consumer.commitSync();
            }
        }
    }

    /**
     * A member owning all six partitions is joined by a second: it is told to revoke exactly the
     * partitions that move to the newcomer, and the three it keeps stay in its assignment at every
     * poll in between (incremental rebalancing: classic with cooperative-sticky, or KIP-848).
     */
    static void addingAMemberRevokesOnlyWhatMoves(String bootstrapServers, GroupProtocol protocol, String topic,
            String group, Map<String, Object> extra) throws Exception {
        Clients.createTopic(bootstrapServers, topic, 6, Map.of());
        GroupMembers.ListenerLog firstLog = new GroupMembers.ListenerLog();
        GroupMembers.ListenerLog secondLog = new GroupMembers.ListenerLog();
        try (KafkaConsumer<String, String> first = member(bootstrapServers, protocol, group, extra);
                KafkaConsumer<String, String> second = member(bootstrapServers, protocol, group, extra)) {
            first.subscribe(List.of(topic), firstLog);
            awaitAssignment(first, size -> size == 6);
            assertThat(firstLog.assigned).hasSize(6);
            firstLog.clear();

            second.subscribe(List.of(topic), secondLog);
            Set<TopicPartition> alwaysOwned = new HashSet<>(first.assignment());
            await().atMost(Clients.DEADLINE).pollInterval(Duration.ofMillis(1)).until(() -> {
                first.poll(Duration.ofMillis(50));
                alwaysOwned.retainAll(first.assignment());
                second.poll(Duration.ofMillis(50));
                return settled(Map.of(0, Set.copyOf(first.assignment()), 1, Set.copyOf(second.assignment())), 2, 6);
            });

            Set<TopicPartition> moved = Set.copyOf(second.assignment());
            assertThat(first.assignment()).hasSize(3);
            assertThat(alwaysOwned).as("kept throughout").isEqualTo(first.assignment());
            assertThat(firstLog.revoked).as("revoked").isEqualTo(moved);
            assertThat(firstLog.assigned).as("newly assigned to the first").isEmpty();
            assertThat(firstLog.lost).isEmpty();
            assertThat(secondLog.assigned).isEqualTo(moved);
            assertThat(secondLog.revoked).isEmpty();
        }
    }

    /**
     * Two members, one static ({@code group.instance.id}); the static one closes and comes back with
     * the same instance id: it gets its partitions back in the same generation (member epoch for
     * KIP-848), the group stays stable and the other member is told nothing.
     */
    static void aStaticMemberRestartsWithoutARebalance(String bootstrapServers, GroupProtocol protocol, String topic,
            String group) throws Exception {
        Clients.createTopic(bootstrapServers, topic, 4, Map.of());
        Map<String, Object> instance = new HashMap<>(Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, topic + "-a"));
        if (protocol == GroupProtocol.CLASSIC) {
            instance.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000);
        }
        GroupMembers.ListenerLog otherLog = new GroupMembers.ListenerLog();
        try (KafkaConsumer<String, String> other = member(bootstrapServers, protocol, group)) {
            Set<TopicPartition> owned;
            int generation;
            int otherGeneration;
            try (KafkaConsumer<String, String> first = member(bootstrapServers, protocol, group, instance)) {
                first.subscribe(List.of(topic));
                other.subscribe(List.of(topic), otherLog);
                GroupMembers.awaitSplit(List.of(first, other), 4);
                owned = Set.copyOf(first.assignment());
                generation = first.groupMetadata().generationId();
                otherGeneration = other.groupMetadata().generationId();
                otherLog.clear();
            }
            try (KafkaConsumer<String, String> restarted = member(bootstrapServers, protocol, group, instance)) {
                restarted.subscribe(List.of(topic));
                await().atMost(Clients.DEADLINE).pollInterval(Duration.ofMillis(1)).until(() -> {
                    restarted.poll(Duration.ofMillis(50));
                    other.poll(Duration.ofMillis(50));
                    return restarted.assignment().equals(owned);
                });
                assertThat(restarted.groupMetadata().generationId()).as("generation").isEqualTo(generation);
                assertThat(other.groupMetadata().generationId()).isEqualTo(otherGeneration);
                assertThat(otherLog.revoked).isEmpty();
                assertThat(otherLog.assigned).isEmpty();
                assertStableWithInstance(bootstrapServers, group, topic + "-a");
            }
        }
    }

    /**
     * A member in a child JVM owns half of a 6-partition topic and is killed with SIGKILL, so it
     * stops heartbeating without leaving: the survivor owns all six partitions within
     * {@code sessionTimeoutMs} plus a margin for the survivor's own heartbeat interval and this
     * machine. Answers the milliseconds from the kill to the survivor owning everything.
     */
    static long aKilledMemberIsExpelled(String bootstrapServers, GroupProtocol protocol, String topic, int sessionTimeoutMs,
            Path tmp) throws Exception {
        Clients.createTopic(bootstrapServers, topic, 6, Map.of());
        Path out = tmp.resolve(topic + "-member-out.txt");
        Process child = new ProcessBuilder(ExternalProcess.java(ExternalProcess.testClassPath(), GroupMemberMain.class.getName(),
                        List.of(bootstrapServers, protocol.name().toLowerCase(), topic, topic)))
                .redirectOutput(out.toFile())
                .redirectError(tmp.resolve(topic + "-member-err.txt").toFile())
                .start();
        try (KafkaConsumer<String, String> survivor = member(bootstrapServers, protocol, topic)) {
            survivor.subscribe(List.of(topic));
            await().atMost(Clients.DEADLINE).until(() -> {
                survivor.poll(Duration.ofMillis(100));
                return survivor.assignment().size() == 3 && lastLine(out).equals("owned=3");
            });

            child.destroyForcibly().waitFor(); // SIGKILL: no leave, the heartbeats just stop
            long killedNs = System.nanoTime();
            awaitAssignment(survivor, size -> size == 6);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedNs);

            System.out.println("[" + protocol.name().toLowerCase() + "] a killed member's partitions moved after " + tookMs
                    + " ms (session timeout " + sessionTimeoutMs + " ms)");
            assertThat(tookMs).as("partitions move after the session timeout, not long after")
                    .isLessThan(sessionTimeoutMs + 15_000L);
            return tookMs;
        } finally {
            child.destroyForcibly();
        }
    }

    private static String lastLine(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static void assertStableWithInstance(String bootstrapServers, String group, String instanceId) throws Exception {
        try (Admin admin = Clients.admin(bootstrapServers)) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                    .get(30, TimeUnit.SECONDS).get(group);
            assertThat(description.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(description.members()).hasSize(2)
                    .anySatisfy(member -> assertThat(member.groupInstanceId()).contains(instanceId));
        }
    }
}

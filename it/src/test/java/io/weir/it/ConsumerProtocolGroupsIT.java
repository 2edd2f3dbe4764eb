package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.testkit.WeirCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumer groups of the KIP-848 consumer protocol ({@code group.protocol=consumer}) as their users
 * run them, with kafka-clients 4.4: members splitting a topic and reading each record once, a member
 * that dies without leaving (a child JVM killed with SIGKILL) expelled within the session timeout,
 * resuming after a commit, a second group reading independently, incremental revocation, static
 * membership across a restart, and fifty members joining at once. The classic protocol's
 * counterparts are in {@link ConsumerGroupsIT}; both run the same {@link GroupScenarios}.
 *
 * <p>The session timeout of this protocol is the broker's {@code group.consumer.session.timeout.ms}:
 * the node runs with {@value #SESSION_TIMEOUT_MS} ms (its lower bound lowered to match, heartbeats
 * every 2 s) so that the expulsion test is short.
 */
class ConsumerProtocolGroupsIT {
    private static final GroupProtocol CONSUMER = GroupProtocol.CONSUMER;
    private static final int SESSION_TIMEOUT_MS = 10_000;
    private static WeirCluster weir;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startNode() {
        weir = WeirCluster.builder()
                .config("offsets.topic.num.partitions", "5")
                .config("group.consumer.session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS))
                .config("group.consumer.min.session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS))
                .config("group.consumer.heartbeat.interval.ms", "2000")
                .config("group.consumer.min.heartbeat.interval.ms", "1000")
                .build();
    }

    @AfterAll
    static void stopNode() {
        weir.close();
    }

    @Test
    void threeMembersOwnDisjointPartitionsAndTogetherReadEveryRecordOnce() throws Exception {
        GroupMembers.threeMembersReadEveryRecordOnce(weir.bootstrapServers(), CONSUMER, "kip848-three", "kip848-three");
    }

    @Test
    void aSecondGroupReadsEverythingIndependently() throws Exception {
        GroupScenarios.aSecondGroupReadsEverything(weir.bootstrapServers(), CONSUMER, "kip848-independent", "kip848-independent");
    }

    @Test
    void aMemberThatCommitsClosesAndRestartsResumesRightAfterItsLastCommit() throws Exception {
        GroupScenarios.resumesAfterTheLastCommit(weir.bootstrapServers(), CONSUMER, "kip848-resume", "kip848-resume");
    }

    @Test
    void addingAMemberRevokesOnlyThePartitionsThatMove() throws Exception {
        GroupScenarios.addingAMemberRevokesOnlyWhatMoves(weir.bootstrapServers(), CONSUMER, "kip848-incremental",
                "kip848-incremental", Map.of());
    }

    @Test
    void aStaticMemberRestartingGetsItsPartitionsBackWithoutARebalance() throws Exception {
        GroupScenarios.aStaticMemberRestartsWithoutARebalance(weir.bootstrapServers(), CONSUMER, "kip848-static",
                "kip848-static");
    }

    /** The coordinator notices new partitions of a subscribed topic itself (KIP-848: no client-side metadata check). */
    @Test
    void partitionsAddedToASubscribedTopicAreAssigned() throws Exception {
        String topic = "kip848-grow";
        Clients.createTopic(weir.bootstrapServers(), topic, 2, Map.of());
        try (KafkaConsumer<String, String> first = GroupMembers.member(weir.bootstrapServers(), CONSUMER, topic);
                KafkaConsumer<String, String> second = GroupMembers.member(weir.bootstrapServers(), CONSUMER, topic)) {
            first.subscribe(List.of(topic));
            second.subscribe(List.of(topic));
            GroupMembers.awaitSplit(List.of(first, second), 2);
            try (Admin admin = Clients.admin(weir.bootstrapServers())) {
                admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(4))).all().get(30, TimeUnit.SECONDS);
            }
            GroupMembers.awaitSplit(List.of(first, second), 4);
        }
    }

    /**
     * Members with different subscriptions: each partition goes to one member subscribed to its
     * topic; when the narrower member changes its subscription, its old partitions go back.
     */
    @Test
    void membersWithDifferentSubscriptionsOwnOnlyTheirTopics() throws Exception {
        String wide = "kip848-wide";
        String narrow = "kip848-narrow";
        Clients.createTopic(weir.bootstrapServers(), wide, 2, Map.of());
        Clients.createTopic(weir.bootstrapServers(), narrow, 4, Map.of());
        try (KafkaConsumer<String, String> both = GroupMembers.member(weir.bootstrapServers(), CONSUMER, "kip848-mixed");
                KafkaConsumer<String, String> one = GroupMembers.member(weir.bootstrapServers(), CONSUMER, "kip848-mixed")) {
            both.subscribe(List.of(wide, narrow));
            one.subscribe(List.of(narrow));
            Set<TopicPartition> all = new HashSet<>(GroupMembers.partitions(wide, 2));
            all.addAll(GroupMembers.partitions(narrow, 4));
            awaitOwnership(both, one, all, assigned -> !assigned.isEmpty() && assigned.stream().allMatch(p -> p.topic().equals(narrow)));

            one.subscribe(List.of(wide));
            awaitOwnership(both, one, all, assigned -> !assigned.isEmpty() && assigned.stream().allMatch(p -> p.topic().equals(wide)));
        }
    }

    /** A consumer that assigns partitions itself and commits under a group id, with no member in that group. */
    @Test
    void aConsumerWithoutASubscriptionCommitsToItsGroup() throws Exception {
        String topic = "kip848-assigned";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of());
        GroupMembers.produce(weir.bootstrapServers(), topic, 10);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = GroupMembers.member(weir.bootstrapServers(), CONSUMER, topic)) {
            consumer.assign(List.of(partition));
            GroupMembers.pollAtLeast(consumer, 10);
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(7)));
            assertThat(consumer.committed(Set.of(partition), Clients.DEADLINE).get(partition).offset()).isEqualTo(7);
        }
        try (KafkaConsumer<String, String> member = GroupMembers.member(weir.bootstrapServers(), CONSUMER, topic)) {
            member.subscribe(List.of(topic));
            assertThat(GroupMembers.pollAtLeast(member, 1).get(0).offset()).isEqualTo(7);
        }
    }

    /** Polls both until together they own {@code all} once and {@code second}'s assignment passes {@code secondOwns}. */
    private static void awaitOwnership(KafkaConsumer<String, String> first, KafkaConsumer<String, String> second,
            Set<TopicPartition> all, Predicate<Set<TopicPartition>> secondOwns) {
        await().atMost(Clients.DEADLINE).pollInterval(Duration.ofMillis(1)).until(() -> {
            first.poll(Duration.ofMillis(50));
            second.poll(Duration.ofMillis(50));
            Set<TopicPartition> union = new HashSet<>(first.assignment());
            union.addAll(second.assignment());
            return union.equals(all) && first.assignment().size() + second.assignment().size() == all.size()
                    && secondOwns.test(second.assignment());
        });
    }

    @Test
    void aMemberKilledWithoutLeavingIsExpelledWithinTheSessionTimeout() throws Exception {
        GroupScenarios.aKilledMemberIsExpelled(weir.bootstrapServers(), CONSUMER, "kip848-expel", SESSION_TIMEOUT_MS, tmp);
    }

    @Test
    void fiftyMembersJoiningAtOnceSettleWithEveryPartitionOwnedOnce() throws Exception {
        long medianMs = GroupMembers.medianTimeToSettle(weir.bootstrapServers(), CONSUMER, "kip848-fifty", 50, 100);
        assertThat(medianMs).isLessThan(60_000);
    }
}

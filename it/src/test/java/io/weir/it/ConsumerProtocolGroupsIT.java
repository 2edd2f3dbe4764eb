package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.config.BrokerConfigs;
import io.weir.testkit.WeirCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
 * the node runs with {@value #SHORT_SESSION_TIMEOUT_MS} ms when its configuration registry knows the
 * key, and otherwise the expulsion test waits out Kafka's 45 s default.
 */
class ConsumerProtocolGroupsIT {
    private static final GroupProtocol CONSUMER = GroupProtocol.CONSUMER;
    private static final String SESSION_TIMEOUT_KEY = "group.consumer.session.timeout.ms";
    private static final int SHORT_SESSION_TIMEOUT_MS = 6_000;
    private static final int DEFAULT_SESSION_TIMEOUT_MS = 45_000;
    private static WeirCluster weir;
    private static int sessionTimeoutMs;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startNode() {
        WeirCluster.Builder builder = WeirCluster.builder().config("offsets.topic.num.partitions", "5");
        if (BrokerConfigs.REGISTRY.find(SESSION_TIMEOUT_KEY).isPresent()) {
            builder.config(SESSION_TIMEOUT_KEY, Integer.toString(SHORT_SESSION_TIMEOUT_MS));
            sessionTimeoutMs = SHORT_SESSION_TIMEOUT_MS;
        } else {
            sessionTimeoutMs = DEFAULT_SESSION_TIMEOUT_MS;
        }
        weir = builder.build();
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

    /** Waits out the session timeout: 45 s until the node accepts {@value #SESSION_TIMEOUT_KEY} (see the class javadoc). */
    @Test
    void aMemberKilledWithoutLeavingIsExpelledWithinTheSessionTimeout() throws Exception {
        GroupScenarios.aKilledMemberIsExpelled(weir.bootstrapServers(), CONSUMER, "kip848-expel", sessionTimeoutMs, tmp);
    }

    @Test
    void fiftyMembersJoiningAtOnceSettleWithEveryPartitionOwnedOnce() throws Exception {
        long medianMs = GroupMembers.medianTimeToSettle(weir.bootstrapServers(), CONSUMER, "kip848-fifty", 50, 100);
        assertThat(medianMs).isLessThan(60_000);
    }
}

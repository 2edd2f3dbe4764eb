package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.config.BrokerConfigs;
import io.weir.testkit.WeirCluster;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.consumer.GroupProtocol;
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

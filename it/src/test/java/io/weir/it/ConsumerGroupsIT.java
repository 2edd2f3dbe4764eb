package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.weir.testkit.WeirCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumer groups (classic protocol) as their users run them: several kafka-clients members
 * splitting a topic, a second group reading independently, resuming after a commit, cooperative-sticky
 * revoking only what moves, a static member restarting without a rebalance, a member that dies
 * without leaving (kcat killed with SIGKILL) expelled within its session timeout, librdkafka's and
 * kafkajs's own group members, and fifty members joining at once. The consumer protocol's
 * counterparts are in {@link ConsumerProtocolGroupsIT}; both run the same {@link GroupScenarios}.
 *
 * <p>The node runs with {@code group.initial.rebalance.delay.ms=0}, as Kafka's shipped
 * server.properties sets it for development, so that the tests do not wait the 3 s default.
 */
class ConsumerGroupsIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final GroupProtocol CLASSIC = GroupProtocol.CLASSIC;
    private static WeirCluster weir;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startNode() {
        weir = WeirCluster.builder().config("group.initial.rebalance.delay.ms", "0").build();
    }

    @AfterAll
    static void stopNode() {
        weir.close();
    }

    @Test
    void threeMembersOwnDisjointPartitionsAndTogetherReadEveryRecordOnce() throws Exception {
        GroupMembers.threeMembersReadEveryRecordOnce(weir.bootstrapServers(), CLASSIC, "groups-three", "three");
    }

    @Test
    void aSecondGroupReadsEverythingIndependently() throws Exception {
        GroupScenarios.aSecondGroupReadsEverything(weir.bootstrapServers(), CLASSIC, "groups-independent", "independent");
    }

    @Test
    void aMemberThatCommitsClosesAndRestartsResumesRightAfterItsLastCommit() throws Exception {
        GroupScenarios.resumesAfterTheLastCommit(weir.bootstrapServers(), CLASSIC, "groups-resume", "resume");
    }

    @Test
    void cooperativeStickyRevokesOnlyThePartitionsThatMove() throws Exception {
        GroupScenarios.addingAMemberRevokesOnlyWhatMoves(weir.bootstrapServers(), CLASSIC, "groups-cooperative", "cooperative",
                Map.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName()));
    }

    @Test
    void aStaticMemberRestartingGetsItsPartitionsBackWithoutARebalance() throws Exception {
        GroupScenarios.aStaticMemberRestartsWithoutARebalance(weir.bootstrapServers(), CLASSIC, "groups-static", "static");
    }

    @Test
    void aMemberKilledWithoutLeavingIsExpelledWithinItsSessionTimeout() throws Exception {
        assumeThat(ExternalProcess.onPath("kcat")).as("kcat on the PATH (.ci/run installs it)").isPresent();
        String topic = "groups-expel";
        Clients.createTopic(weir.bootstrapServers(), topic, 6, Map.of());
        Process kcat = new ProcessBuilder("kcat", "-b", weir.bootstrapServers(), "-G", "expel",
                "-X", "session.timeout.ms=6000", "-X", "heartbeat.interval.ms=500", "-q", topic)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (KafkaConsumer<String, String> survivor = GroupMembers.member(weir.bootstrapServers(), CLASSIC, "expel")) {
            survivor.subscribe(List.of(topic));
            GroupMembers.awaitAssignment(survivor, size -> size > 0 && size < 6);

            kcat.destroyForcibly(); // SIGKILL: no LeaveGroup, the heartbeats just stop
            long killedNs = System.nanoTime();
            GroupMembers.awaitAssignment(survivor, size -> size == 6);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedNs);

            assertThat(tookMs).as("partitions move after the 6 s session timeout, not long after").isLessThan(30_000);
        } finally {
            kcat.destroyForcibly();
        }
    }

    /** The same with a kafka-clients member in a child JVM (10 s session timeout). */
    @Test
    void aJavaMemberKilledWithoutLeavingIsExpelledWithinItsSessionTimeout() throws Exception {
        GroupScenarios.aKilledMemberIsExpelled(weir.bootstrapServers(), CLASSIC, "groups-expel-java", 10_000, tmp);
    }

    @Test
    void kcatReadsTheTopicAsABalancedGroupMemberAndCommits() throws Exception {
        assumeThat(ExternalProcess.onPath("kcat")).as("kcat on the PATH (.ci/run installs it)").isPresent();
        String topic = "groups-kcat";
        Clients.createTopic(weir.bootstrapServers(), topic, 3, Map.of());
        GroupMembers.produce(weir.bootstrapServers(), topic, 300);
        List<String> command = List.of("kcat", "-b", weir.bootstrapServers(), "-G", "kcat-group",
                "-X", "auto.offset.reset=earliest", "-e", "-f", "%s\\n", topic);

        ExternalProcess.Result first = ExternalProcess.run(command, Optional.empty(), DEADLINE);
        ExternalProcess.Result second = ExternalProcess.run(command, Optional.empty(), DEADLINE);

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.stdoutLines()).hasSize(300).doesNotHaveDuplicates();
        assertThat(second.stdoutLines()).as("the first run's commits hold").isEmpty();
    }

    @Test
    void aKafkajsGroupMemberReadsEverything() throws Exception {
        Path clients = Clients.buildProperty("weir.it.nodeClientsDir").map(Path::of).orElse(Path.of("clients"));
        assumeThat(ExternalProcess.onPath("node")).as("node on the PATH").isPresent();
        assumeThat(Files.exists(clients.resolve("node_modules/kafkajs/package.json"))).as("kafkajs installed").isTrue();
        String topic = "groups-kafkajs";
        Clients.createTopic(weir.bootstrapServers(), topic, 3, Map.of());
        GroupMembers.produce(weir.bootstrapServers(), topic, 300);

        ExternalProcess.Result result = ExternalProcess.run(List.of("node",
                clients.resolve("kafkajs-group.js").toString(), weir.bootstrapServers(), topic, "kafkajs-group", "300"),
                Optional.empty(), Duration.ofSeconds(90));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdoutLines().get(result.stdoutLines().size() - 1))
                .isEqualTo("{\"count\":300,\"distinct\":300,\"partitions\":[0,1,2]}");
    }

    @Test
    void fiftyMembersJoiningAtOnceSettleWithEveryPartitionOwnedOnce() throws Exception {
        long medianMs = GroupMembers.medianTimeToSettle(weir.bootstrapServers(), CLASSIC, "groups-fifty", 50, 100);
        assertThat(medianMs).isLessThan(60_000);
    }
}

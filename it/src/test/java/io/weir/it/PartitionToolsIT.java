package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.server.WeirNode;
import io.weir.testkit.WeirCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka's cluster tools from {@code kafka-tools:4.4.0} against three nodes (one cluster for the
 * class; each test leaves every node running), each run in a child JVM:
 * {@code kafka-leader-election.sh} (LeaderElectionCommand), {@code kafka-reassign-partitions.sh}
 * (ReassignPartitionsCommand, --execute then --verify, which also clears the replication-throttle
 * keys of every broker and topic) and {@code kafka-metadata-quorum.sh} (MetadataQuorumCommand,
 * describe --status and --replication).
 */
class PartitionToolsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String LEADER_ELECTION = "org.apache.kafka.tools.LeaderElectionCommand";
    private static final String REASSIGN = "org.apache.kafka.tools.reassign.ReassignPartitionsCommand";
    private static final String METADATA_QUORUM = "org.apache.kafka.tools.MetadataQuorumCommand";

    @TempDir
    Path dir;

    private static WeirCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = WeirCluster.builder().nodes(3).config("broker.session.timeout.ms", "3000").build();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void leaderElectionToolMovesLeadershipBackToPreferredReplicas() throws Exception {
        createTopic(new NewTopic("elect", 3, (short) 3));
        int leaving = nonActiveNodeId();
        cluster.stop(leaving - 1);
        cluster.start(leaving - 1);
        cluster.awaitReady();
        WeirCluster.awaitCondition("the restarted broker back in every ISR",
                () -> partitions("elect").stream().allMatch(p -> p.isr().size() == 3));
        assertThat(partitions("elect")).anyMatch(p -> p.leader() != p.replicas().get(0));

        ExternalProcess.Result elected = tool(LEADER_ELECTION, "--election-type", "preferred",
                "--all-topic-partitions");

        assertThat(elected.stdout()).as(elected.toString())
                .contains("Successfully completed leader election (PREFERRED) for partitions");
        WeirCluster.awaitCondition("preferred leaders everywhere",
                () -> partitions("elect").stream().allMatch(p -> p.leader() == p.replicas().get(0)));
    }

    @Test
    void reassignPartitionsToolExecutesAndVerifiesAMove() throws Exception {
        createTopic(new NewTopic("moving", Map.of(0, List.of(1, 2))));
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, "{\"version\":1,\"partitions\":[{\"topic\":\"moving\",\"partition\":0,"
                + "\"replicas\":[2,3]}]}");

        ExternalProcess.Result executed = tool(REASSIGN, "--reassignment-json-file", plan.toString(), "--execute");
        assertThat(executed.stdout()).as(executed.toString())
                .contains("Successfully started partition reassignment for moving-0");

        WeirCluster.awaitCondition("the move completed",
                () -> partitions("moving").stream().allMatch(p -> p.replicas().equals(List.of(2, 3))));
        ExternalProcess.Result verified = tool(REASSIGN, "--reassignment-json-file", plan.toString(), "--verify");
        assertThat(verified.stdout()).as(verified.toString())
                .contains("Reassignment of partition moving-0 is completed");
    }

    @Test
    void metadataQuorumToolDescribesTheRaftLeaderAndItsFollowers() {
        cluster.awaitReady();
        int leader = cluster.activeController().orElseThrow().config().nodeId();

        ExternalProcess.Result status = tool(METADATA_QUORUM, "describe", "--status");
        String voters = cluster.nodes().get(0).config().controllerQuorumVoters().stream()
                .map(voter -> "{\"id\": " + voter.nodeId() + ", \"endpoints\": [\"CONTROLLER://" + voter.address() + "\"]}")
                .collect(Collectors.joining(", ", "[", "]"));
        assertThat(status.stdout()).as(status.toString())
                .containsPattern("LeaderId:\\s+" + leader + "\\n")
                .containsPattern("LeaderEpoch:\\s+[1-9]\\d*\\n")
                .containsPattern("HighWatermark:\\s+[1-9]\\d*\\n")
                .contains("CurrentVoters:          " + voters)
                .containsPattern("CurrentObservers:\\s+\\[]");

        // Followers answer the leader's appends within milliseconds: poll until each holds its whole log.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ExternalProcess.Result replication = tool(METADATA_QUORUM, "describe", "--replication");
            List<String> rows = replication.stdoutLines().stream().skip(1).map(String::strip).toList();
            assertThat(rows).as(replication.toString()).hasSize(3).allSatisfy(row -> assertThat(row)
                    .matches("[123]\\s+AAAAAAAAAAAAAAAAAAAAAA\\s+[1-9]\\d*\\s+0\\s+\\d+\\s+\\d+\\s+(Leader|Follower)"));
            assertThat(rows).filteredOn(row -> row.endsWith("Leader")).singleElement()
                    .satisfies(row -> assertThat(row).startsWith(leader + " "));
            assertThat(rows).filteredOn(row -> row.endsWith("Follower")).hasSize(2);
        });
    }

    private void createTopic(NewTopic topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            admin.createTopics(List.of(topic)).all().get();
        }
        WeirCluster.awaitCondition("the topic everywhere", () -> cluster.nodes().stream()
                .allMatch(node -> node.clusterImage().orElseThrow().topics().getTopic(topic.name()).isPresent()));
    }

    private int nonActiveNodeId() {
        int active = cluster.activeController().orElseThrow().config().nodeId();
        return IntStream.rangeClosed(1, 3).filter(id -> id != active).findFirst().orElseThrow();
    }

    private List<PartitionRegistration> partitions(String topic) {
        MetadataImage image = cluster.activeController().flatMap(WeirNode::clusterImage).orElseThrow();
        return List.copyOf(image.topics().getTopic(topic).orElseThrow().partitions().values());
    }

    private ExternalProcess.Result tool(String mainClass, String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", cluster.bootstrapServers()));
        all.addAll(List.of(args));
        ExternalProcess.Result result =
                ExternalProcess.run(ExternalProcess.java(ExternalProcess.testClassPath(), mainClass, all),
                        Optional.empty(), TIMEOUT);
        assertThat(result.exitCode()).as("%s %s%n%s", mainClass, all, result).isZero();
        return result;
    }
}

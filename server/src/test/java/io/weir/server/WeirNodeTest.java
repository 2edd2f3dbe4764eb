package io.weir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.metadata.config.BrokerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeirNodeTest {

    /** A configuration with the HTTP endpoint off unless a pair turns it on. */
    private static BrokerConfig config(String... pairs) {
        List<String> all = new java.util.ArrayList<>(List.of("weir.http.listener="));
        all.addAll(List.of(pairs));
        return BrokerConfig.load(Optional.empty(), all);
    }

    @Test
    void startCreatesAndLocksEveryDataDirectory(@TempDir Path dir) {
        Path first = dir.resolve("a/data");
        Path second = dir.resolve("b");
        try (WeirNode node = new WeirNode(config("log.dirs=" + first + "," + second, "node.id=3"))) {
            node.start();

            assertThat(first.resolve(".lock")).isRegularFile();
            assertThat(second.resolve(".lock")).isRegularFile();
            assertThat(node.readyLine()).isEqualTo("Weir " + WeirVersion.get() + " node 3 ready: listener"
                    + " PLAINTEXT://127.0.0.1:9092, data in " + first + ", " + second);
        }
    }

    @Test
    void aVoterWithoutTheControllerRoleStopsTheStartWithOneLine(@TempDir Path dir) {
        WeirNode node = new WeirNode(config("log.dirs=" + dir, "node.id=2", "process.roles=broker",
                "listeners=PLAINTEXT://127.0.0.1:0", "controller.quorum.voters=1@127.0.0.1:1,2@127.0.0.1:2"));

        assertThatThrownBy(node::start)
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("process.roles=broker")
                .hasMessageContaining("controller.quorum.voters");
    }

    @Test
    void aControllerOutsideTheQuorumStopsTheStartWithOneLine(@TempDir Path dir) {
        WeirNode node = new WeirNode(config("log.dirs=" + dir, "node.id=4", "process.roles=controller",
                "listeners=PLAINTEXT://127.0.0.1:0", "controller.quorum.voters=1@127.0.0.1:1,2@127.0.0.1:2"));

        assertThatThrownBy(node::start)
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("requires node 4 in controller.quorum.voters");
    }

    @Test
    void theClusterIdIsTheSameForTheSameVotersInAnyOrder() {
        String id = ClusterWiring.clusterId(BrokerConfig.load(Optional.empty(),
                List.of("controller.quorum.voters=1@h:1,2@h:2")).controllerQuorumVoters());
        String reordered = ClusterWiring.clusterId(BrokerConfig.load(Optional.empty(),
                List.of("controller.quorum.voters=2@h:2,1@h:1")).controllerQuorumVoters());
        String other = ClusterWiring.clusterId(BrokerConfig.load(Optional.empty(),
                List.of("controller.quorum.voters=1@h:1,2@h:3")).controllerQuorumVoters());

        assertThat(id).hasSize(22).isEqualTo(reordered).isNotEqualTo(other);
    }

    @Test
    void theReadyLineNamesTheHttpAddressWhenItIsOn(@TempDir Path dir) {
        try (WeirNode node = new WeirNode(config("log.dirs=" + dir, "node.id=2", "listeners=PLAINTEXT://127.0.0.1:0",
                "weir.http.listener=127.0.0.1:0"))) {
            node.start();

            int httpPort = node.httpAddress().orElseThrow().getPort();
            assertThat(httpPort).isPositive();
            assertThat(node.readyLine()).contains(", http http://127.0.0.1:" + httpPort + ", data in " + dir);
        }
    }

    @Test
    void anHttpPortInUseStopsTheStartWithOneLine(@TempDir Path dir) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            WeirNode node = new WeirNode(config("log.dirs=" + dir, "listeners=PLAINTEXT://127.0.0.1:0",
                    "weir.http.listener=" + address));

            assertThatThrownBy(node::start)
                    .isInstanceOf(StartupException.class)
                    .hasMessageStartingWith("cannot serve HTTP on weir.http.listener=" + address + ": ");
        }
        try (WeirNode again = new WeirNode(config("log.dirs=" + dir, "listeners=PLAINTEXT://127.0.0.1:0"))) {
            again.start();
        }
    }

    @Test
    void aSecondNodeCannotShareADataDirectory(@TempDir Path dir) {
        BrokerConfig config = config("log.dirs=" + dir);
        try (WeirNode first = new WeirNode(config)) {
            first.start();

            WeirNode second = new WeirNode(config);
            assertThatThrownBy(second::start)
                    .isInstanceOf(StartupException.class)
                    .hasMessage("data directory " + dir + " is in use by another node in this process");
        }
        try (WeirNode third = new WeirNode(config)) {
            third.start();
        }
    }

    @Test
    void aFailedStartReleasesWhatItTook(@TempDir Path dir) throws Exception {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "x");
        BrokerConfig config = config("log.dirs=" + dir.resolve("ok") + "," + blocker);

        assertThatThrownBy(new WeirNode(config)::start)
                .isInstanceOf(StartupException.class)
                .hasMessage("cannot create data directory " + blocker + ": a file of that name is in the way");
        try (WeirNode node = new WeirNode(config("log.dirs=" + dir.resolve("ok")))) {
            node.start();
        }
    }

    @Test
    void schedulerRunsOnNamedDaemonThreads(@TempDir Path dir) throws Exception {
        try (WeirNode node = new WeirNode(config("log.dirs=" + dir))) {
            node.start();

            Thread thread = node.scheduler().submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
            assertThat(thread.getName()).matches("weir-scheduler-\\d+");
            assertThat(thread.isDaemon()).isTrue();
        }
    }

    @Test
    void closeIsIdempotentAndStopsTheScheduler(@TempDir Path dir) throws Exception {
        WeirNode node = new WeirNode(config("log.dirs=" + dir));
        node.start();
        var scheduler = node.scheduler();

        node.close();
        node.close();

        assertThat(scheduler.isShutdown()).isTrue();
        node.awaitClosed();
        assertThatThrownBy(node::start).isInstanceOf(IllegalStateException.class);
    }
}

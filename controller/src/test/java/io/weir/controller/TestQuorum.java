package io.weir.controller;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import io.weir.metadata.config.HostPort;
import io.weir.metadata.config.QuorumVoter;
import org.awaitility.Awaitility;

/**
 * A quorum of voters in this JVM on loopback ports chosen at run time: a free port is found by
 * binding port 0 and closing the socket just before a voter starts, and the whole quorum is
 * started again on new ports if one of them was taken in between. Not thread-safe; one test owns
 * one quorum.
 */
final class TestQuorum implements AutoCloseable {
    static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final int START_ATTEMPTS = 5;

    private final Path baseDir;
    private final UnaryOperator<ControllerQuorumConfig> tuning;
    private List<QuorumVoter> voters = List.of();
    private final Map<Integer, QuorumController> running = new TreeMap<>();

    private TestQuorum(Path baseDir, UnaryOperator<ControllerQuorumConfig> tuning) {
        this.baseDir = baseDir;
        this.tuning = tuning;
    }

    static TestQuorum start(Path baseDir, int size) throws IOException {
        return start(baseDir, size, UnaryOperator.identity());
    }

    static TestQuorum start(Path baseDir, int size, UnaryOperator<ControllerQuorumConfig> tuning)
            throws IOException {
        TestQuorum quorum = new TestQuorum(baseDir, tuning);
        for (int attempt = 1; ; attempt++) {
            quorum.voters = freeVoters(size);
            try {
                for (QuorumVoter voter : quorum.voters) {
                    quorum.start(voter.nodeId());
                }
                return quorum;
            } catch (IOException | UncheckedIOException e) {
                quorum.close();
                if (!isBindFailure(e) || attempt == START_ATTEMPTS) {
                    throw e;
                }
                quorum.wipeAll();
            }
        }
    }

    /** Starts (or restarts) one voter on its port, with its storage as it was left. */
    QuorumController start(int nodeId) throws IOException {
        ControllerQuorumConfig config = tuning.apply(new ControllerQuorumConfig(nodeId, voters, raftDir(nodeId),
                300, 600, ControllerQuorumConfig.DEFAULT_SNAPSHOT_EVERY_ENTRIES,
                ControllerQuorumConfig.DEFAULT_LOG_SEGMENT_BYTES));
        QuorumController controller = QuorumController.start(config);
        running.put(nodeId, controller);
        return controller;
    }

    void stop(int nodeId) {
        running.remove(nodeId).close();
    }

    /** Deletes a stopped voter's whole storage, as if its disk were replaced. */
    void wipe(int nodeId) throws IOException {
        Path dir = raftDir(nodeId);
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    QuorumController voter(int nodeId) {
        return running.get(nodeId);
    }

    List<QuorumController> running() {
        return new ArrayList<>(running.values());
    }

    String votersText() {
        return String.join(",", voters.stream().map(QuorumVoter::toString).toList());
    }

    /** Polls until exactly one running voter is the ready leader and every voter knows it. */
    QuorumController awaitLeader() {
        return Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).until(() -> {
            List<QuorumController> leaders = running.values().stream().filter(QuorumController::isLeader).toList();
            if (leaders.size() != 1) {
                return null;
            }
            int leaderId = leaders.get(0).nodeId();
            boolean agreed = running.values().stream()
                    .allMatch(c -> c.leaderId().isPresent() && c.leaderId().getAsInt() == leaderId);
            return agreed ? leaders.get(0) : null;
        }, leader -> leader != null);
    }

    QuorumController anyFollower(QuorumController leader) {
        return running.values().stream().filter(c -> c != leader).findFirst().orElseThrow();
    }

    /** Polls until every running voter's image reaches {@code offset}. */
    void awaitOffset(long offset) {
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(10))
                .until(() -> running.values().stream().allMatch(c -> c.image().offset() >= offset));
    }

    private Path raftDir(int nodeId) {
        return baseDir.resolve("node-" + nodeId).resolve("raft");
    }

    private void wipeAll() throws IOException {
        for (QuorumVoter voter : voters) {
            wipe(voter.nodeId());
        }
    }

    static List<QuorumVoter> freeVoters(int size) throws IOException {
        List<QuorumVoter> voters = new ArrayList<>();
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int id = 1; id <= size; id++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                voters.add(new QuorumVoter(id, new HostPort("127.0.0.1", socket.getLocalPort())));
            }
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
        return voters;
    }

    static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        for (QuorumController controller : running.values()) {
            controller.close();
        }
        running.clear();
    }
}

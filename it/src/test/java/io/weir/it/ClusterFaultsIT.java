package io.weir.it;

import static io.weir.it.ClusterChecks.FULL_ISR_HOLD_MS;
import static io.weir.it.ClusterChecks.WAIT_MS;
import static io.weir.it.ClusterChecks.awaitUntil;
import static io.weir.it.ClusterChecks.describe;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Weir nodes in their own JVMs, a topic with replication factor 3 and min.insync.replicas=2,
 * an idempotent acks=all producer writing all the time, and one real fault per test: SIGKILL of a
 * partition leader, SIGKILL of the active controller, SIGSTOP of a leader for longer than the broker
 * session timeout, and SIGKILL of a leader whose un-flushed page cache is then lost (the tail of its
 * active segments cut off: half of each, at most 4 KiB) before it starts again. Each test then checks that every acknowledged
 * write is in the log exactly once and in order, waits for the full ISR, stops the cluster and
 * compares the three replicas' logs byte for byte up to the high watermark. It prints how long after
 * the fault the first write to an affected partition was acknowledged.
 */
class ClusterFaultsIT {
    private static final String TOPIC = "faults";
    private static final int PARTITIONS = 3;
    private static final int SESSION_TIMEOUT_MS = 3_000;
    private static final long ACKS_BEFORE_FAULT = 1_000;
    private static final long ACKS_AFTER_FAULT = 1_500;
    private static final long ACKS_AFTER_RECOVERY = 500;
    private static final int MAX_CUT_BYTES = 4 * 1024;

    @TempDir
    Path tmp;

    private ClusterProcesses cluster;

    @AfterEach
    void stopCluster(TestInfo test) throws IOException {
        if (cluster != null) {
            cluster.close();
        }
        String testName = test.getTestMethod().map(m -> m.getName()).orElse("unknown");
        ClusterProcesses.keepOutputs(tmp, Path.of("target", "cluster-faults", testName));
    }

    @Test
    void aKilledPartitionLeaderLosesNoAcknowledgedWrite() throws Exception {
        run("SIGKILL of the leader", admin -> leaderOf(admin, 0), new Fault() {
            @Override
            public void inject(int victim) throws Exception {
                cluster.killNine(victim);
            }

            @Override
            public void recover(int victim) {
                cluster.restart(victim);
            }
        });
    }

    @Test
    void aKilledActiveControllerLosesNoAcknowledgedWrite() throws Exception {
        run("SIGKILL of the active controller", ClusterFaultsIT::activeController, new Fault() {
            @Override
            public void inject(int victim) throws Exception {
                cluster.killNine(victim);
            }

            @Override
            public void recover(int victim) {
                cluster.restart(victim);
            }
        });
    }

    @Test
    void aLeaderPausedLongerThanTheSessionTimeoutLosesNoAcknowledgedWrite() throws Exception {
        run("SIGSTOP of a leader", ClusterFaultsIT::leaderThatIsNotTheActiveController, new Pause());
    }

    @Test
    void theActiveControllerPausedLongerThanTheSessionTimeoutLosesNoAcknowledgedWrite() throws Exception {
        run("SIGSTOP of the active controller", ClusterFaultsIT::activeController, new Pause());
    }

    /** SIGSTOP until the others have fenced the node and taken it out of every ISR, then SIGCONT. */
    private final class Pause implements Fault {
        @Override
        public void inject(int victim) {
            cluster.pause(victim);
        }

        @Override
        public void beforeRecovery(Admin admin, int victim, long faultNs) {
            awaitUntil("node " + victim + " out of every ISR while paused", () -> describe(admin, TOPIC).partitions()
                    .stream().noneMatch(p -> p.isr().stream().anyMatch(n -> n.id() == victim)));
            long pausedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - faultNs);
            assertThat(pausedMs).isGreaterThan(SESSION_TIMEOUT_MS);
            System.out.printf("node %d paused for %d ms%n", victim, pausedMs);
        }

        @Override
        public void recover(int victim) {
            cluster.resume(victim);
        }
    }

    @Test
    void aLeaderThatLosesItsPageCacheLosesNoAcknowledgedWrite() throws Exception {
        run("SIGKILL of the leader and loss of its page cache", admin -> leaderOf(admin, 0), new Fault() {
            @Override
            public void inject(int victim) throws Exception {
                cluster.killNine(victim);
                for (Path segment : ReplicaLogs.activeSegments(cluster.dataDir(victim), TOPIC)) {
                    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                        long size = channel.size();
                        channel.truncate(size - Math.min(MAX_CUT_BYTES, size / 2));
                        System.out.printf("cut %s from %d to %d bytes%n", segment, size, channel.size());
                    }
                }
            }

            @Override
            public void recover(int victim) {
                cluster.restart(victim);
            }
        });
    }

    /** What a test does to its victim node. */
    private interface Fault {
        void inject(int victim) throws Exception;

        /** Runs after the writes that follow the fault, before {@link #recover}. */
        default void beforeRecovery(Admin admin, int victim, long faultNs) {}

        void recover(int victim) throws Exception;
    }

    /** Picks the victim node. */
    private interface VictimChooser {
        int choose(Admin admin) throws Exception;
    }

    private void run(String name, VictimChooser chooser, Fault fault) throws Exception {
        try {
            runOnce(name, chooser, fault);
        } catch (Exception | AssertionError e) {
            if (cluster != null) {
                cluster.dumpThreads();
            }
            throw e;
        }
    }

    private void runOnce(String name, VictimChooser chooser, Fault fault) throws Exception {
        cluster = ClusterProcesses.start(tmp, 3,
                "broker.session.timeout.ms=" + SESSION_TIMEOUT_MS,
                "broker.heartbeat.interval.ms=500",
                "default.replication.factor=3",
                "min.insync.replicas=2");
        try (Admin admin = ClusterChecks.admin(cluster.bootstrapServers())) {
            awaitUntil("three registered brokers", () -> ClusterChecks.brokerCount(admin) == 3);
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3)
                            .configs(Map.of("min.insync.replicas", "2"))))
                    .all()
                    .get(WAIT_MS, TimeUnit.MILLISECONDS);
            ClusterChecks.awaitFullIsr(admin, List.of(TOPIC), 3, 0);
            List<ContinuousProducer.Ack> acks;
            try (ContinuousProducer producer = new ContinuousProducer(cluster.bootstrapServers(), TOPIC, PARTITIONS)) {
                producer.awaitAcks(0, ACKS_BEFORE_FAULT, WAIT_MS);
                int victim = chooser.choose(admin);
                Set<Integer> affected = ClusterChecks.partitionsLedBy(admin, TOPIC, victim);
                fault.inject(victim);
                long faultNs = System.nanoTime();
                producer.awaitAcks(producer.ackCount(), ACKS_AFTER_FAULT, WAIT_MS);
                long firstAckMs = TimeUnit.NANOSECONDS.toMillis(producer.firstAckNsAfter(faultNs,
                        affected.isEmpty() ? allPartitions() : affected).orElseThrow() - faultNs);
                System.out.printf("[%s] node %d, partitions %s: first acknowledged write %d ms after the fault%n",
                        name, victim, affected, firstAckMs);
                fault.beforeRecovery(admin, victim, faultNs);
                fault.recover(victim);
                producer.awaitAcks(producer.ackCount(), ACKS_AFTER_RECOVERY, WAIT_MS);
                producer.close();
                acks = producer.acks();
                System.out.printf("[%s] %d writes acknowledged, %d failed%n", name, acks.size(),
                        producer.failures().size());
            }
            // Read back at once: a node just woken from a pause must not serve what it led before.
            Map<Integer, Map<Long, String>> logged =
                    AcknowledgedWrites.checkOnceAndInOrder(cluster.bootstrapServers(), TOPIC, acks);
            ClusterChecks.awaitFullIsr(admin, List.of(TOPIC), 3, FULL_ISR_HOLD_MS);
            Map<Integer, Long> highWatermarks = Clients.endOffsets(cluster.bootstrapServers(), TOPIC);
            cluster.close();
            ReplicaLogs.checkIdenticalBelow(cluster, TOPIC, highWatermarks).forEach((partition, stored) ->
                    AcknowledgedWrites.checkStoredAsConsumed(TOPIC + "-" + partition, stored,
                            logged.getOrDefault(partition, Map.of())));
        }
    }

    private static int leaderOf(Admin admin, int partition) {
        return describe(admin, TOPIC).partitions().get(partition).leader().id();
    }

    private static int leaderThatIsNotTheActiveController(Admin admin) {
        int controller = activeController(admin);
        return describe(admin, TOPIC).partitions().stream()
                .map(p -> p.leader().id())
                .filter(id -> id != controller)
                .findFirst()
                .orElseThrow(() -> new AssertionError("node " + controller + " leads every partition"));
    }

    private static int activeController(Admin admin) {
        return ClusterChecks.activeController(admin);
    }

    private static Set<Integer> allPartitions() {
        Set<Integer> all = new HashSet<>();
        for (int p = 0; p < PARTITIONS; p++) {
            all.add(p);
        }
        return all;
    }
}

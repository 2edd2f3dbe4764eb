package io.weir.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterPartitionReassignmentsOptions;
import org.apache.kafka.clients.admin.ElectLeadersOptions;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ElectionNotNeededException;

/**
 * The faults of {@link ClusterSoakIT}, each applied and recovered from in one call: a node killed
 * (SIGKILL) or stopped (SIGTERM, a controlled shutdown) and started again, the active controller
 * killed and started again, a node paused (SIGSTOP) and resumed (SIGCONT), a partition reassigned
 * (its replicas reordered and the new preferred leader elected, or one replica removed and added
 * back) or a preferred leader election of every partition through the Admin client, and a member
 * of the consumer group crashed and replaced. Every random choice (which fault, which node, for how
 * long) comes from the {@link Random} passed in, drawn the same way whatever the cluster's state,
 * so that a seed repeats the sequence.
 *
 * <p>Thread-safety: confined to the test thread.
 */
final class SoakFaults {
    /** A kind of fault. */
    enum Kind { KILL_NODE, KILL_CONTROLLER, PAUSE_NODE, STOP_NODE, REASSIGN, ELECT_PREFERRED, REPLACE_MEMBER }

    /**
     * A fault applied and recovered from: {@code startNs} when it was injected, {@code recoveredNs}
     * when its recovery step (restart, resume, completed reassignment, ...) was done, and the
     * partitions of the producer's topic it hit (those the victim led, or the one reassigned).
     */
    record Applied(int number, Kind kind, String detail, long startNs, long recoveredNs, Set<Integer> affected) {}

    private static final long OPERATION_TIMEOUT_MS = 30_000;

    private final ClusterProcesses cluster;
    private final Admin admin;
    private final SoakGroup group;
    private final String producerTopic;
    private final List<String> topics;
    private final int partitions;
    private final ConcurrentLinkedQueue<String> violations;

    /**
     * @param producerTopic the topic whose affected partitions each fault reports
     * @param topics the topics a reassignment picks from, each with {@code partitions} partitions
     * @param violations where failed Admin operations are reported
     */
    SoakFaults(ClusterProcesses cluster, Admin admin, SoakGroup group, String producerTopic, List<String> topics,
            int partitions, ConcurrentLinkedQueue<String> violations) {
        this.cluster = cluster;
        this.admin = admin;
        this.group = group;
        this.producerTopic = producerTopic;
        this.topics = topics;
        this.partitions = partitions;
        this.violations = violations;
    }

    /** Draws a fault from {@code random}, applies it and recovers from it. */
    Applied apply(int number, Random random) throws Exception {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        int node = cluster.nodeIds().get(random.nextInt(cluster.nodeIds().size()));
        long downMs = 1_000 + random.nextInt(4_001);
        long pauseMs = 1_000 + random.nextInt(5_001);
        long startNs = System.nanoTime();
        return switch (kind) {
            case KILL_NODE -> killAndRestart(number, kind, node, downMs);
            case KILL_CONTROLLER -> killAndRestart(number, kind, ClusterChecks.activeController(admin), downMs);
            case PAUSE_NODE -> {
                Set<Integer> affected = ledBy(node);
                cluster.pause(node);
                long pausedNs = System.nanoTime();
                parkMs(pauseMs);
                cluster.resume(node);
                yield new Applied(number, kind, "node " + node + " paused " + pauseMs + " ms", pausedNs,
                        System.nanoTime(), affected);
            }
            case STOP_NODE -> {
                Set<Integer> affected = ledBy(node);
                long stoppedNs = System.nanoTime();
                cluster.stop(node);
                parkMs(downMs);
                cluster.restart(node);
                yield new Applied(number, kind, "node " + node + " stopped (SIGTERM), down " + downMs + " ms",
                        stoppedNs, System.nanoTime(), affected);
            }
            case REASSIGN -> {
                awaitFullIsr();
                yield reassign(number, random, System.nanoTime());
            }
            case ELECT_PREFERRED -> {
                awaitFullIsr();
                long electedNs = System.nanoTime();
                electPreferred(Optional.empty());
                yield new Applied(number, kind, "preferred leaders of every partition", electedNs, System.nanoTime(),
                        allPartitions());
            }
            case REPLACE_MEMBER -> {
                String crashed = group.replace(random.nextInt(group.size()));
                yield new Applied(number, kind, crashed + " crashed and replaced", startNs, System.nanoTime(),
                        allPartitions());
            }
        };
    }

    private Applied killAndRestart(int number, Kind kind, int node, long downMs) throws InterruptedException {
        Set<Integer> affected = ledBy(node);
        long killedNs = System.nanoTime();
        cluster.killNine(node);
        parkMs(downMs);
        cluster.restart(node);
        return new Applied(number, kind, "node " + node + " killed (SIGKILL), down " + downMs + " ms", killedNs,
                System.nanoTime(), affected);
    }

    /** Reorders a random partition's replicas and elects the new preferred leader, or removes one replica and adds it back. */
    private Applied reassign(int number, Random random, long startNs) {
        String topic = topics.get(random.nextInt(topics.size()));
        TopicPartition partition = new TopicPartition(topic, random.nextInt(partitions));
        boolean shrink = random.nextBoolean();
        int first = random.nextInt(3);
        int second = random.nextInt(3);
        List<Integer> replicas = replicas(partition);
        String detail;
        if (shrink) {
            List<Integer> shrunk = new ArrayList<>(replicas);
            int dropped = shrunk.remove(first % shrunk.size());
            List<Integer> grown = new ArrayList<>(shrunk);
            grown.add(second % (grown.size() + 1), dropped);
            move(partition, shrunk);
            move(partition, grown);
            detail = partition + " " + replicas + " -> " + shrunk + " -> " + grown;
        } else {
            List<Integer> rotated = IntStream.range(0, replicas.size())
                    .mapToObj(i -> replicas.get((i + 1 + first % 2) % replicas.size()))
                    .toList();
            move(partition, rotated);
            electPreferred(Optional.of(partition));
            detail = partition + " " + replicas + " -> " + rotated + ", preferred leader elected";
        }
        Set<Integer> affected = topic.equals(producerTopic) ? Set.of(partition.partition()) : Set.of();
        return new Applied(number, Kind.REASSIGN, detail, startNs, System.nanoTime(), affected);
    }

    /** Starts moving {@code partition} to {@code target} and waits until the move is complete. */
    private void move(TopicPartition partition, List<Integer> target) {
        try {
            admin.alterPartitionReassignments(Map.of(partition, Optional.of(new NewPartitionReassignment(target))),
                            new AlterPartitionReassignmentsOptions().timeoutMs((int) OPERATION_TIMEOUT_MS))
                    .all()
                    .get(OPERATION_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            violations.add("reassignment of " + partition + " to " + target + " failed: " + e);
            return;
        }
        ClusterChecks.awaitUntil("the reassignment of " + partition + " to " + target + " to complete",
                () -> replicas(partition).equals(target) && ongoingReassignments(partition).isEmpty());
    }

    private Set<TopicPartition> ongoingReassignments(TopicPartition partition) {
        try {
            return admin.listPartitionReassignments(Set.of(partition)).reassignments().get(10, TimeUnit.SECONDS)
                    .keySet();
        } catch (Exception e) {
            throw new IllegalStateException("could not list the reassignments of " + partition, e);
        }
    }

    /** Preferred leader election of {@code partition}, or of every partition; "not needed" is no error. */
    private void electPreferred(Optional<TopicPartition> partition) {
        try {
            Map<TopicPartition, Optional<Throwable>> results = admin.electLeaders(ElectionType.PREFERRED,
                            partition.map(Set::of).orElse(null),
                            new ElectLeadersOptions().timeoutMs((int) OPERATION_TIMEOUT_MS))
                    .partitions()
                    .get(OPERATION_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            results.forEach((tp, error) -> error.filter(e -> !(e instanceof ElectionNotNeededException))
                    .ifPresent(e -> violations.add("preferred leader election of " + tp + " failed: " + e)));
        } catch (Exception e) {
            violations.add("preferred leader election of " + partition.map(Object::toString).orElse("every partition")
                    + " failed: " + e);
        }
    }

    /** Admin faults start with all nodes running and in sync, so that a preferred replica is always eligible. */
    private void awaitFullIsr() {
        List<String> all = new ArrayList<>(topics);
        all.add("__consumer_offsets");
        ClusterChecks.awaitFullIsr(admin, all, 3, 0);
    }

    private List<Integer> replicas(TopicPartition partition) {
        TopicPartitionInfo info = ClusterChecks.describe(admin, partition.topic()).partitions()
                .get(partition.partition());
        return info.replicas().stream().map(Node::id).toList();
    }

    /** The producer topic's partitions that {@code node} leads, or all of them if the cluster does not say. */
    private Set<Integer> ledBy(int node) {
        try {
            return ClusterChecks.partitionsLedBy(admin, producerTopic, node);
        } catch (IllegalStateException e) {
            return allPartitions();
        }
    }

    private Set<Integer> allPartitions() {
        return IntStream.range(0, partitions).boxed().collect(Collectors.toSet());
    }

    /** A fault's chosen duration: the node is meant to stay down (or paused) this long. */
    private static void parkMs(long ms) {
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        for (long left = ms; left > 0; left = TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime())) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(left));
        }
    }
}

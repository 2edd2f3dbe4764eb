package io.weir.it;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * What the fault tests ask a running cluster through the Admin client, and how they wait for it:
 * polling with a deadline, treating a failed request (a node down, a leader moving) as "not yet".
 *
 * <p>Thread-safety: stateless; the Admin client passed in is the caller's.
 */
final class ClusterChecks {
    /** How long any wait for the cluster may take before the test fails. */
    static final long WAIT_MS = 90_000;

    /**
     * Longer than Ratis' bound on a woken leader's step-down (5 s): until then its Metadata answers
     * (a full ISR among them) may be the ones it had before the pause, though it leads nothing.
     */
    static final long FULL_ISR_HOLD_MS = 6_000;

    private static final long POLL_MS = 100;

    private ClusterChecks() {}

    /** An Admin client with short timeouts, so that a request to a node that is down fails fast. */
    static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    /**
     * Waits until every partition of {@code topics} has a leader and {@code replicas} in-sync
     * replicas, and stays so for {@code holdMs} (see {@link #FULL_ISR_HOLD_MS}: one answer is not
     * always enough). On timeout the message names every partition without its full ISR, and its ISR.
     */
    static void awaitFullIsr(Admin admin, Collection<String> topics, int replicas, long holdMs) {
        long heldSinceNs = -1;
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        Map<String, String> lacking = Map.of("(no answer)", "");
        while (heldSinceNs < 0 || System.nanoTime() - heldSinceNs < TimeUnit.MILLISECONDS.toNanos(holdMs)) {
            if (System.nanoTime() > deadlineNs) {
                throw new AssertionError("timed out after " + WAIT_MS + " ms waiting for every partition of "
                        + topics + " with " + replicas + " in-sync replicas for " + holdMs
                        + " ms; last seen without (partition=leader/ISR): " + lacking);
            }
            Optional<Map<String, String>> now = partitionsWithoutFullIsr(admin, topics, replicas);
            if (now.isPresent()) {
                lacking = now.get();
            }
            boolean full = now.map(Map::isEmpty).orElse(false);
            heldSinceNs = !full ? -1 : heldSinceNs < 0 ? System.nanoTime() : heldSinceNs;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MS));
        }
    }

    /**
     * Each partition of {@code topics} that lacks a leader or has fewer than {@code replicas}
     * in-sync replicas, as {@code topic-partition -> leader/ISR}; empty when the cluster did not answer.
     */
    static Optional<Map<String, String>> partitionsWithoutFullIsr(Admin admin, Collection<String> topics,
            int replicas) {
        try {
            Map<String, String> lacking = new TreeMap<>();
            for (TopicDescription topic : describe(admin, topics).values()) {
                for (TopicPartitionInfo p : topic.partitions()) {
                    boolean led = p.leader() != null && !p.leader().isEmpty();
                    if (!led || p.isr().size() < replicas) {
                        lacking.put(topic.name() + "-" + p.partition(), (led ? p.leader().id() : "none")
                                + "/" + p.isr().stream().map(Node::id).toList());
                    }
                }
            }
            return Optional.of(lacking);
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** The descriptions of {@code topics}; an {@link IllegalStateException} if the cluster does not answer. */
    static Map<String, TopicDescription> describe(Admin admin, Collection<String> topics) {
        try {
            return admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not describe " + topics, e);
        }
    }

    static TopicDescription describe(Admin admin, String topic) {
        return describe(admin, List.of(topic)).get(topic);
    }

    /** How many brokers the cluster lists; an {@link IllegalStateException} if it does not answer. */
    static int brokerCount(Admin admin) {
        try {
            return admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size();
        } catch (Exception e) {
            throw new IllegalStateException("could not describe the cluster", e);
        }
    }

    /** The active controller's node id, waiting until one is known. */
    static int activeController(Admin admin) {
        int[] id = new int[1];
        awaitUntil("an active controller", () -> {
            try {
                Node controller = admin.describeCluster().controller().get(10, TimeUnit.SECONDS);
                id[0] = controller == null ? -1 : controller.id();
                return id[0] >= 0;
            } catch (Exception e) {
                throw new IllegalStateException("could not describe the cluster", e);
            }
        });
        return id[0];
    }

    /** The partitions of {@code topic} that {@code node} leads. */
    static Set<Integer> partitionsLedBy(Admin admin, String topic, int node) {
        return describe(admin, topic).partitions().stream()
                .filter(p -> p.leader() != null && p.leader().id() == node)
                .map(TopicPartitionInfo::partition)
                .collect(Collectors.toSet());
    }

    /** Polls {@code condition} until it holds; an {@link IllegalStateException} from it counts as false. */
    static void awaitUntil(String what, BooleanSupplier condition) {
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!tryCheck(condition)) {
            if (System.nanoTime() > deadlineNs) {
                throw new AssertionError("timed out after " + WAIT_MS + " ms waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MS));
        }
    }

    static boolean tryCheck(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (IllegalStateException e) {
            return false;
        }
    }
}

package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * Group members of either rebalance protocol and the checks the group ITs share: members polling in
 * their own threads while the test watches their assignments, the "settled" condition (every member
 * owns something, every partition is owned exactly once), rebalance listeners that log callbacks, and
 * the time fifty members take to settle.
 *
 * <p>Classic members beat every second with a 10 s session; consumer-protocol members (KIP-848) take
 * both from the broker, as that protocol requires.
 *
 * <p>Thread-safety: stateless; {@link ListenerLog} is safe to read from any thread.
 */
final class GroupMembers {
    private GroupMembers() {}

    /** A member of {@code group} speaking {@code protocol}, with {@code extra} settings on top. */
    static KafkaConsumer<String, String> member(String bootstrapServers, GroupProtocol protocol, String group,
            Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol.name());
        if (protocol == GroupProtocol.CLASSIC) {
            config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
            config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
        }
        config.putAll(extra);
        return Clients.consumer(bootstrapServers, config);
    }

    static KafkaConsumer<String, String> member(String bootstrapServers, GroupProtocol protocol, String group) {
        return member(bootstrapServers, protocol, group, Map.of());
    }

    /** Polls {@code topic} as a member until {@code stop}, recording its assignment after each poll and committing. */
    static void pollLoop(KafkaConsumer<String, String> consumer, String topic, AtomicBoolean stop,
            Collection<String> seen, Map<Integer, Set<TopicPartition>> owned, int index) {
        consumer.subscribe(List.of(topic));
        while (!stop.get()) {
            consumer.poll(Duration.ofMillis(100)).forEach(record -> seen.add(record.value()));
            owned.put(index, Set.copyOf(consumer.assignment()));
            consumer.commitSync();
        }
    }

    /**
     * The members own every partition exactly once between them, and evenly (no member owns two
     * more than another), as both protocols' assignors settle; a reconciliation half done (KIP-848
     * members release before others acquire) is not settled.
     */
    static boolean settled(Map<Integer, Set<TopicPartition>> owned, int members, int partitions) {
        List<Set<TopicPartition>> assignments = List.copyOf(owned.values());
        Set<TopicPartition> all = new HashSet<>();
        assignments.forEach(all::addAll);
        IntSummaryStatistics sizes = assignments.stream().mapToInt(Set::size).summaryStatistics();
        return assignments.size() == members && sizes.getMin() >= 1 && sizes.getMax() - sizes.getMin() <= 1
                && all.size() == partitions && sizes.getSum() == partitions;
    }

    /**
     * Three members on a 6-partition topic: they settle on disjoint partitions covering the topic,
     * and between them read each of 6,000 records exactly once.
     */
    static void threeMembersReadEveryRecordOnce(String bootstrapServers, GroupProtocol protocol, String topic, String group)
            throws Exception {
        Clients.createTopic(bootstrapServers, topic, 6, Map.of());
        ExecutorService pollers = Executors.newFixedThreadPool(3);
        Map<Integer, Set<TopicPartition>> owned = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        Map<Integer, Set<TopicPartition>> finalOwnership = new HashMap<>();
        List<Future<?>> loops = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                int index = i;
                loops.add(pollers.submit(() -> {
                    try (KafkaConsumer<String, String> consumer = member(bootstrapServers, protocol, group)) {
                        pollLoop(consumer, topic, stop, seen, owned, index);
                    }
                }));
            }
            await().atMost(Clients.DEADLINE).until(() -> settled(owned, 3, 6));
            produce(bootstrapServers, topic, 6_000);
            await().atMost(Clients.DEADLINE).until(() -> seen.size() >= 6_000);
            // Snapshot while all three are still members: once one closes, the others take its partitions.
            await().atMost(Clients.DEADLINE).until(() -> settled(owned, 3, 6));
            finalOwnership.putAll(owned);
        } finally {
            stop.set(true);
            for (Future<?> loop : loops) {
                loop.get(60, TimeUnit.SECONDS);
            }
            pollers.shutdownNow();
        }
        assertThat(seen).hasSize(6_000).doesNotHaveDuplicates();
        List<TopicPartition> all = new ArrayList<>();
        finalOwnership.values().forEach(all::addAll);
        assertThat(all).doesNotHaveDuplicates().hasSize(6);
        assertThat(finalOwnership.values()).allSatisfy(partitions -> assertThat(partitions).hasSize(2));
    }

    /**
     * {@code members} members of a new group {@code group} subscribe at once to {@code topic} (which
     * has {@code partitions} partitions); answers the milliseconds from the first subscribe until
     * every partition is owned exactly once and every member owns some, after checking the
     * coordinator also calls the group stable with all of them.
     */
    static long timeToSettle(String bootstrapServers, GroupProtocol protocol, String topic, String group, int members,
            int partitions) throws Exception {
        ExecutorService pollers = Executors.newFixedThreadPool(members);
        Map<Integer, Set<TopicPartition>> owned = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong firstSubscribeNs = new AtomicLong();
        List<Future<?>> loops = new ArrayList<>();
        try {
            for (int i = 0; i < members; i++) {
                int index = i;
                loops.add(pollers.submit(() -> {
                    try (KafkaConsumer<String, String> consumer = member(bootstrapServers, protocol, group)) {
                        firstSubscribeNs.compareAndSet(0, System.nanoTime());
                        pollLoop(consumer, topic, stop, new ConcurrentLinkedQueue<>(), owned, index);
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> settled(owned, members, partitions));
            long settledMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstSubscribeNs.get());
            awaitStable(bootstrapServers, group, members);
            return settledMs;
        } finally {
            stop.set(true);
            for (Future<?> loop : loops) {
                loop.get(60, TimeUnit.SECONDS);
            }
            pollers.shutdownNow();
        }
    }

    /** Runs {@link #timeToSettle} three times (a new group each time), prints each time and the median, and answers it. */
    static long medianTimeToSettle(String bootstrapServers, GroupProtocol protocol, String topic, int members, int partitions)
            throws Exception {
        Clients.createTopic(bootstrapServers, topic, partitions, Map.of());
        List<Long> times = new ArrayList<>();
        for (int run = 1; run <= 3; run++) {
            times.add(timeToSettle(bootstrapServers, protocol, topic, topic + "-" + run, members, partitions));
        }
        long median = times.stream().sorted().toList().get(1);
        System.out.println("[" + protocol.name().toLowerCase() + "] " + members + " members settled on " + partitions
                + " partitions in " + times + " ms, median " + median + " ms");
        return median;
    }

    private static void awaitStable(String bootstrapServers, String group, int members) {
        try (Admin admin = Clients.admin(bootstrapServers)) {
            await().atMost(Clients.DEADLINE).untilAsserted(() -> {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                        .get(30, TimeUnit.SECONDS).get(group);
                assertThat(description.groupState()).isEqualTo(GroupState.STABLE);
                assertThat(description.members()).hasSize(members);
            });
        }
    }

    /** Polls {@code consumer} until its assignment size passes {@code size}. */
    static void awaitAssignment(KafkaConsumer<String, String> consumer, IntPredicate size) {
        await().atMost(Clients.DEADLINE).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return size.test(consumer.assignment().size());
        });
    }

    /** Polls every consumer in turn until each owns something and together they own {@code total} partitions once. */
    static void awaitSplit(List<KafkaConsumer<String, String>> consumers, int total) {
        await().atMost(Clients.DEADLINE).pollInterval(Duration.ofMillis(1)).until(() -> {
            Map<Integer, Set<TopicPartition>> owned = new HashMap<>();
            for (int i = 0; i < consumers.size(); i++) {
                consumers.get(i).poll(Duration.ofMillis(50));
                owned.put(i, Set.copyOf(consumers.get(i).assignment()));
            }
            return settled(owned, consumers.size(), total);
        });
    }

    static List<ConsumerRecord<String, String>> pollAtLeast(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        await().atMost(Clients.DEADLINE).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            return records.size() >= count;
        });
        return records;
    }

    static void produce(String bootstrapServers, String topic, int count) throws Exception {
        try (KafkaProducer<String, String> producer = Clients.producer(bootstrapServers)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, topic + "-" + i));
            }
            producer.flush();
        }
    }

    /** Every partition of {@code topic}, 0 to {@code count - 1}. */
    static Set<TopicPartition> partitions(String topic, int count) {
        Set<TopicPartition> all = new HashSet<>();
        for (int p = 0; p < count; p++) {
            all.add(new TopicPartition(topic, p));
        }
        return all;
    }

    /**
     * A rebalance listener that remembers every partition it was told about, per callback. The client
     * calls it on the polling thread; the sets are concurrent so the test may read them anywhere.
     */
    static final class ListenerLog implements ConsumerRebalanceListener {
        final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
        final Set<TopicPartition> revoked = ConcurrentHashMap.newKeySet();
        final Set<TopicPartition> lost = ConcurrentHashMap.newKeySet();

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned.addAll(partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            revoked.addAll(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            lost.addAll(partitions);
        }

        void clear() {
            assigned.clear();
            revoked.clear();
            lost.clear();
        }
    }
}

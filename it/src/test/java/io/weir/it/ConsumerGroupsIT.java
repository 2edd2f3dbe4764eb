package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.weir.testkit.WeirCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Consumer groups (classic protocol) as their users run them: several kafka-clients members
 * splitting a topic, a second group reading independently, resuming after a commit, a member that
 * dies without leaving (kcat killed with SIGKILL) expelled within its session timeout, librdkafka's
 * and kafkajs's own group members, and fifty members joining at once.
 *
 * <p>The node runs with {@code group.initial.rebalance.delay.ms=0}, as Kafka's shipped
 * server.properties sets it for development, so that the tests do not wait the 3 s default.
 */
class ConsumerGroupsIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static WeirCluster weir;

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
        String topic = "groups-three";
        Clients.createTopic(weir.bootstrapServers(), topic, 6, Map.of());
        List<KafkaConsumer<String, String>> members = new ArrayList<>();
        ExecutorService pollers = Executors.newFixedThreadPool(3);
        try {
            for (int i = 0; i < 3; i++) {
                members.add(member("three"));
            }
            Map<Integer, Set<TopicPartition>> owned = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            List<Future<?>> loops = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int index = i;
                KafkaConsumer<String, String> consumer = members.get(i);
                loops.add(pollers.submit(() -> pollLoop(consumer, topic, stop, seen, owned, index)));
            }
            await().atMost(DEADLINE).until(() -> settled(owned, 3, 6));

            produce(topic, 6_000);
            await().atMost(DEADLINE).until(() -> seen.size() >= 6_000);
            stop.set(true);
            for (Future<?> loop : loops) {
                loop.get(30, TimeUnit.SECONDS);
            }

            assertThat(seen).hasSize(6_000).doesNotHaveDuplicates();
            List<TopicPartition> all = new ArrayList<>();
            owned.values().forEach(all::addAll);
            assertThat(all).doesNotHaveDuplicates().hasSize(6);
            assertThat(owned.values()).allSatisfy(partitions -> assertThat(partitions).isNotEmpty());
        } finally {
            pollers.shutdownNow();
            members.forEach(KafkaConsumer::close);
        }
    }

    @Test
    void aSecondGroupReadsEverythingIndependently() throws Exception {
        String topic = "groups-independent";
        Clients.createTopic(weir.bootstrapServers(), topic, 3, Map.of());
        produce(topic, 900);

        assertThat(readWithGroup(topic, "independent-a", 900)).hasSize(900).doesNotHaveDuplicates();
        assertThat(readWithGroup(topic, "independent-b", 900)).hasSize(900).doesNotHaveDuplicates();
    }

    @Test
    void aMemberThatCommitsClosesAndRestartsResumesRightAfterItsLastCommit() throws Exception {
        String topic = "groups-resume";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of());
        produce(topic, 100);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> first = member("resume")) {
            first.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = pollAtLeast(first, 10);
            long next = records.get(9).offset() + 1; // read further than committed, as a crash would
            first.commitSync(Map.of(partition, new OffsetAndMetadata(next)));
        }
        long committed;
        try (var admin = Clients.admin(weir.bootstrapServers())) {
            committed = admin.listConsumerGroupOffsets("resume").partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(partition).offset();
        }

        try (KafkaConsumer<String, String> second = member("resume")) {
            second.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = pollAtLeast(second, 1);
            assertThat(committed).isEqualTo(10);
            assertThat(records.get(0).offset()).isEqualTo(committed);
        }
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
        try (KafkaConsumer<String, String> survivor = member("expel")) {
            survivor.subscribe(List.of(topic));
            awaitAssignment(survivor, size -> size > 0 && size < 6);

            kcat.destroyForcibly(); // SIGKILL: no LeaveGroup, the heartbeats just stop
            long killedNs = System.nanoTime();
            awaitAssignment(survivor, size -> size == 6);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedNs);

            assertThat(tookMs).as("partitions move after the 6 s session timeout, not long after").isLessThan(30_000);
        } finally {
            kcat.destroyForcibly();
        }
    }

    @Test
    void kcatReadsTheTopicAsABalancedGroupMemberAndCommits() throws Exception {
        assumeThat(ExternalProcess.onPath("kcat")).as("kcat on the PATH (.ci/run installs it)").isPresent();
        String topic = "groups-kcat";
        Clients.createTopic(weir.bootstrapServers(), topic, 3, Map.of());
        produce(topic, 300);
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
        produce(topic, 300);

        ExternalProcess.Result result = ExternalProcess.run(List.of("node",
                clients.resolve("kafkajs-group.js").toString(), weir.bootstrapServers(), topic, "kafkajs-group", "300"),
                Optional.empty(), Duration.ofSeconds(90));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdoutLines().get(result.stdoutLines().size() - 1))
                .isEqualTo("{\"count\":300,\"distinct\":300,\"partitions\":[0,1,2]}");
    }

    @Test
    void fiftyMembersJoiningAtOnceSettleWithEveryPartitionOwnedOnce() throws Exception {
        String topic = "groups-fifty";
        int members = 50;
        Clients.createTopic(weir.bootstrapServers(), topic, 100, Map.of());
        ExecutorService pollers = Executors.newFixedThreadPool(members);
        Map<Integer, Set<TopicPartition>> owned = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<?>> loops = new ArrayList<>();
        long startNs = System.nanoTime();
        try {
            for (int i = 0; i < members; i++) {
                int index = i;
                loops.add(pollers.submit(() -> {
                    try (KafkaConsumer<String, String> consumer = member("fifty")) {
                        pollLoop(consumer, topic, stop, new ConcurrentLinkedQueue<>(), owned, index);
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> settled(owned, members, 100));
            long settledMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
            System.out.println("50 members settled in " + settledMs + " ms");

            List<TopicPartition> all = new ArrayList<>();
            owned.values().forEach(all::addAll);
            assertThat(all).hasSize(100).doesNotHaveDuplicates();
        } finally {
            stop.set(true);
            for (Future<?> loop : loops) {
                loop.get(60, TimeUnit.SECONDS);
            }
            pollers.shutdownNow();
        }
    }

    /** Polls {@code topic} as a member until {@code stop}, recording its assignment after each poll. */
    private static void pollLoop(KafkaConsumer<String, String> consumer, String topic, AtomicBoolean stop,
            Collection<String> seen, Map<Integer, Set<TopicPartition>> owned, int index) {
        consumer.subscribe(List.of(topic));
        while (!stop.get()) {
            consumer.poll(Duration.ofMillis(100)).forEach(record -> seen.add(record.value()));
            owned.put(index, Set.copyOf(consumer.assignment()));
            consumer.commitSync();
        }
    }

    /** Every member owns something, and the members own every partition exactly once between them. */
    private static boolean settled(Map<Integer, Set<TopicPartition>> owned, int members, int partitions) {
        List<Set<TopicPartition>> assignments = List.copyOf(owned.values());
        Set<TopicPartition> all = new HashSet<>();
        assignments.forEach(all::addAll);
        return assignments.size() == members && assignments.stream().noneMatch(Set::isEmpty)
                && all.size() == partitions && assignments.stream().mapToInt(Set::size).sum() == partitions;
    }

    private static void awaitAssignment(KafkaConsumer<String, String> consumer, java.util.function.IntPredicate size) {
        await().atMost(DEADLINE).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return size.test(consumer.assignment().size());
        });
    }

    private static List<ConsumerRecord<String, String>> pollAtLeast(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        await().atMost(DEADLINE).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            return records.size() >= count;
        });
        return records;
    }

    private static List<String> readWithGroup(String topic, String group, int count) {
        try (KafkaConsumer<String, String> consumer = member(group)) {
            consumer.subscribe(List.of(topic));
            return pollAtLeast(consumer, count).stream().map(ConsumerRecord::value).toList();
        }
    }

    private static KafkaConsumer<String, String> member(String group) {
        return Clients.consumer(weir.bootstrapServers(), Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000));
    }

    private static void produce(String topic, int count) throws Exception {
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, topic + "-" + i));
            }
            producer.flush();
        }
    }
}

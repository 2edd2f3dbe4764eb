package io.weir.examples.balance;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.testkit.WeirCluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The example against a Weir node: events in, balances out; a restarted service (and a restarted
 * node) rebuilds the same state from the compacted topic, also after the cleaner has removed the
 * superseded balances.
 */
class AccountBalanceIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final List<String> ACCOUNTS = List.of("alice", "bob", "carol", "dave", "erin");

    @Test
    void balancesAreRebuiltFromTheCompactedTopicAfterRestartsAndCleaning() throws Exception {
        try (WeirCluster cluster = WeirCluster.builder()
                .config("log.cleaner.backoff.ms", "100")
                .config("group.initial.rebalance.delay.ms", "0")
                .build()) {
            String bootstrap = cluster.bootstrapServers();
            createBalancesTopicThatCompactsAtOnce(bootstrap);
            Map<String, Long> model = new HashMap<>();
            int writes = 0;
            try (BalanceService service = BalanceService.start(bootstrap)) {
                // Small rounds: no poll's balances outgrow a segment, and segments roll by size.
                for (int round = 0; round < 24; round++) {
                    writes += sendEvents(bootstrap, new Random(round), 25, model);
                    Map<String, Long> now = Map.copyOf(model);
                    int applied = round;
                    waitFor(() -> {
                        service.pollOnce(Duration.ofMillis(100), line -> {});
                        return service.balances().equals(now);
                    }, () -> "the service to apply round " + applied);
                }
            }
            Expected expected = new Expected(Map.copyOf(model), writes);
            try (BalanceService restarted = BalanceService.start(bootstrap)) {
                assertThat(restarted.balances()).isEqualTo(expected.balances);
            }

            waitFor(() -> countBalanceRecords(bootstrap) < expected.writes / 2, () -> "the cleaner to compact "
                    + Topics.BALANCES + " (" + expected.writes + " balances written; "
                    + countBalanceRecords(bootstrap) + " records left; files: " + segmentFiles(cluster.dataDir(0)) + ")");
            cluster.restart(0);
            try (BalanceService afterCleaning = BalanceService.start(cluster.bootstrapServers())) {
                assertThat(afterCleaning.balances()).isEqualTo(expected.balances);
            }

            // Every event delivered again (as after a crash between storing balances and committing):
            // the offsets stored with the balances keep each event from counting twice.
            String restarted = cluster.bootstrapServers();
            rewindGroup(restarted);
            try (BalanceService redelivered = BalanceService.start(restarted)) {
                waitFor(() -> {
                    redelivered.pollOnce(Duration.ofMillis(100), line -> {});
                    return groupLag(restarted) == 0;
                }, () -> "the service to consume every event again");
                assertThat(redelivered.balances()).isEqualTo(expected.balances);
            }
            assertThat(balanceCommandOutput(restarted, "alice"))
                    .isEqualTo("alice: " + expected.balances.getOrDefault("alice", 0L) + System.lineSeparator());
        }
    }

    private static void rewindGroup(String bootstrap) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            for (int partition = 0; partition < Topics.PARTITIONS; partition++) {
                start.put(new TopicPartition(Topics.EVENTS, partition), new OffsetAndMetadata(0));
            }
            admin.alterConsumerGroupOffsets(BalanceService.GROUP_ID, start).all().get();
        }
    }

    /** How many events the group has not committed yet. */
    private static long groupLag(String bootstrap) {
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(BalanceService.GROUP_ID)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            return committed.entrySet().stream()
                    .mapToLong(entry -> ends.get(entry.getKey()).offset() - entry.getValue().offset())
                    .sum();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Admin admin(String bootstrap) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(config);
    }

    /** The balances each account should end with, and how many balance records the service wrote. */
    private record Expected(Map<String, Long> balances, int writes) {}

    /**
     * Small segments (a round's balances are well under 1500 bytes per partition) and a dirty ratio
     * near zero: the cleaner compacts as soon as a segment rolls.
     */
    private static void createBalancesTopicThatCompactsAtOnce(String bootstrap) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(Topics.BALANCES, Topics.PARTITIONS, (short) 1).configs(Map.of(
                            "cleanup.policy", "compact",
                            "segment.bytes", "1500",
                            "segment.ms", "100",
                            "min.cleanable.dirty.ratio", "0.01"))))
                    .all()
                    .get();
        }
    }

    /** Sends random deposits and withdrawals; applies them to {@code model}; returns how many were sent. */
    private static int sendEvents(String bootstrap, Random random, int count, Map<String, Long> model) {
        int writes = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(bootstrap))) {
            for (int i = 0; i < count; i++) {
                String account = ACCOUNTS.get(random.nextInt(ACCOUNTS.size()));
                AccountEvent event = new AccountEvent(account,
                        random.nextInt(3) == 0 ? AccountEvent.Kind.WITHDRAW : AccountEvent.Kind.DEPOSIT,
                        1 + random.nextInt(100));
                Optional<Long> after = event.applyTo(model.getOrDefault(account, 0L));
                after.ifPresent(balance -> model.put(account, balance));
                writes++; // the service stores a balance for every event, refused withdrawals included
                producer.send(new ProducerRecord<>(Topics.EVENTS, account, event.value()));
            }
            producer.flush();
        }
        return writes;
    }

    private static List<String> segmentFiles(Path dataDir) {
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.filter(file -> file.getParent().getFileName().toString().startsWith(Topics.BALANCES))
                    .map(file -> dataDir.relativize(file) + "=" + file.toFile().length())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int countBalanceRecords(String bootstrap) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.BALANCES).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
            int count = 0;
            while (!partitions.stream().allMatch(p -> consumer.position(p) >= endOffsets.get(p))) {
                count += consumer.poll(Duration.ofMillis(100)).count();
            }
            return count;
        }
    }

    private static String balanceCommandOutput(String bootstrap, String account) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            assertThat(AccountBalanceApp.run(bootstrap, new String[] {"balance", account}, out)).isZero();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Properties producerConfig(String bootstrap) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return config;
    }

    private static void waitFor(BooleanSupplier condition, Supplier<String> what) {
        long deadlineNs = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadlineNs) {
                throw new AssertionError("timed out after " + DEADLINE + " waiting for " + what.get());
            }
        }
    }
}

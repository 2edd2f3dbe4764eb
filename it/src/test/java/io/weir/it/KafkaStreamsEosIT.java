package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.testkit.WeirCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka Streams 4.4 with {@code processing.guarantee=exactly_once_v2} against Weir: a word count
 * (see {@link WordCountMain}) over a known input ends with the exact count of every word, read with
 * read_committed, also when the application's JVM is killed with SIGKILL mid-stream and started
 * again on the same state folder (no word counted twice, none lost).
 */
class KafkaStreamsEosIT {
    private static final String INPUT = "lines";
    private static final String OUTPUT = "counts";
    private static final int LINES = 2_000;
    private static final List<String> WORDS = List.of("alder", "birch", "cedar", "elm", "fir", "hazel", "larch",
            "maple", "oak", "pine", "rowan", "spruce", "willow", "yew");

    @TempDir
    Path tmp;

    private WeirCluster weir;

    @BeforeEach
    void start() throws Exception {
        weir = WeirCluster.builder().config("group.initial.rebalance.delay.ms", "0")
                .config("transaction.state.log.num.partitions", "3").config("offsets.topic.num.partitions", "3")
                .build();
        Clients.createTopic(weir.bootstrapServers(), INPUT, 2, Map.of());
        Clients.createTopic(weir.bootstrapServers(), OUTPUT, 2, Map.of());
    }

    @AfterEach
    void stop() {
        weir.close();
    }

    @Test
    void wordCountsAreExact() throws Exception {
        List<String> lines = lines(LINES);
        try (KafkaStreams streams = WordCountMain.start(weir.bootstrapServers(), "word-count", INPUT, OUTPUT,
                tmp.resolve("state"))) {
            produce(lines);
            awaitCounts(expectedCounts(lines));
        }
    }

    @Test
    void wordCountsStayExactWhenTheApplicationIsKilledMidStream() throws Exception {
        List<String> lines = lines(LINES);
        Path state = tmp.resolve("state");
        Process first = startApplication(state, "first");
        try {
            produce(lines.subList(0, LINES / 3));
            awaitSomeCounts();
            produce(lines.subList(LINES / 3, LINES));
            awaitOngoingTransaction();
        } finally {
            // Killed inside a transaction: records polled, counted and sent, but not committed.
            first.destroyForcibly().waitFor();
        }
        Process second = startApplication(state, "second");
        try {
            awaitCounts(expectedCounts(lines));
        } finally {
            second.destroyForcibly().waitFor();
        }
    }

    /** Starts {@link WordCountMain} in a child JVM and waits until it says it is running. */
    private Process startApplication(Path state, String name) throws IOException {
        Path out = tmp.resolve(name + "-out.txt");
        Path err = tmp.resolve(name + "-err.txt");
        Process process = new ProcessBuilder(ExternalProcess.java(ExternalProcess.testClassPath(),
                WordCountMain.class.getName(),
                List.of(weir.bootstrapServers(), "word-count-child", INPUT, OUTPUT, state.toString())))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        await().atMost(Clients.DEADLINE).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the application exited: " + Files.readString(err));
            }
            return Files.readString(out).contains(WordCountMain.RUNNING);
        });
        return process;
    }

    /** Waits until the application has a transaction open (records sent in it, not yet committed). */
    private void awaitOngoingTransaction() {
        try (Admin admin = Clients.admin(weir.bootstrapServers())) {
            await().atMost(Clients.DEADLINE).pollInterval(Duration.ofMillis(5)).until(() ->
                    admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream()
                            .anyMatch(listing -> listing.state() == TransactionState.ONGOING));
        }
    }

    /** Lines of 1 to 8 words drawn from {@link #WORDS} with a fixed seed. */
    private static List<String> lines(int count) {
        Random random = new Random(42);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> words = new ArrayList<>();
            for (int w = 1 + random.nextInt(8); w > 0; w--) {
                words.add(WORDS.get(random.nextInt(WORDS.size())));
            }
            lines.add(String.join(" ", words));
        }
        return lines;
    }

    private static Map<String, Long> expectedCounts(List<String> lines) {
        Map<String, Long> counts = new TreeMap<>();
        lines.forEach(line -> List.of(line.split(" ")).forEach(word -> counts.merge(word, 1L, Long::sum)));
        return counts;
    }

    /** Sends the lines in chunks, each flushed, so that the application works while input arrives. */
    private void produce(List<String> lines) {
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers())) {
            for (int i = 0; i < lines.size(); i++) {
                producer.send(new ProducerRecord<>(INPUT, Integer.toString(i), lines.get(i)));
                if (i % 100 == 99) {
                    producer.flush();
                }
            }
            producer.flush();
        }
    }

    private KafkaConsumer<String, Long> outputReader() {
        KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, weir.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new org.apache.kafka.common.serialization.StringDeserializer(), new LongDeserializer());
        var partitions = consumer.partitionsFor(OUTPUT, Clients.DEADLINE).stream()
                .map(info -> new org.apache.kafka.common.TopicPartition(OUTPUT, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** Waits until committed output shows at least one count (the application is mid-stream). */
    private void awaitSomeCounts() {
        try (KafkaConsumer<String, Long> consumer = outputReader()) {
            await().atMost(Clients.DEADLINE).until(() -> !consumer.poll(Duration.ofMillis(100)).isEmpty());
        }
    }

    /**
     * Reads the committed output, keeping each word's latest count, until the counts equal
     * {@code expected}; a count above the expected one (a word counted twice) fails at once.
     */
    private void awaitCounts(Map<String, Long> expected) {
        Map<String, Long> latest = new TreeMap<>();
        try (KafkaConsumer<String, Long> consumer = outputReader()) {
            long deadlineNs = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!latest.equals(expected)) {
                for (ConsumerRecord<String, Long> record : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(record.key(), record.value());
                }
                latest.forEach((word, count) -> assertThat(count)
                        .as("count of %s (all counts %s, expected %s)", word, latest, expected)
                        .isLessThanOrEqualTo(expected.getOrDefault(word, 0L)));
                if (System.nanoTime() > deadlineNs) {
                    assertThat(latest).as("committed word counts").isEqualTo(expected);
                }
            }
        }
    }
}

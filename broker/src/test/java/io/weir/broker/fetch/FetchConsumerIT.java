package io.weir.broker.fetch;

import io.weir.broker.testing.StubMetadataHandler;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.handler.ApiHandler;
import io.weir.broker.handler.FetchHandler;
import io.weir.broker.handler.Reply;
import io.weir.broker.handler.RequestContext;
import io.weir.broker.network.SocketServer;
import io.weir.broker.testing.RunningServer;
import io.weir.protocol.VersionRange;
import io.weir.storage.TopicPartitionKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafka-clients' KafkaConsumer (assign and seek, no group) reads over real TCP what was appended
 * to real partition logs: everything, once, in order, through incremental fetch sessions and
 * sendfile; and records appended while it long-polls arrive long before the fetch's max wait.
 */
class FetchConsumerIT {

    private static final String TOPIC = "orders";
    private static final int PARTITIONS = 3;

    @TempDir
    Path dir;

    private TestPartitions partitions;
    private ScheduledExecutorService scheduler;
    private ExecutorService fetchExecutor;
    private FetchManager fetchManager;
    private SocketServer server;
    private final AtomicInteger maxSessionEpoch = new AtomicInteger(-1);

    @BeforeEach
    void start() {
        partitions = new TestPartitions(dir);
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.create(TOPIC, p);
        }
        scheduler = FetchTimer.newScheduler();
        fetchExecutor = Executors.newSingleThreadExecutor();
        fetchManager = new FetchManager(partitions, FetchSessionCache.withRandomIds(FetchSessionCache.DEFAULT_MAX_SESSIONS),
                FetchTimer.onScheduler(scheduler), fetchExecutor, 1000);
        StubMetadataHandler metadata = StubMetadataHandler.withTopic(TOPIC, kafkaUuid(partitions.topicId(TOPIC)), PARTITIONS, 0);
        server = RunningServer.start(RunningServer.localConfig(), metadata, new SessionRecordingFetch(new FetchHandler(fetchManager)));
        metadata.port = server.boundPort();
    }

    @AfterEach
    void stop() {
        server.close();
        scheduler.shutdownNow();
        fetchExecutor.shutdownNow();
        partitions.close();
    }

    @Test
    void consumerReadsEverythingOnceInOrderAndLongPollsForNewRecords() {
        for (int batch = 0; batch < 20; batch++) {
            partitions.append(TOPIC, batch % PARTITIONS, "b" + batch, 50, 100);
        }
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig());
        try {
            List<TopicPartition> assigned = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                assigned.add(new TopicPartition(TOPIC, p));
            }
            consumer.assign(assigned);
            assigned.forEach(tp -> consumer.seek(tp, 0));

            Map<Integer, List<ConsumerRecord<String, String>>> read = pollUntil(consumer, 1000, Duration.ofSeconds(30));
            for (int p = 0; p < PARTITIONS; p++) {
                List<ConsumerRecord<String, String>> records = read.get(p);
                assertThat(records).extracting(ConsumerRecord::offset)
                        .containsExactlyElementsOf(rangeOf(partitions.log(TOPIC, p).logEndOffset()));
            }
            assertThat(read.get(0).get(0).value()).startsWith("b0-0");

            // The consumer is now long-polling (max wait 20 s); new records must arrive promptly.
            long appendedNs = System.nanoTime();
            partitions.append(TOPIC, 1, "late", 5);
            fetchManager.onAppend(new TopicPartitionKey(TOPIC, 1));
            Map<Integer, List<ConsumerRecord<String, String>>> late = pollUntil(consumer, 5, Duration.ofSeconds(15));
            long elapsedMs = (System.nanoTime() - appendedNs) / 1_000_000;

            assertThat(late.get(1)).extracting(ConsumerRecord::value).containsExactly("late-0", "late-1", "late-2", "late-3", "late-4");
            assertThat(elapsedMs).isLessThan(10_000);
            assertThat(maxSessionEpoch.get()).as("incremental fetch sessions were used").isGreaterThan(1);
            assertThat(fetchManager.sessions().size()).isEqualTo(1);
        } finally {
            // Closing would otherwise wait for the long-polling fetch still in flight.
            consumer.close(CloseOptions.timeout(Duration.ofMillis(500)));
        }
    }

    private static List<Long> rangeOf(long endOffset) {
        List<Long> offsets = new ArrayList<>();
        for (long o = 0; o < endOffset; o++) {
            offsets.add(o);
        }
        return offsets;
    }

    private static Map<Integer, List<ConsumerRecord<String, String>>> pollUntil(KafkaConsumer<String, String> consumer, int count,
            Duration timeout) {
        Map<Integer, List<ConsumerRecord<String, String>>> read = new HashMap<>();
        int total = 0;
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (total < count && System.nanoTime() < deadlineNs) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                read.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record);
                total++;
            }
        }
        assertThat(total).as("records read before the deadline").isEqualTo(count);
        return read;
    }

    private Map<String, Object> consumerConfig() {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + server.boundPort(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20_000,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 40_000,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 32 * 1024);
    }

    /** Delegates to the real handler and records the highest session epoch clients sent. */
    private final class SessionRecordingFetch implements ApiHandler<FetchRequestData> {
        private final FetchHandler delegate;

        SessionRecordingFetch(FetchHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public ApiKeys apiKey() {
            return delegate.apiKey();
        }

        @Override
        public VersionRange versions() {
            return delegate.versions();
        }

        @Override
        public CompletionStage<Reply> handle(RequestContext context, FetchRequestData request) {
            maxSessionEpoch.accumulateAndGet(request.sessionEpoch(), Math::max);
            return delegate.handle(context, request);
        }
    }

    private static Uuid kafkaUuid(io.weir.metadata.Uuid id) {
        return new Uuid(id.mostSignificantBits(), id.leastSignificantBits());
    }
}

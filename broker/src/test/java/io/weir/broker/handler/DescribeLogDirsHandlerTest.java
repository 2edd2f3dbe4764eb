package io.weir.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.replica.TestBatches;
import io.weir.broker.testing.KafkaWire;
import io.weir.protocol.EncodedResponse;
import io.weir.protocol.ErrorMapper;
import io.weir.storage.LogConfig;
import io.weir.storage.LogManager;
import io.weir.storage.PartitionLog;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopicCollection;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DescribeLogDirs through the dispatcher, with requests and responses coded by kafka-clients. */
class DescribeLogDirsHandlerTest {
    private static final long NOW_MS = 1_700_000_000_000L;
    private static final ConnectionInfo CONNECTION = new ConnectionInfo(1, "PLAINTEXT", "test", new InetSocketAddress(0));

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW_MS), ZoneOffset.UTC);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private LogManager logManager;
    private RequestDispatcher dispatcher;
    private Path first;
    private Path second;

    @BeforeEach
    void start() {
        first = dir.resolve("a").toAbsolutePath();
        second = dir.resolve("b").toAbsolutePath();
        logManager = new LogManager(List.of(first, second), LogConfig.defaults(), clock, scheduler);
        logManager.startup();
        dispatcher = new RequestDispatcher(HandlerRegistry.builder().register(new DescribeLogDirsHandler(logManager)).build(),
                new ErrorMapper(Map.of()));
    }

    @AfterEach
    void stop() {
        logManager.shutdown();
        scheduler.shutdownNow();
    }

    private DescribeLogDirsResponseData call(DescribeLogDirsRequestData request, int version) {
        Dispatch dispatch = dispatcher.dispatch(KafkaWire.request(request, version, 7), CONNECTION);
        assertThat(dispatch).isInstanceOf(Dispatch.Respond.class);
        ByteBuffer response = ((Dispatch.Respond) dispatch).response().join().map(EncodedResponse::toByteBuffer).orElseThrow();
        response.position(response.position() + 4);
        return (DescribeLogDirsResponseData) KafkaWire.response(response, ApiKeys.DESCRIBE_LOG_DIRS, version, 7).data();
    }

    private PartitionLog logWithRecords(String topic, int partition, String... values) {
        PartitionLog log = logManager.getOrCreateLog(topic, partition);
        if (values.length > 0) {
            log.appendAsLeader(TestBatches.batch(NOW_MS, values), 0);
        }
        return log;
    }

    private static DescribeLogDirsResult resultFor(DescribeLogDirsResponseData response, Path logDir) {
        return response.results().stream().filter(r -> r.logDir().equals(logDir.toString())).findFirst().orElseThrow();
    }

    private static Map<String, Long> sizes(DescribeLogDirsResult result) {
        Map<String, Long> sizes = new java.util.TreeMap<>();
        result.topics().forEach(topic -> topic.partitions().forEach(
                p -> sizes.put(topic.name() + "-" + p.partitionIndex(), p.partitionSize())));
        return sizes;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void aNullTopicListDescribesEveryPartitionInItsDirectory(int version) {
        List<PartitionLog> logs = List.of(logWithRecords("orders", 0, "a", "b"), logWithRecords("orders", 1, "c"),
                logWithRecords("audit", 0));

        DescribeLogDirsResponseData response = call(new DescribeLogDirsRequestData().setTopics(null), version);

        assertThat(response.results()).extracting(DescribeLogDirsResult::logDir)
                .containsExactly(first.toString(), second.toString());
        assertThat(response.results()).allSatisfy(r -> assertThat(r.errorCode()).isEqualTo(Errors.NONE.code()));
        Map<String, Long> all = new java.util.TreeMap<>(sizes(resultFor(response, first)));
        all.putAll(sizes(resultFor(response, second)));
        assertThat(all).containsOnlyKeys("orders-0", "orders-1", "audit-0");
        for (PartitionLog log : logs) {
            assertThat(all).containsEntry(log.dir().getFileName().toString(), log.size());
        }
        assertThat(all.get("orders-0")).isPositive();
        assertThat(all.get("audit-0")).isZero();
        response.results().forEach(r -> r.topics().forEach(t -> t.partitions().forEach(p -> {
            assertThat(p.offsetLag()).isZero();
            assertThat(p.isFutureKey()).isFalse();
        })));
    }

    @Test
    void versionFourReportsTheVolumeSizes() {
        logWithRecords("orders", 0, "a");

        DescribeLogDirsResponseData response = call(new DescribeLogDirsRequestData().setTopics(null), 4);

        DescribeLogDirsResult result = resultFor(response, first);
        assertThat(result.totalBytes()).isPositive();
        assertThat(result.usableBytes()).isPositive().isLessThanOrEqualTo(result.totalBytes());
    }

    @Test
    void versionOneLeavesTheVolumeSizesOut() {
        DescribeLogDirsResponseData response = call(new DescribeLogDirsRequestData().setTopics(null), 1);

        assertThat(response.results()).allSatisfy(r -> {
            assertThat(r.totalBytes()).isEqualTo(-1);
            assertThat(r.usableBytes()).isEqualTo(-1);
        });
    }

    @Test
    void namedPartitionsAreTheOnlyOnesListedAndUnknownOnesAreLeftOut() {
        logWithRecords("orders", 0, "a");
        logWithRecords("orders", 1, "b");
        logWithRecords("audit", 0, "c");
        DescribableLogDirTopicCollection topics = new DescribableLogDirTopicCollection();
        topics.add(new DescribableLogDirTopic().setTopic("orders").setPartitions(List.of(1, 7)));
        topics.add(new DescribableLogDirTopic().setTopic("missing").setPartitions(List.of(0)));

        DescribeLogDirsResponseData response = call(new DescribeLogDirsRequestData().setTopics(topics), 4);

        List<String> listed = response.results().stream()
                .flatMap(r -> r.topics().stream()
                        .flatMap(t -> t.partitions().stream().map(DescribeLogDirsPartition::partitionIndex).map(p -> t.name() + "-" + p)))
                .toList();
        assertThat(listed).containsExactly("orders-1");
        assertThat(response.results()).hasSize(2);
        assertThat(dispatcher.requestCount(ApiKeys.DESCRIBE_LOG_DIRS)).isEqualTo(1);
        assertThat(dispatcher.requestCount(ApiKeys.PRODUCE)).isZero();
    }
}

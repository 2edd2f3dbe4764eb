package io.weir.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.fetcher.FetcherConfig;
import io.weir.broker.fetcher.ReplicaFetcherManager;
import io.weir.broker.replica.ReplicaManager;
import io.weir.metadata.Uuid;
import io.weir.metadata.config.BrokerConfig;
import io.weir.metadata.image.MetadataDelta;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.PartitionChangeRecord;
import io.weir.metadata.record.PartitionRecord;
import io.weir.metadata.record.TopicRecord;
import io.weir.storage.LogConfig;
import io.weir.storage.LogManager;
import io.weir.storage.TopicPartitionKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stray logs judged against a whole image and removed by the partition publisher: logs of a topic
 * id absent from the image, of a partition that does not list this node, and of a partition index
 * beyond the topic's partition count go; hosted logs and logs without a topic id stay.
 */
class StrayLogsTest {
    private static final int NODE = 1;
    private static final Uuid A = new Uuid(11L, 1L);
    private static final Uuid B = new Uuid(22L, 2L);

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private LogManager logManager;
    private ReplicaManager replicas;
    private ReplicaFetcherManager fetchers;
    private PartitionPublisher publisher;

    @BeforeEach
    void start() {
        logManager = new LogManager(List.of(dir), LogConfig.defaults(), clock, scheduler);
        logManager.startup();
        logManager.getOrCreateLog("a", 0, A.toString(), LogConfig.defaults());
        logManager.getOrCreateLog("a", 1, A.toString(), LogConfig.defaults());
        logManager.getOrCreateLog("a", 7, A.toString(), LogConfig.defaults());
        logManager.getOrCreateLog("b", 0, B.toString(), LogConfig.defaults());
        logManager.getOrCreateLog("legacy", 0);
        replicas = new ReplicaManager(NODE, logManager, Runnable::run, clock);
        BrokerConfig config = BrokerConfig.parse(Map.of("node.id", Integer.toString(NODE)));
        fetchers = new ReplicaFetcherManager(FetcherConfig.from(config), id -> Optional.empty(), clock);
        publisher = new PartitionPublisher(config, replicas, fetchers);
    }

    @AfterEach
    void stop() throws Exception {
        fetchers.close();
        logManager.shutdown();
        scheduler.shutdownNow();
    }

    /** Topic "a" (id A) with partitions 0 (replicas 1, 2, led by 1) and 1 (replicas 2, 3); no topic B. */
    private static MetadataImage imageWithOnlyA() {
        MetadataDelta delta = new MetadataDelta(MetadataImage.EMPTY);
        delta.replay(new TopicRecord("a", A));
        delta.replay(new PartitionRecord(A, 0, List.of(1, 2), List.of(1, 2), 1, 0, 0));
        delta.replay(new PartitionRecord(A, 1, List.of(2, 3), List.of(2, 3), 2, 0, 0));
        return delta.apply(5);
    }

    @Test
    void logsTheMetadataNoLongerGivesThisNodeAreJudgedStray() {
        StrayLogs.Verdict verdict = StrayLogs.judge(NODE, imageWithOnlyA(), logManager, key -> false);

        assertThat(verdict.strays()).extracting(StrayLogs.Stray::key).containsExactly(
                new TopicPartitionKey("a", 1), new TopicPartitionKey("a", 7), new TopicPartitionKey("b", 0));
        assertThat(verdict.strays()).extracting(StrayLogs.Stray::reason).satisfiesExactly(
                reason -> assertThat(reason).contains("[2, 3]", "without node 1"),
                reason -> assertThat(reason).contains("has no partition 7 (2 partition(s))"),
                reason -> assertThat(reason).contains(B.toString(), "not in the metadata"));
        assertThat(verdict.withoutTopicId()).containsExactly(new TopicPartitionKey("legacy", 0));
    }

    @Test
    void hostedLogsAreNeverJudged() {
        StrayLogs.Verdict verdict = StrayLogs.judge(NODE, imageWithOnlyA(), logManager, key -> true);

        assertThat(verdict.strays()).isEmpty();
        assertThat(verdict.withoutTopicId()).isEmpty();
    }

    @Test
    void anImageWithoutTopicsOrRecordsDeletesNothing() {
        MetadataDelta delta = new MetadataDelta(MetadataImage.EMPTY);
        delta.replay(new TopicRecord("other", new Uuid(33L, 3L)));
        MetadataImage unapplied = delta.apply(0);

        assertThat(publisher.removeStrayLogs(MetadataImage.EMPTY)).isZero();
        assertThat(StrayLogs.judge(NODE, unapplied, logManager, key -> false)).isEqualTo(StrayLogs.Verdict.NOTHING);
        assertThat(logManager.logsByPartition()).hasSize(5);
    }

    @Test
    void thePublisherRemovesStrayLogsAndKeepsHostedAndIdLessOnes() {
        MetadataImage image = imageWithOnlyA();
        publisher.publishAll(image);
        assertThat(replicas.partition(new TopicPartitionKey("a", 0))).isPresent();

        assertThat(publisher.removeStrayLogs(image)).isEqualTo(3);

        assertThat(logManager.logsByPartition()).containsOnlyKeys(new TopicPartitionKey("a", 0),
                new TopicPartitionKey("legacy", 0));
        assertThat(dir.resolve("a-0")).isDirectory();
        assertThat(dir.resolve("legacy-0")).isDirectory();
        assertThat(dir.resolve("a-1")).doesNotExist();
        assertThat(dir.resolve("a-7")).doesNotExist();
        assertThat(dir.resolve("b-0")).doesNotExist();
        assertThat(dir.toFile().list()).noneMatch(name -> name.endsWith("-stray"));
    }

    @Test
    void aPartitionGivenBackAfterTheWholeImageIsHostedNotRemoved() {
        MetadataImage older = imageWithOnlyA();
        MetadataDelta giveBack = new MetadataDelta(older);
        giveBack.replay(new PartitionChangeRecord(A, 1, OptionalInt.empty(), Optional.of(List.of(2, 1)),
                Optional.of(List.of(2, 1))));
        MetadataImage newer = giveBack.apply(6);
        publisher.publishAll(newer);

        publisher.removeStrayLogs(older);

        assertThat(logManager.getLog("a", 1)).as("a-1 lists this node again in the newer image").isPresent();
        assertThat(logManager.getLog("b", 0)).isEmpty();
    }
}

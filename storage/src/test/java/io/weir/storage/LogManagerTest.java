package io.weir.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogManagerTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(T0);
    // Tasks are scheduled an hour apart so that they never run during a test; tests call them directly.
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final LogManager.Intervals hourly = new LogManager.Intervals(3_600_000, 3_600_000, 3_600_000);

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    private LogManager manager(List<Path> dirs) {
        LogManager manager = new LogManager(dirs, LogConfig.defaults().withSegmentBytes(2048), clock, scheduler, hourly);
        manager.startup();
        return manager;
    }

    @Test
    void spreadsPartitionsOverLogDirsAndReloadsThemAfterCleanShutdown() throws Exception {
        List<Path> dirs = List.of(tmp.resolve("d1"), tmp.resolve("d2"));
        LogManager manager = manager(dirs);
        for (int p = 0; p < 4; p++) {
            PartitionLog log = manager.getOrCreateLog("my-topic", p);
            for (int i = 0; i < 10; i++) {
                log.appendAsLeader(Batches.batch(T0, 3), 1);
            }
            log.updateHighWatermark(20);
        }
        assertThat(manager.getOrCreateLog("my-topic", 0)).isSameAs(manager.getLog("my-topic", 0).orElseThrow());
        assertThat(dirs.get(0).resolve("my-topic-0")).isDirectory();
        assertThat(dirs.get(1).resolve("my-topic-1")).isDirectory();
        assertThat(manager.scheduledTaskCount()).isEqualTo(5); // four periodic tasks and one log cleaner thread
        manager.shutdown();

        assertThat(dirs.get(0).resolve(LogManager.CLEAN_SHUTDOWN_FILE)).exists();
        assertThat(Files.readAllLines(dirs.get(0).resolve(LogManager.RECOVERY_POINT_CHECKPOINT)))
                .containsExactlyInAnyOrder("0", "2", "my-topic 0 30", "my-topic 2 30");
        assertThat(Files.readAllLines(dirs.get(1).resolve(LogManager.HIGH_WATERMARK_CHECKPOINT)))
                .containsExactlyInAnyOrder("0", "2", "my-topic 1 20", "my-topic 3 20");

        LogManager reopened = manager(dirs);
        assertThat(reopened.allLogs()).hasSize(4);
        PartitionLog log = reopened.getLog("my-topic", 3).orElseThrow();
        assertThat(log.logEndOffset()).isEqualTo(30);
        assertThat(log.highWatermark()).isEqualTo(20);
        assertThat(dirs.get(0).resolve(LogManager.CLEAN_SHUTDOWN_FILE)).doesNotExist();
        reopened.shutdown();
    }

    @Test
    void aLogLeftByAnEarlierTopicOfTheSameNameIsReplacedNotReused() {
        List<Path> dirs = List.of(tmp.resolve("d1"));
        LogManager manager = manager(dirs);
        PartitionLog old = manager.getOrCreateLog("t", 0, "first-id", LogConfig.defaults());
        for (int i = 0; i < 5; i++) {
            old.appendAsLeader(Batches.batch(T0, 3), 1);
        }
        assertThat(dirs.get(0).resolve("t-0").resolve("partition.metadata")).hasContent("version: 0\ntopic_id: first-id");
        manager.shutdown();

        LogManager reopened = manager(dirs);
        assertThat(reopened.getOrCreateLog("t", 0, "first-id", LogConfig.defaults()).logEndOffset())
                .as("the same topic keeps its log across a restart")
                .isEqualTo(15);
        PartitionLog recreated = reopened.getOrCreateLog("t", 0, "second-id", LogConfig.defaults());
        assertThat(recreated.logEndOffset()).as("another topic of that name starts empty").isZero();
        assertThat(PartitionMetadataFile.readTopicId(recreated.dir())).hasValue("second-id");
        reopened.shutdown();
    }

    @Test
    void aLogWithoutATopicIdTakesTheFirstOneItIsHostedWith() {
        List<Path> dirs = List.of(tmp.resolve("d1"));
        LogManager manager = manager(dirs);
        manager.getOrCreateLog("t", 0).appendAsLeader(Batches.batch(T0, 3), 1);
        manager.shutdown();

        LogManager reopened = manager(dirs);
        assertThat(reopened.getOrCreateLog("t", 0, "the-id", LogConfig.defaults()).logEndOffset()).isEqualTo(3);
        assertThat(PartitionMetadataFile.readTopicId(dirs.get(0).resolve("t-0"))).hasValue("the-id");
        reopened.shutdown();
    }

    @Test
    void aStrayLogIsRemovedAndALeftoverStrayDirectoryGoesAtStartup() throws Exception {
        List<Path> dirs = List.of(tmp.resolve("d1"));
        LogManager manager = manager(dirs);
        manager.getOrCreateLog("gone", 0, "gone-id", LogConfig.defaults()).appendAsLeader(Batches.batch(T0, 3), 1);
        manager.getOrCreateLog("kept", 0);
        assertThat(manager.topicId("gone", 0)).hasValue("gone-id");
        assertThat(manager.topicId("kept", 0)).as("a log without partition.metadata").isEmpty();
        assertThat(manager.topicId("absent", 0)).isEmpty();

        assertThat(manager.deleteStrayLog("gone", 0)).isTrue();
        assertThat(manager.deleteStrayLog("gone", 0)).isFalse();
        assertThat(manager.getLog("gone", 0)).isEmpty();
        assertThat(dirs.get(0).resolve("gone-0")).doesNotExist();
        assertThat(manager.topicId("gone", 0)).isEmpty();
        manager.shutdown();

        Path leftover = Files.createDirectories(dirs.get(0).resolve("other-0.0123456789abcdef-stray"));
        LogManager reopened = manager(dirs);
        assertThat(leftover).as("a stray directory whose removal was interrupted").doesNotExist();
        assertThat(reopened.logsByPartition()).containsOnlyKeys(new TopicPartitionKey("kept", 0));
        reopened.shutdown();
    }

    @Test
    void checkpointsCarryTheLogStartOffsetAcrossRestarts() {
        List<Path> dirs = List.of(tmp.resolve("d1"));
        LogManager manager = manager(dirs);
        PartitionLog log = manager.getOrCreateLog("t", 0);
        for (int i = 0; i < 10; i++) {
            log.appendAsLeader(Batches.batch(T0, 3), 1);
        }
        log.updateHighWatermark(30);
        log.maybeIncrementLogStartOffset(7);
        manager.checkpointAll();
        manager.shutdown();
        LogManager reopened = manager(dirs);
        assertThat(reopened.getLog("t", 0).orElseThrow().logStartOffset()).isEqualTo(7);
        reopened.shutdown();
    }

    @Test
    void deleteLogRemovesTheDirectoryAndRetentionRunsOverAllLogs() {
        List<Path> dirs = List.of(tmp.resolve("d1"));
        LogManager manager = manager(dirs);
        PartitionLog kept = manager.getOrCreateLog("keep", 0, LogConfig.defaults().withSegmentBytes(1024).withRetentionMs(1000));
        for (int i = 0; i < 20; i++) {
            kept.appendAsLeader(Batches.batch(clock.millis(), 3), 1);
        }
        kept.updateHighWatermark(kept.logEndOffset());
        manager.getOrCreateLog("gone", 0);
        assertThat(manager.deleteLog("gone", 0)).isTrue();
        assertThat(manager.deleteLog("gone", 0)).isFalse();
        assertThat(dirs.get(0).resolve("gone-0")).doesNotExist();
        clock.advanceMs(5000);
        assertThat(manager.runRetention()).isPositive();
        manager.shutdown();
    }
}

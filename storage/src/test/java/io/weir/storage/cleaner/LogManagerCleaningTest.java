package io.weir.storage.cleaner;

import io.weir.storage.MutableClock;
import static io.weir.storage.cleaner.KeyedBatches.kv;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.storage.CleanupPolicy;
import io.weir.storage.LogConfig;
import io.weir.storage.LogManager;
import io.weir.storage.PartitionLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogManagerCleaningTest {
    private static final long START_MS = 1_700_000_000_000L;
    private static final long HOUR_MS = 3_600_000L;
    private static final LogConfig COMPACTED = LogConfig.defaults().withSegmentBytes(1024)
            .withCleanupPolicy(CleanupPolicy.COMPACT).withFileDeleteDelayMs(0);

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(START_MS);
    // Tasks are scheduled an hour apart so that they never run during a test; tests call them directly.
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    private LogManager manager(CleanerConfig cleanerConfig) {
        LogManager manager = new LogManager(List.of(tmp.resolve("d1")), LogConfig.defaults(), clock, scheduler,
                new LogManager.Intervals(HOUR_MS, HOUR_MS, HOUR_MS, HOUR_MS), LogManager.DEFAULT_PRODUCER_ID_EXPIRATION_MS,
                cleanerConfig);
        manager.startup();
        return manager;
    }

    private static CleanerConfig hourlyCleaner() {
        return new CleanerConfig(true, 2, 1 << 20, Double.MAX_VALUE, HOUR_MS);
    }

    private static void writeRounds(PartitionLog log, int rounds) {
        for (int round = 0; round < rounds; round++) {
            log.appendAsLeader(KeyedBatches.batch(START_MS, kv("a", "r" + round), kv("b", "r" + round), kv("c", "r" + round),
                    kv("d", "r" + round), kv("e", "r" + round)), 0);
        }
        log.roll();
        log.updateHighWatermark(log.logEndOffset());
    }

    @Test
    void cleansTheDirtiestCompactedLogAndCheckpointsItsFirstDirtyOffset() throws Exception {
        LogManager manager = manager(hourlyCleaner());
        assertThat(manager.scheduledTaskCount()).isEqualTo(6);
        PartitionLog offsets = manager.getOrCreateLog("__consumer_offsets", 0, COMPACTED);
        PartitionLog plain = manager.getOrCreateLog("plain", 0, COMPACTED.withCleanupPolicy(CleanupPolicy.DELETE));
        writeRounds(offsets, 20);
        writeRounds(plain, 20);

        CleanResult result = manager.runCleaner().orElseThrow();

        assertThat(result.nextFirstDirtyOffset()).isEqualTo(100);
        assertThat(KeyedBatches.readAll(offsets)).hasSize(5);
        assertThat(KeyedBatches.readAll(plain)).hasSize(100);
        assertThat(manager.runCleaner()).isEmpty();
        CleanerStats stats = manager.cleanerStats("__consumer_offsets", 0).orElseThrow();
        assertThat(stats.lastCleanTimeMs()).hasValue(START_MS);
        assertThat(stats.dirtyRatio()).isZero();

        manager.shutdown();
        assertThat(Files.readAllLines(tmp.resolve("d1").resolve(LogManager.CLEANER_OFFSET_CHECKPOINT)))
                .containsExactly("0", "1", "__consumer_offsets 0 100");

        LogManager reopened = manager(hourlyCleaner());
        PartitionLog again = reopened.getOrCreateLog("__consumer_offsets", 0, COMPACTED);
        again.updateHighWatermark(again.logEndOffset());
        assertThat(reopened.cleanerStats("__consumer_offsets", 0).orElseThrow().firstDirtyOffset()).isEqualTo(100);
        assertThat(reopened.runCleaner()).isEmpty();
        reopened.shutdown();
    }

    @Test
    void aDisabledCleanerSchedulesNothingButCanStillBeRunByHand() {
        LogManager manager = manager(hourlyCleaner().withEnabled(false));
        assertThat(manager.scheduledTaskCount()).isEqualTo(4);
        PartitionLog offsets = manager.getOrCreateLog("__consumer_offsets", 0, COMPACTED);
        writeRounds(offsets, 10);

        assertThat(manager.cleanNow("__consumer_offsets", 0)).isPresent();

        assertThat(KeyedBatches.readAll(offsets)).hasSize(5);
        manager.shutdown();
    }
}

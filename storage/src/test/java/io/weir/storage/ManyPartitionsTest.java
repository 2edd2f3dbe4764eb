package io.weir.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of partition logs open at once hold no thread each and about one file descriptor each
 * (the active segment's log file), not one per segment file: old segments open their files on
 * first read.
 */
class ManyPartitionsTest {
    private static final int PARTITIONS = 1_000;
    private static final int SEGMENTS_PER_PARTITION = 3;

    @TempDir
    Path tmp;

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final LogManager.Intervals hourly = new LogManager.Intervals(3_600_000, 3_600_000, 3_600_000);
    private final MutableClock clock = new MutableClock(1_700_000_000_000L);

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void reopeningThousandsOfLogsOpensAboutOneFilePerPartitionAndNoThreads() throws IOException {
        ByteBuffer batch = Batches.batch(clock.millis(), 1);
        LogConfig config = LogConfig.defaults().withSegmentBytes(batch.remaining()).withSegmentIndexBytes(4096);
        LogManager manager = new LogManager(List.of(tmp), config, clock, scheduler, hourly);
        manager.startup();
        for (int p = 0; p < PARTITIONS; p++) {
            PartitionLog log = manager.getOrCreateLog("wide", p);
            for (int s = 0; s < SEGMENTS_PER_PARTITION; s++) {
                log.appendAsLeader(batch.duplicate(), 0);
            }
        }
        manager.shutdown();

        long fdsBefore = openFileDescriptors();
        int threadsBefore = Thread.activeCount();
        LogManager reopened = new LogManager(List.of(tmp), config, clock, scheduler, hourly);
        reopened.startup();

        assertThat(reopened.allLogs()).hasSize(PARTITIONS);
        assertThat(reopened.getLog("wide", 7).orElseThrow().numberOfSegments()).isGreaterThanOrEqualTo(SEGMENTS_PER_PARTITION);
        assertThat(openFileDescriptors() - fdsBefore).isLessThanOrEqualTo(PARTITIONS + 50);
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore + 1);
        reopened.shutdown();
    }

    private static long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}

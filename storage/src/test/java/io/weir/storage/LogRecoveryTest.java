package io.weir.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Recovery truncates exactly at the first torn or corrupt batch and keeps everything before it. */
class LogRecoveryTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(T0);
    private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    private ch.qos.logback.classic.Logger loaderLogger;

    @BeforeEach
    void captureWarnings() {
        loaderLogger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(LogLoader.class);
        warnings.start();
        loaderLogger.addAppender(warnings);
    }

    @AfterEach
    void stopCapturing() {
        loaderLogger.detachAppender(warnings);
    }

    private Path dir() {
        return tmp.resolve("orders-3");
    }

    /** Writes batches of 3 records into one segment; returns each batch's start position. */
    private List<Integer> writeBatches(int count, LogConfig config) {
        List<Integer> positions = new ArrayList<>();
        try (PartitionLog log = PartitionLog.open(dir(), config, clock, 0, 0)) {
            int position = 0;
            for (int i = 0; i < count; i++) {
                positions.add(position);
                position += log.appendAsLeader(Batches.batch(Compression.NONE, T0 + i, 3, 40), 2).validBytes();
            }
            log.flush();
        }
        return positions;
    }

    private PartitionLog reopenUnclean(LogConfig config) {
        return PartitionLog.open(dir(), config, clock, 0, 0);
    }

    private long recoveryWarnings() {
        return warnings.list.stream().filter(e -> e.getLevel() == Level.WARN).count();
    }

    @Test
    void flippedByteTruncatesAtThatBatch() throws Exception {
        for (int victim : new int[] {0, 3, 9}) {
            deleteDir();
            List<Integer> positions = writeBatches(10, LogConfig.defaults());
            Path segment = dir().resolve("00000000000000000000.log");
            int at = positions.get(victim) + 70;
            byte[] bytes = Files.readAllBytes(segment);
            bytes[at] ^= 0x10;
            Files.write(segment, bytes);
            warnings.list.clear();
            try (PartitionLog log = reopenUnclean(LogConfig.defaults())) {
                assertThat(log.logEndOffset()).isEqualTo(victim * 3L);
                assertThat(Files.size(segment)).isEqualTo(positions.get(victim).longValue());
                assertThat(Batches.readAll(log, 0)).hasSize(victim * 3);
                assertThat(log.appendAsLeader(Batches.batch(T0, 1), 3).firstOffset()).isEqualTo(victim * 3L);
            }
            assertThat(recoveryWarnings()).isEqualTo(1);
            assertThat(warnings.list.get(0).getFormattedMessage()).contains("[log orders-3]", "00000000000000000000.log",
                    "byte position " + positions.get(victim));
        }
    }

    @Test
    void cutTailKeepsEveryWholeBatch() throws Exception {
        List<Integer> positions = writeBatches(8, LogConfig.defaults());
        Path segment = dir().resolve("00000000000000000000.log");
        long fullSize = Files.size(segment);
        int[] cuts = {1, 10, 60, 61, 62, (int) fullSize - positions.get(7) - 1};
        for (int cut : cuts) {
            try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                channel.truncate(positions.get(7) + cut);
            }
            try (PartitionLog log = reopenUnclean(LogConfig.defaults())) {
                assertThat(log.logEndOffset()).as("cut at %d", cut).isEqualTo(21);
                assertThat(Files.size(segment)).isEqualTo(positions.get(7).longValue());
                log.appendAsLeader(Batches.batch(Compression.NONE, T0 + 7, 3, 40), 2);
            }
        }
    }

    @Test
    void garbageAfterTheLastBatchIsRemoved() throws Exception {
        List<Integer> positions = writeBatches(4, LogConfig.defaults());
        Path segment = dir().resolve("00000000000000000000.log");
        long size = Files.size(segment);
        Files.write(segment, new byte[4096], StandardOpenOption.APPEND);
        try (PartitionLog log = reopenUnclean(LogConfig.defaults())) {
            assertThat(log.logEndOffset()).isEqualTo(12);
            assertThat(Files.size(segment)).isEqualTo(size);
        }
        assertThat(positions).hasSize(4);
    }

    @Test
    void corruptionInAnEarlierSegmentDeletesTheLaterOnes() throws Exception {
        LogConfig config = LogConfig.defaults().withSegmentBytes(1024);
        writeBatches(30, config);
        List<Path> logs;
        try (var files = Files.list(dir())) {
            logs = files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
        assertThat(logs.size()).isGreaterThan(3);
        Path second = logs.get(1);
        long secondBase = Long.parseLong(second.getFileName().toString().substring(0, 20));
        byte[] bytes = Files.readAllBytes(second);
        bytes[bytes.length - 5] ^= 0x01;
        Files.write(second, bytes);
        try (PartitionLog log = reopenUnclean(config)) {
            assertThat(log.numberOfSegments()).isEqualTo(2);
            assertThat(log.logEndOffset()).isGreaterThan(secondBase).isLessThan(secondBase + 30);
            assertThat(Batches.readAll(log, 0)).hasSize((int) log.logEndOffset());
        }
        assertThat(logs.get(2)).doesNotExist();
        assertThat(recoveryWarnings()).isEqualTo(1);
    }

    @Test
    void recoveryPointSkipsScanningFlushedSegmentsAndRebuildsEpochs() throws Exception {
        LogConfig config = LogConfig.defaults().withSegmentBytes(1024);
        try (PartitionLog log = PartitionLog.open(dir(), config, clock, 0, 0)) {
            for (int i = 0; i < 30; i++) {
                log.appendAsLeader(Batches.batch(Compression.NONE, T0 + i, 3, 40), i < 20 ? 1 : 2);
            }
            log.flush();
        }
        Files.delete(dir().resolve("leader-epoch-checkpoint"));
        try (PartitionLog log = PartitionLog.open(dir(), config, clock, 60, 0)) {
            assertThat(log.logEndOffset()).isEqualTo(90);
            assertThat(log.recoveryPoint()).isEqualTo(90);
            assertThat(log.leaderEpochCache().latestEpoch()).hasValue(2);
            assertThat(log.endOffsetForEpoch(1).endOffset()).isEqualTo(60);
            LogSegment first = log.segmentsSnapshot().iterator().next();
            assertThat(first.indexesLoaded()).as("segments below the recovery point stay unopened").isFalse();
        }
    }

    @Test
    void leftoverFilesAreCleanedAndSwapsCompleted() throws Exception {
        writeBatches(3, LogConfig.defaults());
        Files.write(dir().resolve("00000000000000000100.log.deleted"), new byte[10]);
        Files.write(dir().resolve("00000000000000000100.log.cleaned"), new byte[10]);
        Files.write(dir().resolve("leader-epoch-checkpoint.tmp"), new byte[10]);
        Files.write(dir().resolve("00000000000000000500.index"), new byte[16]);
        try (PartitionLog log = reopenUnclean(LogConfig.defaults())) {
            assertThat(log.logEndOffset()).isEqualTo(9);
        }
        try (var files = Files.list(dir())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder(
                    "00000000000000000000.log", "00000000000000000000.index", "00000000000000000000.timeindex",
                    "leader-epoch-checkpoint", "00000000000000000009.snapshot"); // producer state, taken at close
        }
    }

    private void deleteDir() throws Exception {
        if (Files.exists(dir())) {
            try (var files = Files.walk(dir())) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

}

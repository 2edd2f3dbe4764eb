package io.weir.storage.cleaner;

import io.weir.storage.MutableClock;
import static io.weir.storage.cleaner.KeyedBatches.kv;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.storage.CleanupPolicy;
import io.weir.storage.LogConfig;
import io.weir.storage.PartitionLog;
import io.weir.storage.TopicPartitionKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leaves a partition directory as a kill -9 would at each step of the cleaner's swap (files
 * written by a real pass, arranged by hand) and checks that opening it recovers either the old or
 * the new segment set, and never loses a key's latest value.
 */
class CleanerCrashRecoveryTest {
    private static final long START_MS = 1_700_000_000_000L;
    private static final String BASE = "00000000000000000000";
    private static final LogConfig WRITE_CONFIG = LogConfig.defaults().withSegmentBytes(300)
            .withCleanupPolicy(CleanupPolicy.COMPACT).withFileDeleteDelayMs(0);

    @TempDir
    Path root;

    private final MutableClock clock = new MutableClock(START_MS);
    private Path before;
    private Path after;
    private List<Long> oldBases;
    private List<KeyedBatches.Parsed> original;
    private List<KeyedBatches.Parsed> cleaned;

    @BeforeEach
    void writeAndCleanOnce() throws IOException {
        before = root.resolve("before").resolve("orders-0");
        PartitionLog log = PartitionLog.open(before, WRITE_CONFIG, clock, 0, 0);
        for (int round = 0; round < 8; round++) {
            List<KeyedBatches.Kv> records = new ArrayList<>();
            for (int k = 0; k < 6; k++) {
                records.add(kv("k" + k, round == 5 && k == 2 ? null : "r" + round + "-" + k));
            }
            log.appendAsLeader(KeyedBatches.batch(org.apache.kafka.common.compress.Compression.NONE, clock.millis(), records), 0);
        }
        log.roll();
        log.updateHighWatermark(log.logEndOffset());
        original = KeyedBatches.readAll(log);
        oldBases = log.closedSegments().stream().map(s -> s.baseOffset()).toList();
        log.flush();
        log.close();
        assertThat(oldBases).hasSizeGreaterThan(3);

        after = root.resolve("after").resolve("orders-0");
        copyDir(before, after);
        PartitionLog cleaning = PartitionLog.open(after, WRITE_CONFIG.withSegmentBytes(1 << 20), clock, 0, 0);
        cleaning.updateHighWatermark(cleaning.logEndOffset());
        CleanResult result = new LogCleaner(CleanerConfig.defaults().withDedupeBufferBytes(1 << 20), clock)
                .clean(new TopicPartitionKey("orders", 0), cleaning).orElseThrow();
        assertThat(result.completed()).isTrue();
        assertThat(result.segmentsReplaced()).isEqualTo(oldBases.size());
        cleaned = KeyedBatches.readAll(cleaning);
        cleaning.flush();
        cleaning.close();
        assertThat(cleaned).hasSizeLessThan(original.size());
        assertThat(KeyedBatches.liveState(cleaned)).isEqualTo(KeyedBatches.liveState(original));
    }

    private static void copyDir(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** A copy of the directory before cleaning, to arrange a crash state in. */
    private Path crashDir(String name) throws IOException {
        Path dir = root.resolve(name).resolve("orders-0");
        copyDir(before, dir);
        return dir;
    }

    private void putNew(Path dir, String suffix, String as) throws IOException {
        Files.copy(after.resolve(BASE + suffix), dir.resolve(BASE + suffix + as), StandardCopyOption.REPLACE_EXISTING);
    }

    private void markOldDeleted(Path dir, int count) throws IOException {
        for (long base : oldBases.subList(0, count)) {
            String name = String.format("%020d", base);
            for (String suffix : List.of(".log", ".index", ".timeindex")) {
                Path file = dir.resolve(name + suffix);
                if (Files.exists(file)) {
                    Files.move(file, dir.resolve(name + suffix + ".deleted"), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private List<KeyedBatches.Parsed> reopen(Path dir) throws IOException {
        PartitionLog log = PartitionLog.open(dir, WRITE_CONFIG, clock, 0, 0);
        try {
            List<KeyedBatches.Parsed> records = KeyedBatches.readAll(log);
            assertThat(records).extracting(KeyedBatches.Parsed::offset).isSorted().doesNotHaveDuplicates();
            Map<String, String> live = KeyedBatches.liveState(records);
            assertThat(live).isEqualTo(KeyedBatches.liveState(original));
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .noneMatch(n -> n.endsWith(".swap") || n.endsWith(".cleaned") || n.endsWith(".deleted"));
            }
            return records;
        } finally {
            log.close();
        }
    }

    @Test
    void crashWhileWritingTheCleanedSegmentKeepsTheOldSegments() throws IOException {
        Path dir = crashDir("writing");
        putNew(dir, ".log", ".cleaned");
        putNew(dir, ".index", ".cleaned");
        try (var channel = java.nio.channels.FileChannel.open(dir.resolve(BASE + ".log.cleaned"),
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() / 2);
        }

        assertThat(reopen(dir)).isEqualTo(original);
    }

    @Test
    void crashWhileRenamingIndexesToSwapKeepsTheOldSegments() throws IOException {
        Path dir = crashDir("indexes-swapped");
        putNew(dir, ".index", ".swap");
        putNew(dir, ".timeindex", ".swap");
        putNew(dir, ".log", ".cleaned");

        assertThat(reopen(dir)).isEqualTo(original);
    }

    @Test
    void crashOnceTheLogIsSwapFinishesTheSwap() throws IOException {
        Path dir = crashDir("all-swapped");
        putNew(dir, ".index", ".swap");
        putNew(dir, ".timeindex", ".swap");
        putNew(dir, ".log", ".swap");

        assertThat(reopen(dir)).isEqualTo(cleaned);
    }

    @Test
    void crashWhileRenamingOldSegmentsToDeletedFinishesTheSwap() throws IOException {
        Path dir = crashDir("some-deleted");
        putNew(dir, ".index", ".swap");
        putNew(dir, ".timeindex", ".swap");
        putNew(dir, ".log", ".swap");
        markOldDeleted(dir, oldBases.size() / 2);

        assertThat(reopen(dir)).isEqualTo(cleaned);
    }

    @Test
    void crashWhileDroppingTheSwapSuffixesFinishesTheSwap() throws IOException {
        Path dir = crashDir("final-rename");
        markOldDeleted(dir, oldBases.size());
        putNew(dir, ".index", "");
        putNew(dir, ".timeindex", ".swap");
        putNew(dir, ".log", ".swap");

        assertThat(reopen(dir)).isEqualTo(cleaned);
    }

    @Test
    void crashAfterTheSwapBeforeDeletedFilesWentKeepsTheNewSegment() throws IOException {
        Path dir = crashDir("done");
        markOldDeleted(dir, oldBases.size());
        putNew(dir, ".index", "");
        putNew(dir, ".timeindex", "");
        putNew(dir, ".log", "");

        assertThat(reopen(dir)).isEqualTo(cleaned);
    }
}

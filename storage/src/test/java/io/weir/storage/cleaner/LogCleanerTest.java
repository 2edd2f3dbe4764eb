package io.weir.storage.cleaner;

import io.weir.storage.MutableClock;
import static io.weir.storage.cleaner.KeyedBatches.kv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.storage.AppendResult;
import io.weir.storage.CleanupPolicy;
import io.weir.storage.LogConfig;
import io.weir.storage.LogSlice;
import io.weir.storage.PartitionLog;
import io.weir.storage.TopicPartitionKey;
import io.weir.storage.errors.InvalidRecordException;
import io.weir.storage.producer.ProducerStateEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LogCleanerTest {
    private static final long START_MS = 1_700_000_000_000L;
    private static final long DAY_MS = 86_400_000L;
    private static final TopicPartitionKey KEY = new TopicPartitionKey("orders", 0);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START_MS);
    private final List<PartitionLog> opened = new ArrayList<>();

    @AfterEach
    void closeLogs() {
        opened.forEach(PartitionLog::close);
    }

    private static LogConfig compacted() {
        return LogConfig.defaults().withSegmentBytes(1024).withCleanupPolicy(CleanupPolicy.COMPACT)
                .withFileDeleteDelayMs(0).withDeleteRetentionMs(DAY_MS);
    }

    private PartitionLog open(LogConfig config) {
        PartitionLog log = PartitionLog.open(dir.resolve("orders-0"), config, clock, 0, 0);
        opened.add(log);
        return log;
    }

    private LogCleaner cleaner() {
        return new LogCleaner(CleanerConfig.defaults().withDedupeBufferBytes(1 << 20), clock);
    }

    private static void append(PartitionLog log, ByteBuffer batch) {
        log.appendAsLeader(batch, 0);
        log.updateHighWatermark(log.logEndOffset());
    }

    /** Ten rounds over keys k0..k9, value r<round>, one batch per round. */
    private void writeRounds(PartitionLog log, int rounds, Compression compression) {
        for (int round = 0; round < rounds; round++) {
            List<KeyedBatches.Kv> records = new ArrayList<>();
            for (int k = 0; k < 10; k++) {
                records.add(kv("k" + k, "r" + round));
            }
            append(log, KeyedBatches.batch(compression, clock.millis(), records));
        }
    }

    @Test
    void keepsOnlyTheLatestRecordOfEachKeyWithIncreasingOffsets() {
        PartitionLog log = open(compacted());
        writeRounds(log, 20, Compression.NONE);
        log.roll();
        long sizeBefore = log.size();
        assertThat(log.numberOfSegments()).isGreaterThan(3);

        CleanResult result = cleaner().clean(KEY, log).orElseThrow();

        List<KeyedBatches.Parsed> records = KeyedBatches.readAll(log);
        assertThat(result.completed()).isTrue();
        assertThat(records).hasSize(10);
        assertThat(records).extracting(KeyedBatches.Parsed::value).containsOnly("r19");
        assertThat(records).extracting(KeyedBatches.Parsed::offset).isSorted().doesNotHaveDuplicates()
                .containsExactly(190L, 191L, 192L, 193L, 194L, 195L, 196L, 197L, 198L, 199L);
        assertThat(log.size()).isLessThan(sizeBefore / 10);
        assertThat(log.logEndOffset()).isEqualTo(200);
        assertThat(result.nextFirstDirtyOffset()).isEqualTo(200);
    }

    @ParameterizedTest
    @MethodSource("io.weir.storage.cleaner.RecordBatchCodecTest#codecs")
    void cleansCompressedBatchesIntoBatchesKafkaClientsRead(Compression compression) {
        PartitionLog log = open(compacted());
        writeRounds(log, 12, compression);
        append(log, KeyedBatches.batch(compression, clock.millis(), List.of(kv("k3", "last"), kv("k4", null))));
        log.roll();

        cleaner().clean(KEY, log).orElseThrow();

        Map<String, String> state = KeyedBatches.liveState(KeyedBatches.readAll(log));
        assertThat(state).hasSize(9).containsEntry("k3", "last").doesNotContainKey("k4").containsEntry("k0", "r11");
        assertThat(KeyedBatches.readAll(log)).hasSize(10); // k4's tombstone stays for delete.retention.ms
    }

    @Test
    void neverTouchesTheActiveSegment() {
        PartitionLog log = open(compacted().withSegmentBytes(1 << 20));
        writeRounds(log, 5, Compression.NONE);

        assertThat(cleaner().clean(KEY, log).orElseThrow().segmentsReplaced()).isZero();
        assertThat(KeyedBatches.readAll(log)).hasSize(50);

        log.roll();
        writeRounds(log, 2, Compression.NONE);
        cleaner().clean(KEY, log).orElseThrow();
        List<KeyedBatches.Parsed> records = KeyedBatches.readAll(log);
        assertThat(records).filteredOn(r -> r.offset() >= 50).hasSize(20);
        assertThat(records).filteredOn(r -> r.offset() < 50).extracting(KeyedBatches.Parsed::value).containsOnly("r4");
    }

    @Test
    void tombstonesStayForDeleteRetentionThenGo() {
        PartitionLog log = open(compacted());
        writeRounds(log, 3, Compression.NONE);
        append(log, KeyedBatches.batch(clock.millis(), kv("k0", null), kv("k1", null)));
        log.roll();
        LogCleaner cleaner = cleaner();

        cleaner.clean(KEY, log).orElseThrow();
        assertThat(KeyedBatches.readAll(log)).filteredOn(r -> r.value() == null).extracting(KeyedBatches.Parsed::key)
                .containsExactly("k0", "k1");
        assertThat(cleaner.priority(KEY, log)).isEmpty();

        clock.advanceMs(DAY_MS - 1);
        assertThat(cleaner.priority(KEY, log)).isEmpty();
        cleaner.clean(KEY, log).orElseThrow();
        assertThat(KeyedBatches.readAll(log)).filteredOn(r -> r.value() == null).hasSize(2);

        clock.advanceMs(1);
        assertThat(cleaner.priority(KEY, log)).isPresent();
        cleaner.cleanDirtiest(Map.of(KEY, log)).orElseThrow();
        List<KeyedBatches.Parsed> records = KeyedBatches.readAll(log);
        assertThat(records).extracting(KeyedBatches.Parsed::key).containsExactlyInAnyOrder(
                "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9");
        assertThat(records).extracting(KeyedBatches.Parsed::value).containsOnly("r2");
    }

    @Test
    void respectsMinCompactionLag() {
        long lagMs = 3_600_000L;
        PartitionLog log = open(compacted().withMinCompactionLagMs(lagMs));
        writeRounds(log, 10, Compression.NONE);
        log.roll();
        LogCleaner cleaner = cleaner();

        clock.advanceMs(lagMs / 2);
        assertThat(cleaner.priority(KEY, log)).isEmpty();
        assertThat(cleaner.clean(KEY, log).orElseThrow().segmentsReplaced()).isZero();
        assertThat(KeyedBatches.readAll(log)).hasSize(100);

        clock.advanceMs(lagMs);
        assertThat(cleaner.priority(KEY, log)).isPresent();
        cleaner.clean(KEY, log).orElseThrow();
        assertThat(KeyedBatches.readAll(log)).hasSize(10);
    }

    @Test
    void maxCompactionLagForcesCleaningBelowTheDirtyRatio() {
        PartitionLog log = open(compacted().withMinCleanableDirtyRatio(1.0).withMaxCompactionLagMs(60_000));
        LogCleaner cleaner = cleaner();
        writeRounds(log, 10, Compression.NONE);
        log.roll();
        cleaner.clean(KEY, log).orElseThrow();
        writeRounds(log, 1, Compression.NONE);
        log.roll();
        assertThat(cleaner.priority(KEY, log)).isEmpty();

        clock.advanceMs(60_000); // the first dirty batch's maxTimestamp is START_MS + 9

        assertThat(cleaner.priority(KEY, log)).isEmpty();
        clock.advanceMs(10);
        assertThat(cleaner.priority(KEY, log)).isPresent();
    }

    @Test
    void theActiveSegmentOfACompactedLogRollsAtMaxCompactionLag() {
        PartitionLog log = open(compacted().withSegmentBytes(1 << 20).withMaxCompactionLagMs(60_000));
        append(log, KeyedBatches.batch(START_MS, kv("a", "1")));
        append(log, KeyedBatches.batch(START_MS + 60_000, kv("a", "2")));
        assertThat(log.numberOfSegments()).isEqualTo(1);

        append(log, KeyedBatches.batch(START_MS + 60_001, kv("a", "3")));

        assertThat(log.numberOfSegments()).isEqualTo(2);
        PartitionLog plain = PartitionLog.open(dir.resolve("plain-0"),
                compacted().withSegmentBytes(1 << 20).withMaxCompactionLagMs(60_000).withCleanupPolicy(CleanupPolicy.DELETE),
                clock, 0, 0);
        opened.add(plain);
        append(plain, KeyedBatches.batch(START_MS, kv("a", "1")));
        append(plain, KeyedBatches.batch(START_MS + 60_001, kv("a", "3")));
        assertThat(plain.numberOfSegments()).isEqualTo(1);
    }

    @Test
    void compactAndDeleteAppliesBothRetentionAndCompaction() {
        PartitionLog log = open(compacted().withCleanupPolicy(CleanupPolicy.COMPACT_DELETE).withRetentionMs(DAY_MS));
        writeRounds(log, 10, Compression.NONE);
        log.roll();
        cleaner().clean(KEY, log).orElseThrow();
        assertThat(KeyedBatches.readAll(log)).hasSize(10);

        clock.advanceMs(DAY_MS + 100);
        assertThat(log.deleteRetentionSegments()).isPositive();

        assertThat(KeyedBatches.readAll(log)).isEmpty();
    }

    @Test
    void compactOnlyKeepsOldSegmentsPastRetention() {
        PartitionLog log = open(compacted().withRetentionMs(DAY_MS));
        writeRounds(log, 10, Compression.NONE);
        log.roll();

        clock.advanceMs(DAY_MS * 2);

        assertThat(log.deleteRetentionSegments()).isZero();
        assertThat(KeyedBatches.readAll(log)).hasSize(100);
    }

    @Test
    void aSliceOfAReplacedSegmentStaysReadable() {
        PartitionLog log = open(compacted());
        writeRounds(log, 10, Compression.NONE);
        log.roll();
        LogSlice held = log.read(0, 1 << 20, Long.MAX_VALUE, true).slice();

        cleaner().clean(KEY, log).orElseThrow();

        try (held) {
            List<KeyedBatches.Parsed> old = KeyedBatches.parse(held.readFully());
            assertThat(old).isNotEmpty();
            assertThat(old.get(0)).isEqualTo(new KeyedBatches.Parsed(0, START_MS, "k0", "r0", 1));
        }
        assertThat(KeyedBatches.readAll(log)).hasSize(10);
    }

    @Test
    void keepsAnIdempotentProducersLastBatchEmptySoItsSequenceSurvivesAReload() throws IOException {
        PartitionLog log = open(compacted());
        append(log, KeyedBatches.idempotentBatch(7, (short) 0, 0, clock.millis(), kv("a", "1")));
        append(log, KeyedBatches.idempotentBatch(7, (short) 0, 1, clock.millis(), kv("b", "1")));
        writeRounds(log, 3, Compression.NONE);
        append(log, KeyedBatches.batch(clock.millis(), kv("a", "2"), kv("b", "2")));
        log.roll();

        cleaner().clean(KEY, log).orElseThrow();
        log.close();
        try (Stream<Path> snapshots = Files.list(dir.resolve("orders-0"))) {
            for (Path snapshot : snapshots.filter(p -> p.toString().endsWith(".snapshot")).toList()) {
                Files.delete(snapshot);
            }
        }
        PartitionLog reopened = open(compacted());

        ProducerStateEntry producer = reopened.activeProducers().get(7L);
        assertThat(producer).isNotNull();
        assertThat(producer.batches()).hasSize(1);
        assertThat(producer.batches().get(0).lastSequence()).isEqualTo(1);
        assertThat(producer.batches().get(0).lastOffset()).isEqualTo(1);
        AppendResult retry = reopened.appendAsLeader(
                KeyedBatches.idempotentBatch(7, (short) 0, 1, clock.millis(), kv("b", "1")), 0);
        assertThat(retry.duplicate()).isTrue();
        assertThat(KeyedBatches.readAll(reopened)).extracting(KeyedBatches.Parsed::key).doesNotHaveDuplicates();
    }

    @Test
    void cleansInSeveralPassesWhenTheOffsetMapIsSmall() {
        PartitionLog log = open(compacted());
        for (int round = 0; round < 2; round++) {
            for (int batch = 0; batch < 30; batch++) {
                List<KeyedBatches.Kv> records = new ArrayList<>();
                for (int k = 0; k < 10; k++) {
                    records.add(kv("key-" + (batch * 10 + k), "round" + round));
                }
                append(log, KeyedBatches.batch(Compression.NONE, clock.millis(), records));
            }
        }
        log.roll();
        LogCleaner small = new LogCleaner(CleanerConfig.defaults().withDedupeBufferBytes(250 * OffsetMap.ENTRY_BYTES), clock);

        int passes = 0;
        while (small.stats(KEY, log).dirtyBytes() > 0 && passes < 20) {
            assertThat(small.clean(KEY, log).orElseThrow().completed()).isTrue();
            passes++;
        }

        assertThat(passes).isGreaterThan(1);
        List<KeyedBatches.Parsed> records = KeyedBatches.readAll(log);
        assertThat(records).hasSize(300);
        assertThat(records).extracting(KeyedBatches.Parsed::value).containsOnly("round1");
    }

    @Test
    void aMapTooSmallForOneBatchLeavesTheLogAsItWas() {
        PartitionLog log = open(compacted());
        writeRounds(log, 3, Compression.NONE);
        log.roll();
        LogCleaner tiny = new LogCleaner(CleanerConfig.defaults().withDedupeBufferBytes(4 * OffsetMap.ENTRY_BYTES), clock);

        CleanResult result = tiny.clean(KEY, log).orElseThrow();

        assertThat(result.completed()).isFalse();
        assertThat(KeyedBatches.readAll(log)).hasSize(30);
        assertThat(tiny.stats(KEY, log).firstDirtyOffset()).isZero();
    }

    @Test
    void statsShowTheDirtyRatioAndLastCleanTime() {
        PartitionLog log = open(compacted());
        LogCleaner cleaner = cleaner();
        writeRounds(log, 10, Compression.NONE);
        log.roll();
        CleanerStats before = cleaner.stats(KEY, log);
        assertThat(before.dirtyRatio()).isEqualTo(1.0);
        assertThat(before.lastCleanTimeMs()).isEmpty();

        cleaner.clean(KEY, log).orElseThrow();

        CleanerStats after = cleaner.stats(KEY, log);
        assertThat(after.dirtyRatio()).isZero();
        assertThat(after.firstDirtyOffset()).isEqualTo(100);
        assertThat(after.lastCleanTimeMs()).hasValue(START_MS);
        assertThat(after.lastBytesWritten()).isPositive().isLessThan(after.lastBytesRead());
        assertThat(cleaner.firstDirtyOffsets()).containsEntry(KEY, 100L);
    }

    @Test
    void doesNotCleanLogsWhosePolicyIsDelete() {
        PartitionLog log = open(compacted().withCleanupPolicy(CleanupPolicy.DELETE));
        writeRounds(log, 10, Compression.NONE);
        log.roll();

        assertThat(cleaner().clean(KEY, log)).isEmpty();
        assertThat(cleaner().cleanDirtiest(Map.of(KEY, log))).isEmpty();
    }

    @Test
    void compactedLogsRefuseRecordsWithoutKey() {
        PartitionLog log = open(compacted());
        assertThatThrownBy(() -> log.appendAsLeader(KeyedBatches.batch(START_MS, kv("a", "1"), kv(null, "x")), 0))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("without a key");
        assertThat(log.logEndOffset()).isZero();

        PartitionLog plain = PartitionLog.open(dir.resolve("plain-0"), LogConfig.defaults(), clock, 0, 0);
        opened.add(plain);
        plain.appendAsLeader(KeyedBatches.batch(START_MS, kv(null, "x")), 0);
        assertThat(plain.logEndOffset()).isEqualTo(1);
    }
}

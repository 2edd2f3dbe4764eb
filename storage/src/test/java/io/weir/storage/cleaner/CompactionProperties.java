package io.weir.storage.cleaner;

import io.weir.storage.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.storage.CleanupPolicy;
import io.weir.storage.LogConfig;
import io.weir.storage.PartitionLog;
import io.weir.storage.TopicPartitionKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.common.compress.Compression;

/**
 * Model-based: whatever the batches, codecs, segment sizes, offset-map size and timing of cleaning
 * passes, the log's live state (latest value per key, tombstones removing keys) never changes,
 * offsets only increase, and below the cleaner checkpoint every key appears at most once.
 */
class CompactionProperties {
    private static final long START_MS = 1_700_000_000_000L;
    private static final long RETENTION_MS = 10_000;

    /** One step: a batch of (key index, tombstone?) pairs with a codec, or a cleaning pass, then time passes. */
    record Step(List<Integer> keys, List<Boolean> tombstones, int codec, boolean clean, int advanceMs) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<List<Integer>> keys = Arbitraries.integers().between(0, 15).list().ofMinSize(1).ofMaxSize(8);
        Arbitrary<List<Boolean>> tombstones = Arbitraries.integers().between(0, 5).map(i -> i == 0).list().ofSize(8);
        Arbitrary<Step> step = Combinators.combine(keys, tombstones, Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, 5).map(i -> i == 0), Arbitraries.integers().between(0, 4000)).as(Step::new);
        return step.list().ofMinSize(5).ofMaxSize(80);
    }

    @Property(tries = 15)
    void cleaningNeverChangesTheLiveStateAndLeavesOneRecordPerKeyBelowTheCheckpoint(@ForAll("steps") List<Step> steps,
            @ForAll @IntRange(min = 300, max = 2000) int segmentBytes, @ForAll @IntRange(min = 4, max = 40) int mapEntries)
            throws IOException {
        Path dir = Files.createTempDirectory("weir-compaction").resolve("s-0");
        MutableClock clock = new MutableClock(START_MS);
        LogConfig config = LogConfig.defaults().withSegmentBytes(segmentBytes).withSegmentIndexBytes(240)
                .withCleanupPolicy(CleanupPolicy.COMPACT).withDeleteRetentionMs(RETENTION_MS).withFileDeleteDelayMs(0);
        PartitionLog log = PartitionLog.open(dir, config, clock, 0, 0);
        TopicPartitionKey key = new TopicPartitionKey("s", 0);
        LogCleaner cleaner = new LogCleaner(
                CleanerConfig.defaults().withDedupeBufferBytes((long) mapEntries * OffsetMap.ENTRY_BYTES), clock);
        List<KeyedBatches.Parsed> written = new ArrayList<>();
        try {
            for (Step step : steps) {
                if (step.clean()) {
                    log.roll();
                    cleaner.clean(key, log).orElseThrow();
                    check(log, cleaner.stats(key, log).firstDirtyOffset(), written);
                } else {
                    append(log, step, clock.millis(), written);
                }
                clock.advanceMs(step.advanceMs());
            }
            log.roll();
            cleaner.clean(key, log).orElseThrow();
            check(log, cleaner.stats(key, log).firstDirtyOffset(), written);
        } finally {
            log.close();
            try (Stream<Path> files = Files.walk(dir.getParent())) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static void append(PartitionLog log, Step step, long nowMs, List<KeyedBatches.Parsed> written) {
        List<KeyedBatches.Kv> records = new ArrayList<>();
        for (int i = 0; i < step.keys().size(); i++) {
            String value = step.tombstones().get(i) ? null : "v" + (written.size() + i);
            records.add(KeyedBatches.kv("key" + step.keys().get(i), value));
        }
        Compression compression = KeyedBatches.CODECS.get(step.codec());
        long first = log.appendAsLeader(KeyedBatches.batch(compression, nowMs, records), 0).firstOffset();
        log.updateHighWatermark(log.logEndOffset());
        for (int i = 0; i < records.size(); i++) {
            written.add(new KeyedBatches.Parsed(first + i, nowMs + i, records.get(i).key(), records.get(i).value(), 1));
        }
    }

    private static void check(PartitionLog log, long firstDirtyOffset, List<KeyedBatches.Parsed> written) {
        List<KeyedBatches.Parsed> records = KeyedBatches.readAll(log);
        assertThat(records).extracting(KeyedBatches.Parsed::offset).isSorted().doesNotHaveDuplicates();
        assertThat(KeyedBatches.liveState(records)).isEqualTo(KeyedBatches.liveState(written));
        assertThat(written).containsAll(records);
        Set<String> seen = new HashSet<>();
        for (KeyedBatches.Parsed record : records) {
            if (record.offset() < firstDirtyOffset) {
                assertThat(seen.add(record.key())).as("key %s twice below offset %d", record.key(), firstDirtyOffset)
                        .isTrue();
            }
        }
    }
}

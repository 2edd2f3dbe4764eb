package io.weir.storage.cleaner;

import io.weir.storage.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.storage.CleanupPolicy;
import io.weir.storage.LogConfig;
import io.weir.storage.PartitionLog;
import io.weir.storage.TopicPartitionKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million records over ten thousand keys (updates with about one tombstone in twenty), in
 * 1 MiB segments: one pass leaves exactly one record per key (tombstones included), a pass after
 * delete.retention.ms leaves exactly the live keys, each with its latest value. Prints the sizes.
 */
class CompactionScaleTest {
    private static final long START_MS = 1_700_000_000_000L;
    private static final long DAY_MS = 86_400_000L;
    private static final int RECORDS = 1_000_000;
    private static final int KEYS = 10_000;
    private static final int BATCH_RECORDS = 500;

    @TempDir
    Path dir;

    @Test
    void compactsAMillionRecordsToOnePerLiveKey() {
        MutableClock clock = new MutableClock(START_MS);
        LogConfig config = LogConfig.defaults().withSegmentBytes(1 << 20).withCleanupPolicy(CleanupPolicy.COMPACT)
                .withDeleteRetentionMs(DAY_MS).withFileDeleteDelayMs(0);
        PartitionLog log = PartitionLog.open(dir.resolve("events-0"), config, clock, 0, 0);
        TopicPartitionKey key = new TopicPartitionKey("events", 0);
        try {
            long writeStartNs = System.nanoTime();
            Map<String, String> expected = write(log, new Random(42));
            log.roll();
            log.updateHighWatermark(log.logEndOffset());
            long sizeBefore = log.size();
            int segmentsBefore = log.numberOfSegments();
            long writeMs = (System.nanoTime() - writeStartNs) / 1_000_000;
            LogCleaner cleaner = new LogCleaner(CleanerConfig.defaults(), clock);

            long cleanStartNs = System.nanoTime();
            CleanResult first = cleaner.clean(key, log).orElseThrow();
            long firstCleanMs = (System.nanoTime() - cleanStartNs) / 1_000_000;
            long sizeAfterFirst = log.size();
            List<KeyedBatches.Parsed> afterFirst = KeyedBatches.readAll(log);
            assertThat(first.completed()).isTrue();
            assertThat(afterFirst).hasSize(expected.size());
            assertThat(afterFirst).extracting(KeyedBatches.Parsed::offset).isSorted().doesNotHaveDuplicates();
            assertThat(KeyedBatches.liveState(afterFirst)).isEqualTo(live(expected));

            clock.advanceMs(DAY_MS);
            cleanStartNs = System.nanoTime();
            cleaner.cleanDirtiest(Map.of(key, log)).orElseThrow();
            long secondCleanMs = (System.nanoTime() - cleanStartNs) / 1_000_000;
            List<KeyedBatches.Parsed> afterSecond = KeyedBatches.readAll(log);
            Map<String, String> live = live(expected);
            assertThat(afterSecond).hasSize(live.size());
            assertThat(afterSecond).noneMatch(record -> record.value() == null);
            assertThat(KeyedBatches.liveState(afterSecond)).isEqualTo(live);
            long sizeAfterSecond = log.size();

            System.out.printf("compaction of %,d records over %,d keys (%,d live): %,d bytes in %d segments -> "
                            + "%,d bytes after the first pass (%d ms) -> %,d bytes in %d segment(s) after"
                            + " delete.retention.ms (%d ms); writing took %d ms%n",
                    RECORDS, KEYS, live.size(), sizeBefore, segmentsBefore, sizeAfterFirst, firstCleanMs,
                    sizeAfterSecond, log.numberOfSegments(), secondCleanMs, writeMs);
            double keptShare = (double) expected.size() / RECORDS;
            assertThat((double) sizeAfterFirst / sizeBefore).isLessThan(keptShare * 5);
            assertThat(sizeAfterSecond).isLessThan(sizeAfterFirst);
        } finally {
            log.close();
        }
    }

    /** Writes the records; returns each key's latest value (null for a tombstone). */
    private static Map<String, String> write(PartitionLog log, Random random) {
        Map<String, String> latest = new HashMap<>();
        for (int written = 0; written < RECORDS; written += BATCH_RECORDS) {
            MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(64 * 1024), Compression.NONE,
                    TimestampType.CREATE_TIME, 0L);
            for (int i = 0; i < BATCH_RECORDS; i++) {
                String key = "key-" + random.nextInt(KEYS);
                String value = random.nextInt(20) == 0 ? null : "value-" + (written + i);
                builder.append(START_MS, key.getBytes(StandardCharsets.UTF_8),
                        value == null ? null : value.getBytes(StandardCharsets.UTF_8));
                latest.put(key, value);
            }
            log.appendAsLeader(builder.build().buffer(), 0);
        }
        return latest;
    }

    private static Map<String, String> live(Map<String, String> latest) {
        Map<String, String> live = new HashMap<>();
        latest.forEach((key, value) -> {
            if (value != null) {
                live.put(key, value);
            }
        });
        return live;
    }
}

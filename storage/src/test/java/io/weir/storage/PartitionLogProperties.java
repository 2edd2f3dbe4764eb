package io.weir.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.common.compress.Compression;

/** Model-based properties: the log behaves like a list of batches, whatever the segment layout. */
class PartitionLogProperties {
    private static final long T0 = 1_700_000_000_000L;

    /** One produced batch: record count, value size, timestamp offset from T0. */
    record Spec(int records, int valueBytes, int timestampDeltaMs) {}

    @Provide
    Arbitrary<List<Spec>> batches() {
        Arbitrary<Spec> spec = Combinators.combine(Arbitraries.integers().between(1, 6), Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(0, 5000)).as(Spec::new);
        return spec.list().ofMinSize(1).ofMaxSize(60);
    }

    private static LogConfig config(int segmentBytes, int indexIntervalBytes) {
        return LogConfig.defaults().withSegmentBytes(segmentBytes).withIndexIntervalBytes(indexIntervalBytes)
                .withSegmentIndexBytes(240).withFileDeleteDelayMs(0);
    }

    /** Appends the specs; returns each record's timestamp by offset. */
    private static List<Long> appendAll(PartitionLog log, List<Spec> specs) {
        List<Long> timestamps = new ArrayList<>();
        for (Spec spec : specs) {
            long ts = T0 + spec.timestampDeltaMs();
            AppendResult result = log.appendAsLeader(Batches.batch(Compression.NONE, ts, spec.records(), spec.valueBytes()), 0);
            assertThat(result.firstOffset()).isEqualTo(timestamps.size());
            for (int i = 0; i < spec.records(); i++) {
                timestamps.add(ts + i);
            }
        }
        return timestamps;
    }

    @Property(tries = 40)
    void everyOffsetReadsBackAndTimestampLookupsMatchTheModel(@ForAll("batches") List<Spec> specs,
            @ForAll @IntRange(min = 1000, max = 4000) int segmentBytes, @ForAll @IntRange(min = 0, max = 600) int indexInterval)
            throws IOException {
        Path dir = Files.createTempDirectory("weir-prop").resolve("p-0");
        try {
            List<Long> timestamps;
            try (PartitionLog log = PartitionLog.open(dir, config(segmentBytes, indexInterval), new MutableClock(T0), 0, 0)) {
                timestamps = appendAll(log, specs);
                checkAgainstModel(log, timestamps);
            }
            try (PartitionLog reopened = PartitionLog.open(dir, config(segmentBytes, indexInterval), new MutableClock(T0), 0, 0)) {
                assertThat(reopened.logEndOffset()).isEqualTo(timestamps.size());
                checkAgainstModel(reopened, timestamps);
            }
        } finally {
            deleteRecursively(dir.getParent());
        }
    }

    private static void checkAgainstModel(PartitionLog log, List<Long> timestamps) {
        List<Batches.Parsed> all = Batches.readAll(log, 0);
        assertThat(all).extracting(Batches.Parsed::offset).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, timestamps.size()).boxed().toList());
        assertThat(all).extracting(Batches.Parsed::timestamp).containsExactlyElementsOf(timestamps);
        for (long offset = 0; offset < timestamps.size(); offset += 3) {
            try (LogSlice slice = log.read(offset, 1, Long.MAX_VALUE, true).slice()) {
                List<Long> offsets = Batches.offsets(slice.readFully());
                assertThat(offsets).contains(offset);
            }
        }
        for (long target = T0 - 1; target <= T0 + 5010; target += 97) {
            long wanted = target;
            long expected = -1;
            for (int i = 0; i < timestamps.size(); i++) {
                if (timestamps.get(i) >= wanted) {
                    expected = i;
                    break;
                }
            }
            var found = log.fetchOffsetByTimestamp(target);
            if (expected < 0) {
                assertThat(found).isEmpty();
            } else {
                assertThat(found.orElseThrow().offset()).as("first offset at or after %d", target).isEqualTo(expected);
            }
        }
        long max = timestamps.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(log.fetchOffsetByTimestamp(PartitionLog.MAX_TIMESTAMP).orElseThrow().offset())
                .isEqualTo(timestamps.indexOf(max));
    }

    @Property(tries = 40)
    void truncateToLeavesTheBatchPrefixBeforeTheOffset(@ForAll("batches") List<Spec> specs,
            @ForAll @IntRange(min = 0, max = 400) int truncateAt) throws IOException {
        Path dir = Files.createTempDirectory("weir-prop").resolve("p-0");
        try (PartitionLog log = PartitionLog.open(dir, config(1000, 100), new MutableClock(T0), 0, 0)) {
            appendAll(log, specs);
            long end = log.logEndOffset();
            List<Long> batchStarts = new ArrayList<>();
            long start = 0;
            for (Spec spec : specs) {
                batchStarts.add(start);
                start += spec.records();
            }
            log.truncateTo(truncateAt);
            long expectedEnd = truncateAt >= end ? end
                    : batchStarts.stream().filter(s -> s <= truncateAt).mapToLong(Long::longValue).max().orElse(0);
            assertThat(log.logEndOffset()).isEqualTo(expectedEnd);
            assertThat(Batches.readAll(log, 0)).hasSize((int) expectedEnd);
            assertThat(log.appendAsLeader(Batches.batch(T0, 1), 1).firstOffset()).isEqualTo(expectedEnd);
        } finally {
            deleteRecursively(dir.getParent());
        }
    }

    @Property(tries = 30)
    void sizeRetentionKeepsTheNewestBytes(@ForAll("batches") List<Spec> specs, @ForAll @IntRange(min = 0, max = 3000) int retentionBytes)
            throws IOException {
        Path dir = Files.createTempDirectory("weir-prop").resolve("p-0");
        try (PartitionLog log = PartitionLog.open(dir, config(1000, 100).withRetentionBytes(retentionBytes), new MutableClock(T0), 0, 0)) {
            appendAll(log, specs);
            log.updateHighWatermark(log.logEndOffset());
            long before = log.size();
            log.deleteRetentionSegments();
            assertThat(log.size()).isLessThanOrEqualTo(Math.max(before, 0));
            if (log.numberOfSegments() > 1) {
                long withoutOldest = log.size() - log.segmentsSnapshot().iterator().next().sizeInBytes();
                assertThat(withoutOldest).as("the oldest remaining segment is needed").isLessThan(retentionBytes);
            }
            List<Batches.Parsed> rest = Batches.readAll(log, log.logStartOffset());
            assertThat(rest).isNotEmpty();
            assertThat(rest.get(rest.size() - 1).offset()).isEqualTo(log.logEndOffset() - 1);
        } finally {
            deleteRecursively(dir.getParent());
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}

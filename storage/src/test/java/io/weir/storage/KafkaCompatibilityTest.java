package io.weir.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the log stores and serves must be exactly what kafka-clients parses. */
class KafkaCompatibilityTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path tmp;

    private static ByteBuffer mixedBatch(Compression compression, long timestampMs, int count) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(64 * 1024), compression,
                TimestampType.CREATE_TIME, 0L);
        for (int i = 0; i < count; i++) {
            byte[] key = i % 3 == 0 ? null : ("key-" + i).getBytes(StandardCharsets.UTF_8);
            byte[] value = i % 4 == 1 ? null : ("value-" + i + "-" + "z".repeat(i * 7)).getBytes(StandardCharsets.UTF_8);
            Header[] headers = i % 2 == 0
                    ? new Header[0]
                    : new Header[] {new RecordHeader("trace", ("t" + i).getBytes(StandardCharsets.UTF_8)),
                            new RecordHeader("empty", null)};
            builder.append(timestampMs + i * 10L, key, value, headers);
        }
        return builder.build().buffer();
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void batchesFromKafkaClientsComeBackParseableWithAssignedOffsets(String codec) throws Exception {
        Compression compression = Compression.of(codec).build();
        LogConfig config = LogConfig.defaults().withSegmentBytes(2048).withIndexIntervalBytes(256);
        List<ByteBuffer> originals = new ArrayList<>();
        try (PartitionLog log = PartitionLog.open(tmp.resolve("compat-0"), config, new MutableClock(T0), 0, 0)) {
            for (int b = 0; b < 30; b++) {
                ByteBuffer batch = mixedBatch(compression, T0 + b * 1000L, 1 + b % 7);
                originals.add(copy(batch));
                log.appendAsLeader(batch, 3);
            }
            assertThat(log.numberOfSegments()).isGreaterThan(1);
            List<Record> expected = new ArrayList<>();
            for (ByteBuffer original : originals) {
                MemoryRecords.readableRecords(original).records().forEach(expected::add);
            }

            List<Record> read = new ArrayList<>();
            long next = 0;
            while (next < log.logEndOffset()) {
                LogReadResult result = log.read(next, 4096, log.logEndOffset(), true);
                try (LogSlice slice = result.slice()) {
                    for (RecordBatch batch : MemoryRecords.readableRecords(slice.readFully()).batches()) {
                        batch.ensureValid();
                        assertThat(batch.partitionLeaderEpoch()).isEqualTo(3);
                        assertThat(batch.compressionType().name).isEqualTo(codec);
                        batch.forEach(read::add);
                        next = batch.lastOffset() + 1;
                    }
                }
            }
            assertThat(read).hasSize(expected.size());
            for (int i = 0; i < read.size(); i++) {
                Record actual = read.get(i);
                Record wanted = expected.get(i);
                assertThat(actual.offset()).isEqualTo(i);
                assertThat(actual.timestamp()).isEqualTo(wanted.timestamp());
                assertThat(actual.key()).isEqualTo(wanted.key());
                assertThat(actual.value()).isEqualTo(wanted.value());
                assertThat(actual.headers()).isEqualTo(wanted.headers());
            }

            long target = T0 + 5000 + 15;
            TimestampAndOffset found = log.fetchOffsetByTimestamp(target).orElseThrow();
            long exact = read.stream().filter(r -> r.timestamp() >= target).findFirst().orElseThrow().offset();
            if (codec.equals("none") || codec.equals("gzip")) {
                assertThat(found.offset()).isEqualTo(exact);
            } else {
                assertThat(found.offset()).isLessThanOrEqualTo(exact).isGreaterThan(exact - 8);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "zstd"})
    void segmentFilesAreReadableByKafkasFileRecords(String codec) throws Exception {
        Path dir = tmp.resolve("files-0");
        try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults(), new MutableClock(T0), 0, 0)) {
            for (int b = 0; b < 10; b++) {
                log.appendAsLeader(mixedBatch(Compression.of(codec).build(), T0, 5), 1);
            }
        }
        try (FileRecords file = FileRecords.open(dir.resolve("00000000000000000000.log").toFile())) {
            long expected = 0;
            for (RecordBatch batch : file.batches()) {
                batch.ensureValid();
                assertThat(batch.baseOffset()).isEqualTo(expected);
                expected = batch.lastOffset() + 1;
            }
            assertThat(expected).isEqualTo(50);
        }
    }

    private static ByteBuffer copy(ByteBuffer buffer) {
        ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
        copy.put(buffer.duplicate()).flip();
        return copy;
    }
}

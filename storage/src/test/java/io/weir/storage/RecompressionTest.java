package io.weir.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** A topic's compression.type other than producer: client batches are stored in the topic's codec. */
class RecompressionTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path tmp;

    private PartitionLog log;

    @AfterEach
    void close() {
        if (log != null) {
            log.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TopicCompression.class, names = {"UNCOMPRESSED", "GZIP", "SNAPPY", "LZ4", "ZSTD"})
    void batchesAreStoredInTheTopicsCodecWithTheSameRecordsAndOffsets(TopicCompression topic) {
        log = PartitionLog.open(tmp.resolve("zipped-0"), LogConfig.defaults().withCompression(io.weir.storage.Compression.of(topic)),
                new MutableClock(T0), 0, 0);
        ByteBuffer gzip = Batches.batch(Compression.gzip().build(), T0, 5, 40);
        ByteBuffer plain = Batches.batch(Compression.NONE, T0 + 10, 3, 40);

        AppendResult first = log.appendAsLeader(gzip, 0);
        AppendResult second = log.appendAsLeader(plain, 0);
        log.updateHighWatermark(log.logEndOffset());

        assertThat(first.firstOffset()).isZero();
        assertThat(first.lastOffset()).isEqualTo(4);
        assertThat(second.lastOffset()).isEqualTo(7);
        MemoryRecords stored = MemoryRecords.readableRecords(log.read(0, 1 << 20, 8, true).slice().readFully());
        List<String> values = new ArrayList<>();
        for (MutableRecordBatch batch : stored.batches()) {
            assertThat(batch.compressionType()).isEqualTo(expected(topic));
            assertThat(batch.isValid()).isTrue();
            for (Record record : batch) {
                values.add(record.offset() + ":" + StandardCharsets.UTF_8.decode(record.key()) + ":" + record.timestamp());
            }
        }
        assertThat(values).containsExactly(
                "0:k0:" + T0, "1:k1:" + (T0 + 1), "2:k2:" + (T0 + 2), "3:k3:" + (T0 + 3), "4:k4:" + (T0 + 4),
                "5:k0:" + (T0 + 10), "6:k1:" + (T0 + 11), "7:k2:" + (T0 + 12));
    }

    @ParameterizedTest
    @CsvSource({"GZIP, 1, 9", "LZ4, 9, 17", "ZSTD, 1, 19"})
    void theTopicsLevelIsTheOneTheLeaderRecompressesWith(TopicCompression codec, int low, int high) {
        ByteBuffer text = textBatch();
        int lowBytes = storedBytes(codec, low, text.duplicate());
        int highBytes = storedBytes(codec, high, text.duplicate());
        assertThat(highBytes).as("%s at level %d against level %d", codec, high, low).isLessThan(lowBytes);
        log = null;
    }

    private int storedBytes(TopicCompression codec, int level, ByteBuffer batch) {
        LogConfig config = LogConfig.defaults().withCompression(new io.weir.storage.Compression(codec, level));
        try (PartitionLog leveled = PartitionLog.open(tmp.resolve(codec + "-" + level + "-0"), config, new MutableClock(T0), 0, 0)) {
            leveled.appendAsLeader(batch, 0);
            leveled.updateHighWatermark(leveled.logEndOffset());
            MemoryRecords stored = MemoryRecords.readableRecords(leveled.read(0, 1 << 22, leveled.logEndOffset(), true).slice().readFully());
            MutableRecordBatch only = stored.batches().iterator().next();
            assertThat(only.compressionType()).isEqualTo(expected(codec));
            return only.sizeInBytes();
        }
    }

    /** An uncompressed batch of text that compresses well but not trivially: words drawn with a fixed seed. */
    private static ByteBuffer textBatch() {
        String[] words = {"broker", "partition", "offset", "leader", "replica", "segment", "index", "record", "batch",
            "consumer", "producer", "group", "epoch", "commit", "fetch", "topic"};
        java.util.Random random = new java.util.Random(42);
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1 << 20), Compression.NONE,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0L);
        for (int i = 0; i < 500; i++) {
            StringBuilder value = new StringBuilder();
            for (int w = 0; w < 40; w++) {
                value.append(words[random.nextInt(words.length)]).append(random.nextInt(100)).append(' ');
            }
            builder.append(T0 + i, null, value.toString().getBytes(StandardCharsets.UTF_8));
        }
        return builder.build().buffer();
    }

    private static CompressionType expected(TopicCompression topic) {
        return topic == TopicCompression.UNCOMPRESSED ? CompressionType.NONE : CompressionType.valueOf(topic.name());
    }
}

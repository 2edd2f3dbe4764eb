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
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A topic's compression.type other than producer: client batches are stored in the topic's codec. */
class RecompressionTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path tmp;

    private PartitionLog log;

    @AfterEach
    void close() {
        log.close();
    }

    @ParameterizedTest
    @EnumSource(value = TopicCompression.class, names = {"UNCOMPRESSED", "GZIP", "SNAPPY", "LZ4", "ZSTD"})
    void batchesAreStoredInTheTopicsCodecWithTheSameRecordsAndOffsets(TopicCompression topic) {
        log = PartitionLog.open(tmp.resolve("zipped-0"), LogConfig.defaults().withCompression(topic),
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

    private static CompressionType expected(TopicCompression topic) {
        return topic == TopicCompression.UNCOMPRESSED ? CompressionType.NONE : CompressionType.valueOf(topic.name());
    }
}

package io.weir.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A CreateTime batch is stored with its largest record timestamp as maxTimestamp, as Kafka stores
 * it, even when the producer wrote something else there: Sarama 1.22 leaves the header's
 * maxTimestamp at -1 in every batch it sends, and a log that trusted it would hide those records
 * from lookups by time and from time-based retention and rolling.
 */
class CreateTimeMaxTimestampTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path tmp;

    private PartitionLog log;

    @AfterEach
    void close() {
        log.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "lz4", "snappy", "zstd"})
    void aBatchWhoseHeaderLacksItsMaxTimestampIsStoredWithItsLargestRecordTimestamp(String codec) {
        log = PartitionLog.open(tmp.resolve("sarama-0"), LogConfig.defaults(), new MutableClock(T0 + 10_000), 0, 0);
        log.appendAsLeader(Batches.batch(Compression.NONE, T0 - 5_000, 2, 20), 0);
        ByteBuffer withoutMax = Batches.batch(compression(codec), T0, 4, 20);
        RecordBatchView.batches(withoutMax.duplicate()).next().setMaxTimestamp(TimestampType.CREATE_TIME, -1);

        AppendResult appended = log.appendAsLeader(withoutMax, 0);
        log.updateHighWatermark(log.logEndOffset());

        assertThat(appended.maxTimestamp()).isEqualTo(T0 + 3);
        assertThat(appended.offsetOfMaxTimestamp()).isEqualTo(5);
        List<Long> maxTimestamps = new ArrayList<>();
        MemoryRecords stored = MemoryRecords.readableRecords(log.read(0, 1 << 20, Long.MAX_VALUE, true).slice().readFully());
        for (MutableRecordBatch batch : stored.batches()) {
            assertThat(batch.isValid()).as("the CRC covers the rewritten header").isTrue();
            maxTimestamps.add(batch.maxTimestamp());
        }
        assertThat(maxTimestamps).containsExactly(T0 - 4_999, T0 + 3);
        assertThat(log.fetchOffsetByTimestamp(T0 - 1_000).orElseThrow().offset()).as("first offset at or after T0-1s")
                .isEqualTo(2);
        assertThat(log.fetchOffsetByTimestamp(PartitionLog.MAX_TIMESTAMP).orElseThrow().timestampMs()).isEqualTo(T0 + 3);
    }

    private static Compression compression(String codec) {
        return switch (codec) {
            case "gzip" -> Compression.gzip().build();
            case "lz4" -> Compression.lz4().build();
            case "snappy" -> Compression.snappy().build();
            case "zstd" -> Compression.zstd().build();
            default -> Compression.NONE;
        };
    }
}

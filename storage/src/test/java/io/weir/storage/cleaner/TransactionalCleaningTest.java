package io.weir.storage.cleaner;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.storage.CleanupPolicy;
import io.weir.storage.ControlBatches;
import io.weir.storage.LogConfig;
import io.weir.storage.LogReadResult;
import io.weir.storage.LogSlice;
import io.weir.storage.MutableClock;
import io.weir.storage.PartitionLog;
import io.weir.storage.TopicPartitionKey;
import io.weir.storage.producer.AppendOrigin;
import io.weir.storage.producer.TransactionResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cleaner on a compacted log with transactions, as Kafka's cleaner behaves: aborted records
 * go, committed ones are compacted, markers stay while their transaction has a batch left and go
 * delete.retention.ms after it has none, and an aborted transaction's index entry goes once its
 * records are gone (before its marker, never after).
 */
class TransactionalCleaningTest {
    private static final long START_MS = 1_700_000_000_000L;
    private static final long DAY_MS = 86_400_000L;
    private static final TopicPartitionKey KEY = new TopicPartitionKey("ledger", 0);
    private static final long P1 = 11;
    private static final long P2 = 22;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START_MS);
    private final LogConfig config = LogConfig.defaults().withSegmentBytes(1 << 20).withCleanupPolicy(CleanupPolicy.COMPACT)
            .withFileDeleteDelayMs(0).withDeleteRetentionMs(DAY_MS);
    private final LogCleaner cleaner = new LogCleaner(CleanerConfig.defaults().withDedupeBufferBytes(1 << 20), clock);
    private final Map<Long, Integer> sequences = new LinkedHashMap<>();
    private PartitionLog log;

    @BeforeEach
    void open() {
        log = PartitionLog.open(dir.resolve("ledger-0"), config, clock, 0, 0);
    }

    @AfterEach
    void close() {
        log.close();
    }

    /** A transaction of P1 superseded by later plain records, one aborted transaction of P2, then one more committed transaction each. */
    private void writeTransactions() {
        transaction(P1, TransactionResult.COMMIT, "k1=a1", "k2=a2");
        transaction(P2, TransactionResult.ABORT, "k1=b1", "k3=b3");
        transaction(P1, TransactionResult.COMMIT, "k4=c4");
        transaction(P2, TransactionResult.COMMIT, "k5=d5");
        append(batch(-1, false, "k1=x1", "k2=x2"));
        assertThat(log.roll()).isTrue();
    }

    private void transaction(long producerId, TransactionResult result, String... records) {
        append(batch(producerId, true, records));
        log.appendAsLeader(ControlBatches.endTransactionMarker(producerId, (short) 0, 0, result, clock.millis()), 0,
                AppendOrigin.COORDINATOR, 1);
        log.updateHighWatermark(log.logEndOffset());
    }

    private void append(ByteBuffer batch) {
        log.appendAsLeader(batch, 0);
        log.updateHighWatermark(log.logEndOffset());
    }

    private ByteBuffer batch(long producerId, boolean transactional, String... records) {
        int sequence = producerId < 0 ? RecordBatch.NO_SEQUENCE : sequences.getOrDefault(producerId, 0);
        if (producerId >= 0) {
            sequences.put(producerId, sequence + records.length);
        }
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE,
                TimestampType.CREATE_TIME, 0L, clock.millis(), producerId, producerId < 0 ? RecordBatch.NO_PRODUCER_EPOCH : 0, sequence,
                transactional, RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (String record : records) {
            String[] kv = record.split("=");
            builder.append(clock.millis(), kv[0].getBytes(StandardCharsets.UTF_8), kv[1].getBytes(StandardCharsets.UTF_8));
        }
        return builder.build().buffer();
    }

    /** The log's batches as kafka-clients reads them: "k=v" for data records, "COMMIT(p)"/"ABORT(p)" for markers. */
    private List<String> contents() {
        List<String> out = new ArrayList<>();
        long next = log.logStartOffset();
        while (next < log.logEndOffset()) {
            LogReadResult result = log.read(next, 1 << 20, Long.MAX_VALUE, true);
            try (LogSlice slice = result.slice()) {
                if (slice.isEmpty()) {
                    break;
                }
                for (RecordBatch batch : MemoryRecords.readableRecords(slice.readFully()).batches()) {
                    batch.ensureValid();
                    next = Math.max(next, batch.lastOffset() + 1);
                    for (Record record : batch) {
                        out.add(batch.isControlBatch()
                                ? ControlRecordType.parse(record.key()) + "(" + batch.producerId() + ")"
                                : text(record.key()) + "=" + text(record.value()));
                    }
                }
            }
        }
        return out;
    }

    private static String text(ByteBuffer buffer) {
        return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
    }

    @Test
    void abortedRecordsGoAndCommittedOnesAreCompacted() {
        writeTransactions();
        assertThat(contents()).contains("k3=b3", "ABORT(22)");

        assertThat(cleaner.clean(KEY, log).orElseThrow().completed()).isTrue();

        assertThat(contents()).containsExactly("COMMIT(11)", "ABORT(22)", "k4=c4", "COMMIT(11)", "k5=d5", "COMMIT(22)", "k1=x1",
                "k2=x2");
        // The aborted records are gone, so their index entry went too; the marker stays a while.
        assertThat(log.collectAbortedTransactions(0, log.logEndOffset())).isEmpty();
        assertThat(log.lastStableOffset()).isEqualTo(log.logEndOffset());
    }

    @Test
    void markersOfTransactionsWithNothingLeftGoAfterDeleteRetention() {
        writeTransactions();
        cleaner.clean(KEY, log).orElseThrow();
        clock.advanceMs(DAY_MS - 1);
        cleaner.clean(KEY, log).orElseThrow();
        assertThat(contents()).contains("ABORT(22)");

        clock.advanceMs(1);
        assertThat(cleaner.priority(KEY, log)).isPresent();
        cleaner.clean(KEY, log).orElseThrow();

        assertThat(contents()).containsExactly("k4=c4", "COMMIT(11)", "k5=d5", "COMMIT(22)", "k1=x1", "k2=x2");
        assertThat(log.collectAbortedTransactions(0, log.logEndOffset())).isEmpty();
    }

    @Test
    void theCleanedLogReloadsWithNoTransactionLeftOpen() {
        writeTransactions();
        cleaner.clean(KEY, log).orElseThrow();
        clock.advanceMs(DAY_MS);
        cleaner.clean(KEY, log).orElseThrow();
        long end = log.logEndOffset();
        log.close();

        log = PartitionLog.open(dir.resolve("ledger-0"), config, clock, 0, 0);

        assertThat(log.logEndOffset()).isEqualTo(end);
        log.updateHighWatermark(end);
        assertThat(log.lastStableOffset()).isEqualTo(end);
        assertThat(log.activeProducers().values()).allMatch(state -> state.currentTxnFirstOffset().isEmpty());
        assertThat(log.collectAbortedTransactions(0, end)).isEmpty();
    }

    @Test
    void theMarkerOfAProducersLastTransactionStaysWithItsEmptyBatch() {
        transaction(P2, TransactionResult.ABORT, "k1=b1");
        append(batch(-1, false, "k9=z"));
        assertThat(log.roll()).isTrue();

        cleaner.clean(KEY, log).orElseThrow();
        clock.advanceMs(2 * DAY_MS);
        cleaner.clean(KEY, log).orElseThrow();

        assertThat(contents()).containsExactly("ABORT(22)", "k9=z");
        assertThat(log.collectAbortedTransactions(0, log.logEndOffset())).hasSize(1);
    }
}

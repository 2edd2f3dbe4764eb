package io.weir.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.storage.producer.AppendOrigin;
import io.weir.storage.producer.InvalidProducerEpochException;
import io.weir.storage.producer.TransactionResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transactions in the log: marker bytes, the last stable offset, the aborted-transaction index. */
class TransactionLogTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final short EPOCH = 3;
    private static final int TV2 = 2;

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(T0);
    private PartitionLog log;

    private static LogConfig small() {
        return LogConfig.defaults().withSegmentBytes(1024).withIndexIntervalBytes(128).withSegmentIndexBytes(1024)
                .withFileDeleteDelayMs(0);
    }

    private Path dir() {
        return tmp.resolve("orders-0");
    }

    private PartitionLog open(Path dir, long recoveryPoint) {
        log = PartitionLog.open(dir, small(), clock, recoveryPoint, 0);
        return log;
    }

    @AfterEach
    void closeLog() {
        if (log != null && !log.isClosed()) {
            log.close();
        }
    }

    @Test
    void markerBytesEqualKafkaClients() {
        for (ControlRecordType type : List.of(ControlRecordType.COMMIT, ControlRecordType.ABORT)) {
            TransactionResult result = type == ControlRecordType.COMMIT ? TransactionResult.COMMIT : TransactionResult.ABORT;
            ByteBuffer ours = ControlBatches.endTransactionMarker(77L, (short) 5, 12, result, T0);
            ByteBuffer theirs = MemoryRecords.withEndTransactionMarker(0L, T0, RecordBatch.NO_PARTITION_LEADER_EPOCH, 77L,
                    (short) 5, new EndTransactionMarker(type, 12)).buffer();
            assertThat(ours).as(type.toString()).isEqualTo(theirs);
        }
    }

    @Test
    void openTransactionHoldsTheLastStableOffsetUntilItsMarker() {
        open(dir(), 0);
        appendAndCommitHw(Batches.idempotentBatch(9L, (short) 0, 0, T0, 2)); // 0..1, not transactional
        appendAndCommitHw(txnBatch(1L, 0, 3)); // 2..4
        assertThat(log.lastStableOffset()).isEqualTo(2);
        assertThat(log.highWatermark()).isEqualTo(5);
        appendMarker(1L, (short) (EPOCH + 1), TransactionResult.COMMIT); // 5
        assertThat(log.lastStableOffset()).isEqualTo(6);
        assertThat(log.collectAbortedTransactions(0, 6)).isEmpty();
    }

    @Test
    void abortMarkerIsIndexedAndReportedForOverlappingFetches() {
        open(dir(), 0);
        appendAndCommitHw(txnBatch(1L, 0, 2)); // 0..1
        appendAndCommitHw(txnBatch(2L, 0, 2)); // 2..3
        appendMarker(1L, (short) (EPOCH + 1), TransactionResult.ABORT); // 4
        assertThat(log.lastStableOffset()).as("producer 2 still open").isEqualTo(2);
        appendMarker(2L, (short) (EPOCH + 1), TransactionResult.COMMIT); // 5
        assertThat(log.lastStableOffset()).isEqualTo(6);
        assertThat(log.collectAbortedTransactions(0, 6)).containsExactly(new AbortedTxn(1L, 0, 4, 2));
        assertThat(log.collectAbortedTransactions(4, 6)).hasSize(1);
        assertThat(log.collectAbortedTransactions(5, 6)).isEmpty();
        assertThat(Files.exists(dir().resolve("00000000000000000000.txnindex"))).isTrue();
        assertThat(size(dir().resolve("00000000000000000000.txnindex"))).isEqualTo(34);
    }

    @Test
    void indexFileHasKafkasLayout() throws IOException {
        open(dir(), 0);
        appendAndCommitHw(txnBatch(7L, 0, 2));
        appendMarker(7L, (short) (EPOCH + 1), TransactionResult.ABORT);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(dir().resolve("00000000000000000000.txnindex")));
        assertThat(bytes.getShort()).isZero();
        assertThat(bytes.getLong()).isEqualTo(7L);
        assertThat(bytes.getLong()).isEqualTo(0L);
        assertThat(bytes.getLong()).isEqualTo(2L);
        assertThat(bytes.getLong()).isEqualTo(3L);
        assertThat(bytes.hasRemaining()).isFalse();
    }

    @Test
    void staleMarkerEpochIsRefusedUnderTransactionVersion2() {
        open(dir(), 0);
        appendAndCommitHw(txnBatch(1L, 0, 2));
        assertThatThrownBy(() -> appendMarker(1L, EPOCH, TransactionResult.ABORT))
                .isInstanceOf(InvalidProducerEpochException.class);
        assertThat(log.lastStableOffset()).isZero();
    }

    @Test
    void clientsMayNotWriteControlBatches() {
        open(dir(), 0);
        assertThatThrownBy(() -> log.appendAsLeader(ControlBatches.endTransactionMarker(1L, EPOCH, 0,
                TransactionResult.ABORT, T0), 0)).hasMessageContaining("control");
    }

    @Test
    void abortsInSeveralSegmentsAreCollectedTogether() {
        open(dir(), 0);
        long first = abortOne(1L); // txn at 0..9, marker 10
        rollNow();
        long second = abortOne(2L);
        rollNow();
        appendAndCommitHw(Batches.idempotentBatch(9L, (short) 0, 0, T0, 1));
        assertThat(log.numberOfSegments()).isEqualTo(3);
        List<AbortedTxn> all = log.collectAbortedTransactions(0, log.logEndOffset());
        assertThat(all).extracting(AbortedTxn::producerId).containsExactly(1L, 2L);
        assertThat(all.get(1).firstOffset()).isEqualTo(first + 1);
        assertThat(log.collectAbortedTransactions(first + 1, log.logEndOffset())).extracting(AbortedTxn::producerId)
                .containsExactly(2L);
        assertThat(log.collectAbortedTransactions(0, first)).extracting(AbortedTxn::producerId).containsExactly(1L);
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void truncationRemovesAbortsAtOrAfterTheNewEnd() {
        open(dir(), 0);
        long marker = abortOne(1L);
        appendAndCommitHw(Batches.idempotentBatch(9L, (short) 0, 0, T0, 1));
        log.truncateTo(marker + 1);
        assertThat(log.collectAbortedTransactions(0, 100)).hasSize(1);
        log.truncateTo(marker);
        assertThat(log.collectAbortedTransactions(0, 100)).isEmpty();
        assertThat(log.lastStableOffset()).as("the transaction is open again").isZero();
        assertThat(Files.exists(dir().resolve("00000000000000000000.txnindex"))).isFalse();
    }

    @Test
    void retentionDeletesTheSegmentsIndex() {
        open(dir(), 0);
        long marker = abortOne(1L);
        rollNow();
        appendAndCommitHw(Batches.idempotentBatch(9L, (short) 0, 0, T0, 1));
        log.maybeIncrementLogStartOffset(marker + 1);
        assertThat(Files.exists(dir().resolve("00000000000000000000.txnindex"))).isFalse();
        assertThat(log.collectAbortedTransactions(marker + 1, 100)).isEmpty();
    }

    @Test
    void recoveryRebuildsAMissingIndexAndDropsEntriesBeyondTheLog() throws IOException {
        open(dir(), 0);
        abortOne(1L);
        rollNow();
        abortOne(2L);
        Path crashed = copyOpenLog(dir(), tmp.resolve("crashed-0"));
        List<AbortedTxn> before = log.collectAbortedTransactions(0, 1000);
        log.close();
        deleteMatching(crashed, ".txnindex");
        deleteMatching(crashed, ".snapshot");
        open(crashed, 0);
        assertThat(log.collectAbortedTransactions(0, 1000)).isEqualTo(before);
        log.updateHighWatermark(log.logEndOffset());
        assertThat(log.firstUnstableOffset()).isEmpty();
    }

    @Test
    void indexSurvivesACleanRestart() {
        open(dir(), 0);
        abortOne(1L);
        rollNow();
        abortOne(2L);
        List<AbortedTxn> before = log.collectAbortedTransactions(0, 1000);
        log.flush();
        log.close();
        open(dir(), PartitionLog.CLEAN_SHUTDOWN_RECOVERY_POINT);
        assertThat(log.collectAbortedTransactions(0, 1000)).isEqualTo(before);
    }

    @Test
    void tornIndexEntryIsDroppedOnLoad() throws IOException {
        Path file = tmp.resolve("00000000000000000000.txnindex");
        TransactionIndex index = TransactionIndex.create(file);
        index.append(new AbortedTxn(1, 0, 4, 5));
        Files.write(file, new byte[] {0, 0, 1}, java.nio.file.StandardOpenOption.APPEND);
        TransactionIndex loaded = TransactionIndex.load(file);
        assertThat(loaded.entries()).containsExactly(new AbortedTxn(1, 0, 4, 5));
        assertThat(Files.size(file)).isEqualTo(34);
        loaded.append(new AbortedTxn(2, 5, 9, 10));
        assertThat(TransactionIndex.load(file).entries()).hasSize(2);
    }

    @Test
    void hangingTransactionOfAnIdleProducerIsKeptAndAbortable() {
        open(dir(), 0);
        appendAndCommitHw(txnBatch(1L, 0, 2));
        clock.advanceMs(10_000_000L);
        assertThat(log.removeExpiredProducers(1000)).isZero();
        assertThat(log.lastStableOffset()).isZero();
        appendMarker(1L, (short) (EPOCH + 1), TransactionResult.ABORT);
        assertThat(log.lastStableOffset()).isEqualTo(log.logEndOffset());
        assertThat(log.collectAbortedTransactions(0, 10)).hasSize(1);
    }

    /** Writes a transaction of 10 records for the producer and aborts it; returns the marker's offset. */
    private long abortOne(long producerId) {
        appendAndCommitHw(txnBatch(producerId, 0, 10));
        return appendMarker(producerId, (short) (EPOCH + 1), TransactionResult.ABORT);
    }

    private void rollNow() {
        assertThat(log.roll()).isTrue();
    }

    private long appendMarker(long producerId, short epoch, TransactionResult result) {
        ByteBuffer marker = ControlBatches.endTransactionMarker(producerId, epoch, 0, result, clock.millis());
        AppendResult appended = log.appendAsLeader(marker, 0, AppendOrigin.COORDINATOR, TV2);
        log.updateHighWatermark(log.logEndOffset());
        return appended.firstOffset();
    }

    private void appendAndCommitHw(ByteBuffer batch) {
        log.appendAsLeader(batch, 0);
        log.updateHighWatermark(log.logEndOffset());
    }

    private static ByteBuffer txnBatch(long producerId, int baseSequence, int count) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE, TimestampType.CREATE_TIME, 0L, T0, producerId, EPOCH, baseSequence, true,
                RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (int i = 0; i < count; i++) {
            builder.append(T0, null, ("txn" + i).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build().buffer();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path copyOpenLog(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
        return to;
    }

    private static void deleteMatching(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList()) {
                Files.delete(file);
            }
        }
    }
}

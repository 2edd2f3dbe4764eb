package io.weir.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.storage.producer.OutOfOrderSequenceException;
import io.weir.storage.producer.ProducerStateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.stream.IntStream;
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

/** How the partition log drives the producer state: duplicates, refusals, snapshots, reloads. */
class PartitionLogProducerStateTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long PID = 42L;
    private static final short EPOCH = 0;

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(T0);
    private PartitionLog log;

    private static LogConfig small() {
        return LogConfig.defaults().withSegmentBytes(1024).withIndexIntervalBytes(128).withSegmentIndexBytes(1024)
                .withFileDeleteDelayMs(0);
    }

    private Path dir() {
        return tmp.resolve("orders-3");
    }

    private PartitionLog open(Path dir, LogConfig config, long recoveryPoint) {
        log = PartitionLog.open(dir, config, clock, recoveryPoint, 0);
        return log;
    }

    @AfterEach
    void closeLog() {
        if (log != null && !log.isClosed()) {
            log.close();
        }
    }

    /** A fresh copy each call: appends rewrite the buffer in place. */
    private static ByteBuffer batch(int baseSequence, int count) {
        return Batches.idempotentBatch(PID, EPOCH, baseSequence, T0, count);
    }

    private static AppendResult append(PartitionLog log, int baseSequence, int count) {
        return log.appendAsLeader(batch(baseSequence, count), 1);
    }

    @Test
    void retriedBatchIsWrittenOnceAndAnsweredWithTheOriginalOffsets() {
        open(dir(), small(), 0);
        AppendResult original = append(log, 0, 3);
        log.appendAsLeader(Batches.batch(T0, 2), 1);

        AppendResult retry = append(log, 0, 3);

        assertThat(original.duplicate()).isFalse();
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(original.firstOffset()).isZero();
        assertThat(retry.lastOffset()).isEqualTo(original.lastOffset()).isEqualTo(2);
        assertThat(retry.recordCount()).isZero();
        assertThat(retry.logAppendTimeMs()).isEqualTo(-1);
        assertThat(log.logEndOffset()).isEqualTo(5);
        assertThat(Batches.readAll(log, 0)).hasSize(5);
        assertThat(append(log, 3, 1).firstOffset()).isEqualTo(5);
    }

    @Test
    void duplicateOnLogAppendTimeTopicCarriesTheOriginalAppendTime() {
        open(dir(), small().withTimestampType(io.weir.storage.TimestampType.LOG_APPEND_TIME), 0);
        AppendResult original = append(log, 0, 2);
        clock.advanceMs(5_000);

        AppendResult retry = append(log, 0, 2);

        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.logAppendTimeMs()).isEqualTo(original.logAppendTimeMs()).isEqualTo(T0);
    }

    @Test
    void retryOutsideTheLastFiveBatchesIsOutOfOrderAndWritesNothing() {
        open(dir(), small(), 0);
        for (int seq = 0; seq < 6; seq++) {
            append(log, seq, 1);
        }
        for (int seq = 1; seq < 6; seq++) {
            assertThat(append(log, seq, 1).duplicate()).as("sequence %d is among the last five", seq).isTrue();
        }

        assertThatThrownBy(() -> append(log, 0, 1)).isInstanceOf(OutOfOrderSequenceException.class)
                .satisfies(e -> assertThat(((ProducerStateException) e).errorCode()).isEqualTo((short) 45));
        assertThatThrownBy(() -> append(log, 7, 1)).isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(log.logEndOffset()).isEqualTo(6);
        assertThat(append(log, 6, 1).firstOffset()).isEqualTo(6);
    }

    @Test
    void retryIsADuplicateAfterCleanCloseAndReopenWithoutReplay() {
        open(dir(), small(), 0);
        append(log, 0, 2);
        append(log, 2, 2);
        log.flush();
        log.close();
        assertThat(snapshotOffsets(dir())).contains(4L);

        open(dir(), small(), PartitionLog.CLEAN_SHUTDOWN_RECOVERY_POINT);

        AppendResult retry = append(log, 2, 2);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(2);
        assertThat(append(log, 0, 2).duplicate()).isTrue();
        assertThat(append(log, 4, 1).firstOffset()).isEqualTo(4);
    }

    @Test
    void retryIsADuplicateAfterACrashThatLeftOnlyRollSnapshots() throws IOException {
        open(dir(), small(), 0);
        List<AppendResult> results = appendMany(log, 20);
        assertThat(log.numberOfSegments()).isGreaterThanOrEqualTo(2);
        Path crashed = copyOpenLog(dir(), tmp.resolve("crashed-3"));
        assertThat(snapshotOffsets(crashed)).isNotEmpty().allMatch(offset -> offset < log.logEndOffset());

        PartitionLog reopened = open(crashed, small(), 0);

        AppendResult last = results.get(results.size() - 1);
        AppendResult retry = append(reopened, 19 * 2, 2);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(last.firstOffset());
        assertThat(retry.lastOffset()).isEqualTo(last.lastOffset());
        assertThat(append(reopened, 40, 1).firstOffset()).isEqualTo(last.lastOffset() + 1);
    }

    @Test
    void rollSnapshotsAreFsyncedLaterOffTheAppendPathOnceEach() {
        open(dir(), small(), 0);
        appendMany(log, 20);
        int rolls = log.producerSnapshotOffsets().size();
        assertThat(rolls).isPositive();

        assertThat(log.fsyncProducerSnapshots()).isEqualTo(rolls);
        assertThat(log.fsyncProducerSnapshots()).isZero();
        IntStream.range(20, 40).forEach(i -> append(log, i * 2, 2));
        log.flush();
        assertThat(log.fsyncProducerSnapshots()).as("the flush forced them").isZero();
    }

    @Test
    void retryIsADuplicateAfterACrashThatToreTheNewestRollSnapshot() throws IOException {
        open(dir(), small(), 0);
        List<AppendResult> results = appendMany(log, 40);
        Path crashed = copyOpenLog(dir(), tmp.resolve("crashed-3"));
        List<Long> offsets = snapshotOffsets(crashed);
        assertThat(offsets).hasSizeGreaterThanOrEqualTo(2);
        Path newest = crashed.resolve(String.format("%020d.snapshot", offsets.get(offsets.size() - 1)));
        byte[] bytes = Files.readAllBytes(newest);
        // renamed before its bytes reached the disk: torn, and the oldest one empty
        Files.write(newest, Arrays.copyOf(bytes, bytes.length / 2));
        Files.write(crashed.resolve(String.format("%020d.snapshot", offsets.get(0))), new byte[0]);

        PartitionLog reopened = open(crashed, small(), 0);

        AppendResult last = results.get(results.size() - 1);
        AppendResult retry = append(reopened, 39 * 2, 2);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(last.firstOffset());
        assertThat(append(reopened, 80, 1).firstOffset()).isEqualTo(last.lastOffset() + 1);
    }

    @Test
    void retryIsADuplicateAfterACrashWithNoSnapshotAtAll() throws IOException {
        open(dir(), small(), 0);
        List<AppendResult> results = appendMany(log, 12);
        Path crashed = copyOpenLog(dir(), tmp.resolve("crashed-3"));
        for (long offset : snapshotOffsets(crashed)) {
            Files.delete(crashed.resolve(String.format("%020d.snapshot", offset)));
        }

        PartitionLog reopened = open(crashed, small(), 0);

        AppendResult retry = append(reopened, 11 * 2, 2);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(results.get(11).firstOffset());
        assertThat(append(reopened, 7 * 2, 2).duplicate()).as("the fifth newest batch").isTrue();
        assertThatThrownBy(() -> append(reopened, 6 * 2, 2)).isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void truncationRewindsTheStateSoTheTruncatedBatchIsWrittenAgain() {
        open(dir(), small(), 0);
        List<AppendResult> results = appendMany(log, 20);
        AppendResult truncatedBatch = results.get(10);
        long snapshotsAboveBefore = log.producerSnapshotOffsets().stream()
                .filter(offset -> offset > truncatedBatch.firstOffset()).count();
        assertThat(snapshotsAboveBefore).isPositive();

        assertThat(log.truncateTo(truncatedBatch.firstOffset())).isTrue();

        assertThat(log.producerSnapshotOffsets()).allMatch(offset -> offset <= truncatedBatch.firstOffset());
        assertThat(append(log, 9 * 2, 2).duplicate()).isTrue();
        AppendResult rewritten = append(log, 10 * 2, 2);
        assertThat(rewritten.duplicate()).isFalse();
        assertThat(rewritten.firstOffset()).isEqualTo(truncatedBatch.firstOffset());
        assertThat(append(log, 10 * 2, 2).duplicate()).isTrue();
    }

    @Test
    void fullTruncationForgetsEveryProducerAndSnapshot() {
        open(dir(), small(), 0);
        appendMany(log, 20);

        log.truncateFullyAndStartAt(100);

        assertThat(log.producerSnapshotOffsets()).isEmpty();
        assertThat(log.activeProducers()).isEmpty();
    }

    @Test
    void snapshotsAreTakenAtEachRollAndDeletedWithRetention() {
        open(dir(), small(), 0);
        appendMany(log, 30);
        List<Long> bases = segmentBases(log);
        assertThat(bases).hasSizeGreaterThan(2);
        assertThat(log.producerSnapshotOffsets()).isEqualTo(bases.subList(1, bases.size()));

        log.updateHighWatermark(log.logEndOffset());
        log.updateConfig(small().withRetentionBytes(1024));
        assertThat(log.deleteRetentionSegments()).isPositive();

        long oldest = segmentBases(log).get(0);
        assertThat(log.producerSnapshotOffsets()).isNotEmpty().allMatch(offset -> offset >= oldest);
        assertThat(append(log, 29 * 2, 2).duplicate()).isTrue();
    }

    @Test
    void followerTransactionMarkersMoveTheLastStableOffset() {
        open(dir(), small(), 0);
        log.appendAsFollower(transactionalBatch(0, 0, 2));
        assertThat(log.firstUnstableOffset()).hasValue(0);
        log.updateHighWatermark(2);
        assertThat(log.lastStableOffset()).isZero();

        log.appendAsFollower(marker(2, ControlRecordType.COMMIT));
        assertThat(log.firstUnstableOffset()).as("marker not yet below the high watermark").hasValue(0);
        log.updateHighWatermark(3);

        assertThat(log.firstUnstableOffset()).isEmpty();
        assertThat(log.lastStableOffset()).isEqualTo(3);
        assertThat(log.activeProducers().get(PID).currentTxnFirstOffset()).isEmpty();
    }

    @Test
    void replayAfterACrashRestoresAnOpenTransaction() throws IOException {
        open(dir(), small(), 0);
        log.appendAsFollower(transactionalBatch(0, 0, 2));
        log.appendAsFollower(marker(2, ControlRecordType.ABORT));
        log.appendAsFollower(transactionalBatch(3, 2, 1));
        Path crashed = copyOpenLog(dir(), tmp.resolve("crashed-3"));

        PartitionLog reopened = open(crashed, small(), 0);
        reopened.updateHighWatermark(4);

        assertThat(reopened.firstUnstableOffset()).hasValue(3);
        assertThat(reopened.lastStableOffset()).isEqualTo(3);
    }

    @Test
    void idleProducersExpireAndMayThenStartAtAnySequence() {
        open(dir(), small(), 0);
        append(log, 0, 2);
        clock.advanceMs(1_000);
        assertThat(log.removeExpiredProducers(60_000)).isZero();
        clock.advanceMs(60_000);

        assertThat(log.removeExpiredProducers(60_000)).isEqualTo(1);

        assertThat(log.activeProducers()).isEmpty();
        assertThat(append(log, 500, 1).duplicate()).isFalse();
    }

    @Test
    void logManagerExpiresProducersOfEveryLog() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        try {
            LogManager manager = new LogManager(List.of(tmp.resolve("d1")), small(), clock, scheduler,
                    new LogManager.Intervals(3_600_000, 3_600_000, 3_600_000, 3_600_000), 60_000);
            manager.startup();
            append(manager.getOrCreateLog("t", 0), 0, 1);
            append(manager.getOrCreateLog("t", 1), 0, 1);
            clock.advanceMs(60_000);

            assertThat(manager.removeExpiredProducers()).isEqualTo(2);
            manager.shutdown();
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static List<AppendResult> appendMany(PartitionLog log, int batches) {
        return IntStream.range(0, batches).mapToObj(i -> append(log, i * 2, 2)).toList();
    }

    private static List<Long> segmentBases(PartitionLog log) {
        List<Long> bases = new ArrayList<>();
        log.segmentsSnapshot().forEach(segment -> bases.add(segment.baseOffset()));
        return bases;
    }

    private static List<Long> snapshotOffsets(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".snapshot"))
                    .map(n -> Long.parseLong(n.substring(0, 20))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a kill -9 leaves: the files as they are while the log is open (no snapshot from close). */
    private static Path copyOpenLog(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
        return to;
    }

    private static ByteBuffer transactionalBatch(long baseOffset, int baseSequence, int count) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE, TimestampType.CREATE_TIME, baseOffset, T0, PID, EPOCH, baseSequence, true, 1);
        for (int i = 0; i < count; i++) {
            builder.append(T0, null, ("txn" + i).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build().buffer();
    }

    private static ByteBuffer marker(long offset, ControlRecordType type) {
        return MemoryRecords.withEndTransactionMarker(offset, T0, 1, PID, EPOCH, new EndTransactionMarker(type, 7))
                .buffer();
    }
}

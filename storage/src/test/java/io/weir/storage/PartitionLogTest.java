package io.weir.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.storage.errors.CorruptRecordException;
import io.weir.storage.errors.InvalidRecordException;
import io.weir.storage.errors.OffsetOutOfRangeException;
import io.weir.storage.errors.RecordBatchTooLargeException;
import io.weir.storage.errors.RecordTooLargeException;
import io.weir.storage.errors.UnexpectedAppendOffsetException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionLogTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(T0);
    private PartitionLog log;

    private LogConfig small() {
        return LogConfig.defaults().withSegmentBytes(4096).withIndexIntervalBytes(256).withSegmentIndexBytes(1024)
                .withFileDeleteDelayMs(0);
    }

    private PartitionLog open(LogConfig config) {
        log = PartitionLog.open(tmp.resolve("orders-3"), config, clock, 0, 0);
        return log;
    }

    @AfterEach
    void closeLog() {
        if (log != null && !log.isClosed()) {
            log.close();
        }
    }

    @Test
    void appendAssignsOffsetsAndEpochAndReadsBack() {
        open(small());
        AppendResult first = log.appendAsLeader(Batches.batch(T0, 3), 5);
        AppendResult second = log.appendAsLeader(Batches.batch(T0 + 10, 2), 5);

        assertThat(first.firstOffset()).isZero();
        assertThat(first.lastOffset()).isEqualTo(2);
        assertThat(first.recordCount()).isEqualTo(3);
        assertThat(first.logAppendTimeMs()).isEqualTo(-1);
        assertThat(second.firstOffset()).isEqualTo(3);
        assertThat(second.lastOffset()).isEqualTo(4);
        assertThat(second.maxTimestamp()).isEqualTo(T0 + 11);
        assertThat(second.offsetOfMaxTimestamp()).isEqualTo(4);
        assertThat(log.logEndOffset()).isEqualTo(5);

        List<Batches.Parsed> all = Batches.readAll(log, 0);
        assertThat(all).extracting(Batches.Parsed::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(all).extracting(Batches.Parsed::leaderEpoch).containsOnly(5);
        assertThat(all.get(3).key()).isEqualTo("k0");
        assertThat(log.leaderEpochCache().latestEpoch()).hasValue(5);
    }

    @Test
    void readStartsAtTheBatchHoldingTheOffsetAndHonoursBounds() {
        open(small());
        for (int i = 0; i < 5; i++) {
            log.appendAsLeader(Batches.batch(T0, 2), 0);
        }
        LogReadResult mid = log.read(3, 1 << 20, Long.MAX_VALUE, false);
        assertThat(Batches.offsets(mid.slice().readFully())).first().isEqualTo(2L);
        mid.slice().release();

        int batchBytes = Batches.batch(T0, 2).remaining();
        LogReadResult oneBatch = log.read(0, batchBytes + 10, Long.MAX_VALUE, false);
        assertThat(oneBatch.slice().sizeInBytes()).isEqualTo(batchBytes);
        oneBatch.slice().release();

        assertThat(log.read(0, 10, Long.MAX_VALUE, false).slice().isEmpty()).isTrue();
        LogReadResult forced = log.read(0, 10, Long.MAX_VALUE, true);
        assertThat(forced.slice().sizeInBytes()).isEqualTo(batchBytes);
        forced.slice().release();

        LogReadResult bounded = log.read(0, 1 << 20, 4, false);
        assertThat(Batches.offsets(bounded.slice().readFully())).containsExactly(0L, 1L, 2L, 3L);
        bounded.slice().release();

        assertThat(log.read(10, 100, Long.MAX_VALUE, false).slice().isEmpty()).isTrue();
        assertThatThrownBy(() -> log.read(11, 100, Long.MAX_VALUE, false)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThatThrownBy(() -> log.read(-1, 100, Long.MAX_VALUE, false)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void highWatermarkBoundsConsumerReadsAndNeverGoesBack() {
        open(small());
        for (int i = 0; i < 4; i++) {
            log.appendAsLeader(Batches.batch(T0, 2), 0);
        }
        assertThat(log.highWatermark()).isZero();
        assertThat(log.read(0, 1 << 20, log.highWatermark(), false).slice().isEmpty()).isTrue();
        assertThat(log.updateHighWatermark(4)).isTrue();
        assertThat(log.updateHighWatermark(2)).isFalse();
        LogReadResult result = log.read(0, 1 << 20, log.highWatermark(), false);
        assertThat(result.highWatermark()).isEqualTo(4);
        assertThat(Batches.offsets(result.slice().readFully())).containsExactly(0L, 1L, 2L, 3L);
        result.slice().release();
        assertThat(log.updateHighWatermark(100)).isTrue();
        assertThat(log.highWatermark()).isEqualTo(8);
    }

    @Test
    void rejectsBadBatchesWithTheirKafkaErrors() {
        open(small().withMaxMessageBytes(200));
        ByteBuffer corrupt = Batches.batch(T0, 1);
        corrupt.put(corrupt.limit() - 1, (byte) (corrupt.get(corrupt.limit() - 1) ^ 0x5a));
        assertThatThrownBy(() -> log.appendAsLeader(corrupt, 0)).isInstanceOf(CorruptRecordException.class);

        ByteBuffer magicOne = MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V1, Compression.NONE,
                new org.apache.kafka.common.record.internal.SimpleRecord("a".getBytes())).buffer();
        assertThatThrownBy(() -> log.appendAsLeader(magicOne, 0)).isInstanceOf(InvalidRecordException.class);

        assertThatThrownBy(() -> log.appendAsLeader(Batches.batch(Compression.NONE, T0, 10, 50), 0))
                .isInstanceOf(RecordTooLargeException.class);

        ByteBuffer badCount = Batches.batch(T0, 2);
        badCount.putInt(RecordBatchView.RECORDS_COUNT_OFFSET, 3);
        new RecordBatchView(badCount, 0).setMaxTimestamp(TimestampType.CREATE_TIME, T0 + 99); // re-CRC
        assertThatThrownBy(() -> log.appendAsLeader(badCount, 0)).isInstanceOf(InvalidRecordException.class);
        assertThat(log.logEndOffset()).isZero();
    }

    @Test
    void appendLargerThanASegmentIsRefused() {
        open(small().withMaxMessageBytes(1 << 20));
        assertThatThrownBy(() -> log.appendAsLeader(Batches.batch(Compression.NONE, T0, 100, 60), 0))
                .isInstanceOf(RecordBatchTooLargeException.class);
    }

    @Test
    void partialTrailingBatchIsDropped() {
        open(small());
        ByteBuffer two = Batches.concat(Batches.batch(T0, 1), Batches.batch(T0, 1));
        ByteBuffer cut = two.duplicate().limit(two.limit() - 5).slice();
        AppendResult result = log.appendAsLeader(cut, 0);
        assertThat(result.recordCount()).isEqualTo(1);
        assertThat(log.logEndOffset()).isEqualTo(1);
    }

    @Test
    void logAppendTimeStampsBatchesAndKeepsThemValid() {
        open(small().withTimestampType(TimestampType.LOG_APPEND_TIME));
        clock.advanceMs(5000);
        AppendResult result = log.appendAsLeader(Batches.batch(T0, 3), 0);
        assertThat(result.logAppendTimeMs()).isEqualTo(T0 + 5000);
        LogReadResult read = log.read(0, 1 << 20, Long.MAX_VALUE, false);
        List<Batches.Parsed> parsed = Batches.parse(read.slice().readFully());
        read.slice().release();
        assertThat(parsed).extracting(Batches.Parsed::timestamp).containsOnly(T0 + 5000);
    }

    @Test
    void rollsBySizeTimeAndIndexFull() {
        open(small());
        for (int i = 0; i < 60; i++) {
            log.appendAsLeader(Batches.batch(Compression.NONE, T0, 2, 60), 0);
        }
        assertThat(log.numberOfSegments()).isGreaterThan(3);
        try (Stream<Path> files = Files.list(log.dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("00000000000000000000.log",
                    "00000000000000000000.index", "00000000000000000000.timeindex");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(Batches.readAll(log, 0)).hasSize(120);
        log.close();

        open(small().withSegmentBytes(1 << 20).withSegmentMs(1000));
        int before = log.numberOfSegments();
        log.appendAsLeader(Batches.batch(clock.millis(), 1), 0);
        clock.advanceMs(2000);
        log.appendAsLeader(Batches.batch(clock.millis(), 1), 0);
        assertThat(log.numberOfSegments()).isEqualTo(before + 1);
        log.close();

        open(small().withSegmentBytes(1 << 20).withSegmentIndexBytes(24).withIndexIntervalBytes(0));
        int start = log.numberOfSegments();
        for (int i = 0; i < 10; i++) {
            log.appendAsLeader(Batches.batch(clock.millis() + i, 1), 0);
        }
        assertThat(log.numberOfSegments()).isGreaterThan(start + 2);
    }

    @Test
    void lookupByTimestamp() {
        open(small());
        for (int i = 0; i < 50; i++) {
            log.appendAsLeader(Batches.batch(Compression.NONE, T0 + i * 100L, 2, 60), 0);
        }
        // batch i holds offsets 2i, 2i+1 with timestamps T0+100i and T0+100i+1
        assertThat(log.fetchOffsetByTimestamp(T0 + 1001).orElseThrow().offset()).isEqualTo(21);
        assertThat(log.fetchOffsetByTimestamp(T0 + 1002).orElseThrow().offset()).isEqualTo(22);
        assertThat(log.fetchOffsetByTimestamp(T0).orElseThrow().offset()).isZero();
        assertThat(log.fetchOffsetByTimestamp(T0 + 999_999)).isEmpty();
        assertThat(log.fetchOffsetByTimestamp(PartitionLog.EARLIEST_TIMESTAMP).orElseThrow().offset()).isZero();
        assertThat(log.fetchOffsetByTimestamp(PartitionLog.LATEST_TIMESTAMP).orElseThrow().offset()).isEqualTo(100);
        TimestampAndOffset max = log.fetchOffsetByTimestamp(PartitionLog.MAX_TIMESTAMP).orElseThrow();
        assertThat(max.offset()).isEqualTo(99);
        assertThat(max.timestampMs()).isEqualTo(T0 + 4901);
        assertThat(max.leaderEpoch()).hasValue(0);
    }

    @Test
    void retentionByTimeAndSizeDeletesOldSegmentsBelowTheHighWatermark() {
        open(small().withRetentionMs(60_000));
        for (int i = 0; i < 40; i++) {
            log.appendAsLeader(Batches.batch(Compression.NONE, clock.millis(), 2, 60), 0);
        }
        int segments = log.numberOfSegments();
        clock.advanceMs(120_000);
        assertThat(log.deleteRetentionSegments()).as("nothing below the high watermark yet").isZero();
        log.updateHighWatermark(log.logEndOffset());
        assertThat(log.deleteRetentionSegments()).isEqualTo(segments - 1);
        assertThat(log.numberOfSegments()).isEqualTo(1);
        assertThat(log.logStartOffset()).isGreaterThan(0);
        assertThatThrownBy(() -> log.read(0, 100, Long.MAX_VALUE, false)).isInstanceOf(OffsetOutOfRangeException.class);
        log.close();

        open(small().withRetentionBytes(8192));
        for (int i = 0; i < 80; i++) {
            log.appendAsLeader(Batches.batch(Compression.NONE, clock.millis(), 2, 60), 0);
        }
        log.updateHighWatermark(log.logEndOffset());
        assertThat(log.deleteRetentionSegments()).isPositive();
        assertThat(log.size()).isLessThanOrEqualTo(8192 + 4096);
        assertThat(Batches.readAll(log, log.logStartOffset()).get(0).offset()).isEqualTo(log.logStartOffset());
    }

    @Test
    void logStartOffsetMovesAndDeletesWholeSegmentsBelowIt() {
        open(small());
        for (int i = 0; i < 40; i++) {
            log.appendAsLeader(Batches.batch(Compression.NONE, T0, 2, 60), 0);
        }
        assertThatThrownBy(() -> log.maybeIncrementLogStartOffset(10)).isInstanceOf(OffsetOutOfRangeException.class);
        log.updateHighWatermark(80);
        int segments = log.numberOfSegments();
        assertThat(log.maybeIncrementLogStartOffset(41)).isTrue();
        assertThat(log.maybeIncrementLogStartOffset(20)).isFalse();
        assertThat(log.logStartOffset()).isEqualTo(41);
        assertThat(log.numberOfSegments()).isLessThan(segments);
        assertThat(Batches.readAll(log, 41).get(0).offset()).isEqualTo(41);
        assertThatThrownBy(() -> log.read(40, 100, Long.MAX_VALUE, false)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void truncateToRemovesTheTailAndFixesEpochsAndHighWatermark() {
        open(small());
        for (int i = 0; i < 30; i++) {
            log.appendAsLeader(Batches.batch(Compression.NONE, T0 + i, 2, 60), i < 15 ? 1 : 2);
        }
        log.updateHighWatermark(60);
        assertThat(log.truncateTo(70)).isFalse();
        assertThat(log.truncateTo(25)).isTrue();
        assertThat(log.logEndOffset()).as("the batch holding 25 goes whole").isEqualTo(24);
        assertThat(log.highWatermark()).isEqualTo(24);
        assertThat(log.leaderEpochCache().latestEpoch()).hasValue(1);
        assertThat(Batches.readAll(log, 0)).hasSize(24);
        AppendResult next = log.appendAsLeader(Batches.batch(T0, 1), 3);
        assertThat(next.firstOffset()).isEqualTo(24);
        assertThat(log.endOffsetForEpoch(1)).isEqualTo(new EpochEndOffset(1, 24));
        log.close();
        open(small());
        assertThat(log.logEndOffset()).isEqualTo(25);
        assertThat(Batches.readAll(log, 0)).hasSize(25);
    }

    @Test
    void truncatingAtTheLogEndDropsAnEpochThatHoldsNoRecord() {
        open(small());
        for (int i = 0; i < 5; i++) {
            log.appendAsLeader(Batches.batch(T0, 2), 0);
        }
        // Leader of epoch 1 for a moment, with nothing appended in it, then a follower again: the
        // new leader's diverging epoch says to keep everything of epoch 0, which ends at the log end.
        log.leaderEpochCache().assign(1, log.logEndOffset());
        assertThat(log.truncateTo(10)).isFalse();
        assertThat(log.logEndOffset()).isEqualTo(10);
        assertThat(log.leaderEpochCache().latestEpoch())
                .as("an epoch starting at the truncation point holds nothing and would diverge again")
                .hasValue(0);
        log.close();
        open(small());
        assertThat(log.leaderEpochCache().latestEpoch()).hasValue(0);
    }

    @Test
    void truncateFullyStartsAnEmptyLogAtTheOffset() {
        open(small());
        for (int i = 0; i < 20; i++) {
            log.appendAsLeader(Batches.batch(Compression.NONE, T0, 2, 60), 1);
        }
        log.truncateFullyAndStartAt(1000);
        assertThat(log.logStartOffset()).isEqualTo(1000);
        assertThat(log.logEndOffset()).isEqualTo(1000);
        assertThat(log.numberOfSegments()).isEqualTo(1);
        assertThat(log.leaderEpochCache().latestEpoch()).isEmpty();
        assertThat(log.appendAsLeader(Batches.batch(T0, 1), 2).firstOffset()).isEqualTo(1000);
        log.close();
        open(small());
        assertThat(log.logStartOffset()).isEqualTo(1000);
        assertThat(log.logEndOffset()).isEqualTo(1001);
    }

    @Test
    void followerAppendKeepsLeaderOffsetsAndEpochs() {
        open(small());
        ByteBuffer leaderBatches = Batches.concat(Batches.batch(T0, 2), Batches.batch(T0, 3));
        new RecordBatchView(leaderBatches, 0).setBaseOffset(0);
        new RecordBatchView(leaderBatches, 0).setPartitionLeaderEpoch(4);
        RecordBatchView second = new RecordBatchView(leaderBatches, new RecordBatchView(leaderBatches, 0).sizeInBytes());
        second.setBaseOffset(7);
        second.setPartitionLeaderEpoch(6);
        AppendResult result = log.appendAsFollower(leaderBatches);
        assertThat(result.firstOffset()).isZero();
        assertThat(result.lastOffset()).isEqualTo(9);
        assertThat(log.logEndOffset()).isEqualTo(10);
        assertThat(log.leaderEpochCache().entries()).extracting(e -> e.getKey() + "@" + e.getValue())
                .containsExactly("4@0", "6@7");
        assertThat(log.endOffsetForEpoch(5)).isEqualTo(new EpochEndOffset(4, 7));
        assertThatThrownBy(() -> log.appendAsFollower(Batches.batch(T0, 1)))
                .isInstanceOf(UnexpectedAppendOffsetException.class);
    }

    @Test
    void reopenAfterCleanCloseKeepsEverythingAndLoadsOldIndexesLazily() throws Exception {
        open(small());
        for (int i = 0; i < 40; i++) {
            log.appendAsLeader(Batches.batch(Compression.NONE, T0 + i, 2, 60), 0);
        }
        long end = log.logEndOffset();
        log.flush();
        log.close();
        log = PartitionLog.open(tmp.resolve("orders-3"), small(), clock, PartitionLog.CLEAN_SHUTDOWN_RECOVERY_POINT, 0);
        assertThat(log.logEndOffset()).isEqualTo(end);
        LogSegment first = log.segmentsSnapshot().iterator().next();
        assertThat(first.indexesLoaded()).isFalse();
        assertThat(Batches.readAll(log, 0)).hasSize(80);
        assertThat(first.indexesLoaded()).isTrue();
    }

    @Test
    void corruptIndexIsRebuiltFromTheLog() throws Exception {
        open(small());
        for (int i = 0; i < 40; i++) {
            log.appendAsLeader(Batches.batch(Compression.NONE, T0 + i, 2, 60), 0);
        }
        log.close();
        Path index = tmp.resolve("orders-3").resolve("00000000000000000000.index");
        byte[] garbage = new byte[(int) Files.size(index)];
        java.util.Arrays.fill(garbage, (byte) 0x7f);
        Files.write(index, garbage);
        log = PartitionLog.open(tmp.resolve("orders-3"), small(), clock, PartitionLog.CLEAN_SHUTDOWN_RECOVERY_POINT, 0);
        assertThat(Batches.readAll(log, 0)).extracting(Batches.Parsed::offset).hasSize(80).startsWith(0L, 1L, 2L);
        assertThat(log.fetchOffsetByTimestamp(T0 + 5).orElseThrow().offset()).as("batch 4, second record").isEqualTo(9);
    }

    @Test
    void sliceHandedOutBeforeRetentionStaysReadable() throws Exception {
        open(small().withRetentionMs(1000));
        for (int i = 0; i < 40; i++) {
            log.appendAsLeader(Batches.batch(Compression.NONE, clock.millis(), 2, 60), 0);
        }
        log.updateHighWatermark(log.logEndOffset());
        LogReadResult held = log.read(0, 1 << 20, Long.MAX_VALUE, false);
        ByteBuffer expected = held.slice().readFully();
        clock.advanceMs(10_000);
        assertThat(log.deleteRetentionSegments()).isPositive();
        Path deleted = tmp.resolve("orders-3").resolve("00000000000000000000.log.deleted");
        assertThat(deleted).exists();
        assertThat(held.slice().readFully()).isEqualTo(expected);
        ByteBuffer viaTransfer = ByteBuffer.allocate(held.slice().sizeInBytes());
        held.slice().channel().read(viaTransfer, held.slice().position());
        assertThat(viaTransfer.flip()).isEqualTo(expected);
        held.slice().release();
        log.deleteRetentionSegments();
        assertThat(deleted).doesNotExist();
    }

    @Test
    void flushByMessagesMovesTheRecoveryPoint() {
        open(small().withFlushMessages(4));
        log.appendAsLeader(Batches.batch(T0, 3), 0);
        assertThat(log.recoveryPoint()).isZero();
        log.appendAsLeader(Batches.batch(T0, 1), 0);
        assertThat(log.recoveryPoint()).isEqualTo(4);
        log.appendAsLeader(Batches.batch(T0, 1), 0);
        assertThat(log.maybeFlushByTime()).isFalse();
        log.updateConfig(log.config().withFlushMs(100));
        clock.advanceMs(200);
        assertThat(log.maybeFlushByTime()).isTrue();
        assertThat(log.recoveryPoint()).isEqualTo(5);
    }

    @Test
    void producerSnapshotsSurviveRecovery() throws Exception {
        open(small());
        log.appendAsLeader(Batches.idempotentBatch(42, (short) 1, 0, T0, 3), 0);
        Path snapshot = log.producerSnapshotFile(3);
        Files.write(snapshot, new byte[] {1, 2, 3});
        log.close();
        open(small());
        assertThat(snapshot).exists().hasFileName("00000000000000000003.snapshot");
        assertThat(log.logEndOffset()).isEqualTo(3);
    }

    @Test
    void deleteRemovesTheDirectory() {
        open(small());
        log.appendAsLeader(Batches.batch(T0, 1), 0);
        log.delete();
        assertThat(tmp.resolve("orders-3")).doesNotExist();
    }
}

package io.weir.broker.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.storage.EpochEndOffset;
import io.weir.storage.LogConfig;
import io.weir.storage.PartitionLog;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a follower truncates, from the leader's end offset of an epoch (KIP-101, KIP-279). */
class TruncationTest {
    @TempDir
    Path dir;

    private PartitionLog log;

    /** Offsets 0..2 at epoch 0, 3..5 at epoch 2. */
    @BeforeEach
    void open() {
        log = PartitionLog.open(dir.resolve("orders-0"), LogConfig.defaults(), Clock.systemUTC(), 0, 0);
        append(0, 3);
        append(2, 3);
        assertThat(log.logEndOffset()).isEqualTo(6);
    }

    @AfterEach
    void close() {
        log.close();
    }

    private void append(int epoch, int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(("v" + i).getBytes());
        }
        log.appendAsLeader(MemoryRecords.withRecords(Compression.NONE, records).buffer(), epoch);
    }

    @Test
    void sameEpochKeepsUpToTheLeadersEndOrTheOwnLogEnd() {
        assertThat(Truncation.truncationOffset(log, 2, 4)).isEqualTo(4);
        assertThat(Truncation.truncationOffset(log, 2, 50)).isEqualTo(6);
    }

    @Test
    void anOlderLeaderEpochKeepsWhatTheFollowerHasOfIt() {
        assertThat(Truncation.truncationOffset(log, 1, 10)).as("epoch 1 unknown here: epoch 0 ends at 3").isEqualTo(3);
        assertThat(Truncation.truncationOffset(log, 0, 2)).isEqualTo(2);
    }

    @Test
    void anUndefinedAnswerKeepsNothing() {
        assertThat(Truncation.truncationOffset(log, EpochEndOffset.UNDEFINED_EPOCH, EpochEndOffset.UNDEFINED_OFFSET)).isZero();
    }
}

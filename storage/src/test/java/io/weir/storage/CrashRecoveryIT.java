package io.weir.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a separate JVM that appends and fsyncs in a loop, then checks that every acknowledged
 * batch survives byte for byte and that the log ends on a valid batch.
 */
class CrashRecoveryIT {
    private static final int ACKS_BEFORE_KILL = 3000;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    /** The last acknowledged batch number and its last offset when the child was killed. */
    private record Acked(long batches, long lastOffset) {}

    private static Acked runAndKill(Path dir, int acksBeforeKill, String... extraArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingAppender.class.getName(), dir.toString()));
        command.addAll(List.of(extraArgs));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long ackedBatches = -1;
        long ackedLastOffset = -1;
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (ackedBatches + 1 < acksBeforeKill && System.nanoTime() < deadline && (line = out.readLine()) != null) {
                if (line.startsWith("acked ")) {
                    String[] parts = line.split(" ");
                    ackedBatches = Long.parseLong(parts[1]);
                    ackedLastOffset = Long.parseLong(parts[2]);
                }
            }
            child.destroyForcibly();
            child.waitFor();
        } finally {
            child.destroyForcibly();
        }
        assertThat(ackedBatches + 1).as("batches acknowledged before the deadline").isGreaterThanOrEqualTo(acksBeforeKill);
        return new Acked(ackedBatches, ackedLastOffset);
    }

    @Test
    void idempotentRetriesAreStillDuplicatesAfterSigkill() throws Exception {
        Path dir = tmp.resolve("crash-1");
        Acked acked = runAndKill(dir, 600, "idempotent");

        LogConfig config = LogConfig.defaults().withSegmentBytes(CrashingAppender.IDEMPOTENT_SEGMENT_BYTES);
        try (PartitionLog log = PartitionLog.open(dir, config, new MutableClock(0), 0, 0)) {
            assertThat(log.producerSnapshotOffsets()).as("snapshots from rolls, none from a close").isNotEmpty()
                    .allMatch(offset -> offset < log.logEndOffset());
            long storedBatches = log.logEndOffset() / 2;
            assertThat(storedBatches).isGreaterThan(acked.batches());
            for (long i = Math.max(0, storedBatches - 5); i < storedBatches; i++) {
                AppendResult retry = log.appendAsLeader(CrashingAppender.idempotentBatchNumber(i), 1);
                assertThat(retry.duplicate()).as("retry of batch %d", i).isTrue();
                assertThat(retry.firstOffset()).isEqualTo(2 * i);
            }
            AppendResult next = log.appendAsLeader(CrashingAppender.idempotentBatchNumber(storedBatches), 1);
            assertThat(next.duplicate()).isFalse();
            assertThat(next.firstOffset()).isEqualTo(2 * storedBatches);
        }
    }

    @Test
    void acknowledgedBatchesSurviveSigkill() throws Exception {
        Path dir = tmp.resolve("crash-0");
        Acked acked = runAndKill(dir, ACKS_BEFORE_KILL);
        long ackedBatches = acked.batches();
        long ackedLastOffset = acked.lastOffset();

        try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults().withSegmentBytes(256 * 1024), new MutableClock(0), 0, 0)) {
            assertThat(log.logEndOffset()).isGreaterThan(ackedLastOffset);
            List<RecordBatch> stored = readAllBatches(log);
            assertThat(stored.size()).isGreaterThan((int) ackedBatches);
            long expectedBase = 0;
            for (int i = 0; i <= ackedBatches; i++) {
                ByteBuffer expected = CrashingAppender.batchNumber(i);
                RecordBatchView view = new RecordBatchView(expected, 0);
                view.setBaseOffset(expectedBase);
                view.setPartitionLeaderEpoch(1);
                RecordBatch actual = stored.get(i);
                assertThat(actual.baseOffset()).isEqualTo(expectedBase);
                ByteBuffer actualBytes = ByteBuffer.allocate(actual.sizeInBytes());
                actual.writeTo(actualBytes);
                assertThat(actualBytes.flip()).as("batch %d byte for byte", i).isEqualTo(expected);
                expectedBase = view.lastOffset() + 1;
            }
            stored.forEach(RecordBatch::ensureValid);
            RecordBatch last = stored.get(stored.size() - 1);
            assertThat(last.lastOffset() + 1).isEqualTo(log.logEndOffset());
        }
    }

    private static List<RecordBatch> readAllBatches(PartitionLog log) {
        List<RecordBatch> batches = new ArrayList<>();
        long next = 0;
        while (next < log.logEndOffset()) {
            try (LogSlice slice = log.read(next, 1 << 20, Long.MAX_VALUE, true).slice()) {
                for (RecordBatch batch : MemoryRecords.readableRecords(slice.readFully()).batches()) {
                    batches.add(batch);
                    next = batch.lastOffset() + 1;
                }
            }
        }
        return batches;
    }
}

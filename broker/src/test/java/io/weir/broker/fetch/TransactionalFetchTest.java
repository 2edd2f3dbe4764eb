package io.weir.broker.fetch;

import static io.weir.broker.fetch.FetchManagerTest.byName;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.storage.AbortedTxn;
import io.weir.storage.ControlBatches;
import io.weir.storage.PartitionLog;
import io.weir.storage.TopicPartitionKey;
import io.weir.storage.producer.AppendOrigin;
import io.weir.storage.producer.TransactionResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetches under both isolation levels: the last stable offset bound and the aborted transactions. */
class TransactionalFetchTest {
    private static final int CONSUMER = -1;
    private static final short EPOCH = 0;
    /** Near the wall clock that {@link TestPartitions#append} stamps, so that no segment rolls by time. */
    private static final long NOW_MS = System.currentTimeMillis();

    @TempDir
    Path dir;

    private TestPartitions partitions;
    private ManualTimer timer;
    private FetchManager manager;
    private PartitionLog log;
    private final List<FetchResponse> answered = new ArrayList<>();

    @BeforeEach
    void setUp() {
        partitions = new TestPartitions(dir);
        log = partitions.create("a", 0);
        timer = new ManualTimer();
        manager = new FetchManager(partitions, new FetchSessionCache(2, new java.util.Random(7)::nextInt), timer,
                Runnable::run, 10);
    }

    @AfterEach
    void tearDown() {
        answered.forEach(FetchResponse::release);
        partitions.close();
    }

    @Test
    void readCommittedStopsAtAnOpenTransaction() {
        partitions.append("a", 0, "plain", 2); // 0..1
        appendTxn(1L, "open", 2); // 2..3

        PartitionResult committed = fetchNow(true, 0).partitions().get(0);
        PartitionResult uncommitted = fetchNow(false, 0).partitions().get(0);

        assertThat(dataValues(committed)).containsExactly("plain-0", "plain-1");
        assertThat(committed.lastStableOffset()).isEqualTo(2);
        assertThat(committed.highWatermark()).isEqualTo(4);
        assertThat(committed.abortedTransactions()).contains(List.of());
        assertThat(dataValues(uncommitted)).containsExactly("plain-0", "plain-1", "open-0", "open-1");
        assertThat(uncommitted.lastStableOffset()).isEqualTo(2);
        assertThat(uncommitted.abortedTransactions()).isEmpty();
    }

    @Test
    void abortedTransactionsAreReportedToReadCommittedOnly() {
        appendTxn(1L, "aborted", 2); // 0..1
        appendTxn(2L, "kept", 1); // 2
        marker(1L, TransactionResult.ABORT); // 3
        marker(2L, TransactionResult.COMMIT); // 4

        PartitionResult committed = fetchNow(true, 0).partitions().get(0);
        PartitionResult uncommitted = fetchNow(false, 0).partitions().get(0);

        assertThat(committed.lastStableOffset()).isEqualTo(5);
        assertThat(committed.abortedTransactions().orElseThrow()).extracting(AbortedTxn::producerId, AbortedTxn::firstOffset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 0L));
        assertThat(dataValues(committed)).containsExactly("aborted-0", "aborted-1", "kept-0");
        assertThat(uncommitted.abortedTransactions()).isEmpty();
        assertThat(fetchNow(true, 4).partitions().get(0).abortedTransactions()).contains(List.of());
    }

    @Test
    void readCommittedLongPollIsWokenByTheMarker() {
        appendTxn(1L, "t", 1);
        CompletableFuture<FetchResponse> pending = manager.fetch(new FetchRequest(CONSUMER, 5000, 1, Integer.MAX_VALUE, true,
                0, -1, false, List.of(byName("a", 0, 0)), List.of()));
        assertThat(pending).isNotDone();
        partitions.append("a", 0, "more", 1);
        manager.onAppend(new TopicPartitionKey("a", 0));
        assertThat(pending).as("data beyond the open transaction is not stable").isNotDone();

        marker(1L, TransactionResult.COMMIT);
        manager.onAppend(new TopicPartitionKey("a", 0));

        assertThat(pending).isDone();
        answered.add(pending.join());
        assertThat(dataValues(pending.join().partitions().get(0))).containsExactly("t-0", "more-0");
        assertThat(pending.join().partitions().get(0).lastStableOffset()).isEqualTo(3);
    }

    /** The values of the data records (markers left out). */
    private static List<String> dataValues(PartitionResult result) {
        List<String> values = new ArrayList<>();
        for (RecordBatch batch : MemoryRecords.readableRecords(result.records().readFully()).batches()) {
            if (!batch.isControlBatch()) {
                batch.forEach(record -> values.add(StandardCharsets.UTF_8.decode(record.value()).toString()));
            }
        }
        return values;
    }

    private FetchResponse fetchNow(boolean readCommitted, long offset) {
        CompletableFuture<FetchResponse> future = manager.fetch(new FetchRequest(CONSUMER, 0, 0, Integer.MAX_VALUE,
                readCommitted, 0, -1, false, List.of(byName("a", 0, offset)), List.of()));
        assertThat(future).isDone();
        answered.add(future.join());
        return future.join();
    }

    private void appendTxn(long producerId, String prefix, int count) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE, TimestampType.CREATE_TIME, 0L, NOW_MS, producerId, EPOCH, 0, true,
                RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (int i = 0; i < count; i++) {
            builder.append(NOW_MS, null, (prefix + "-" + i).getBytes(StandardCharsets.UTF_8));
        }
        log.appendAsLeader(builder.build().buffer(), 0);
        log.updateHighWatermark(log.logEndOffset());
    }

    private void marker(long producerId, TransactionResult result) {
        log.appendAsLeader(ControlBatches.endTransactionMarker(producerId, (short) (EPOCH + 1), 0, result, NOW_MS), 0,
                AppendOrigin.COORDINATOR, 2);
        log.updateHighWatermark(log.logEndOffset());
    }
}

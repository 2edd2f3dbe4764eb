package io.weir.broker.fetch;

import static io.weir.broker.fetch.FetchManagerTest.byName;
import static io.weir.broker.fetch.FetchManagerTest.values;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incremental fetch sessions (KIP-227) through {@link FetchManager}. */
class FetchSessionTest {

    @TempDir
    Path dir;

    private TestPartitions partitions;
    private ManualTimer timer;
    private FetchManager manager;
    private final AtomicInteger ids = new AtomicInteger(100);
    private final List<FetchResponse> answered = new ArrayList<>();

    @BeforeEach
    void setUp() {
        partitions = new TestPartitions(dir);
        partitions.create("a", 0);
        partitions.create("a", 1);
        partitions.create("b", 0);
        timer = new ManualTimer();
        manager = new FetchManager(partitions, new FetchSessionCache(2, ids::incrementAndGet), timer, Runnable::run, 10);
    }

    @AfterEach
    void tearDown() {
        answered.forEach(FetchResponse::release);
        partitions.close();
    }

    @Test
    void aFullFetchWithEpochZeroCreatesASessionAndIncrementalFetchesReturnOnlyChanges() {
        partitions.append("a", 0, "v", 1);
        FetchResponse full = fetch(0, 0, List.of(byName("a", 0, 0), byName("a", 1, 0)), List.of());
        assertThat(full.sessionId()).isEqualTo(101);
        assertThat(full.partitions()).hasSize(2);

        // Nothing changed except the fetch offset of a-0, which the client moves past the data.
        FetchResponse quiet = fetch(101, 1, List.of(byName("a", 0, 1)), List.of());
        assertThat(quiet.errorCode()).isZero();
        assertThat(quiet.sessionId()).isEqualTo(101);
        assertThat(quiet.partitions()).isEmpty();

        partitions.append("a", 1, "w", 2);
        FetchResponse changed = fetch(101, 2, List.of(), List.of());
        assertThat(changed.partitions()).extracting(r -> r.id().partition()).containsExactly(1);
        assertThat(values(changed.partitions().get(0))).containsExactly("w-0", "w-1");
    }

    @Test
    void incrementalFetchesAddAndForgetPartitions() {
        fetch(0, 0, List.of(byName("a", 0, 0)), List.of());
        partitions.append("b", 0, "b", 1);

        FetchResponse added = fetch(101, 1, List.of(byName("b", 0, 0)), List.of());
        assertThat(added.partitions()).extracting(r -> r.id().topic()).containsExactly("b");

        partitions.append("a", 0, "a", 1);
        partitions.append("b", 0, "b2", 1);
        FetchResponse forgot = fetch(101, 2, List.of(byName("b", 0, 1)), List.of(PartitionId.byName("a", 0)));
        assertThat(forgot.partitions()).extracting(r -> r.id().topic()).containsExactly("b");
        assertThat(values(forgot.partitions().get(0))).containsExactly("b2-0");
    }

    @Test
    void sessionErrors() {
        fetch(0, 0, List.of(byName("a", 0, 0)), List.of());

        assertThat(fetch(999, 1, List.of(), List.of()).errorCode()).isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND.code());
        assertThat(fetch(101, 5, List.of(), List.of()).errorCode()).isEqualTo(Errors.INVALID_FETCH_SESSION_EPOCH.code());
        FetchRequest byId = new FetchRequest(-1, 0, 0, 1 << 20, false, 101, 1, true, List.of(), List.of());
        assertThat(manager.fetch(byId).join().errorCode()).isEqualTo(Errors.FETCH_SESSION_TOPIC_ID_ERROR.code());
        // The failed attempts did not consume the epoch.
        assertThat(fetch(101, 1, List.of(), List.of()).errorCode()).isZero();
    }

    @Test
    void epochMinusOneIsSessionlessAndClosesTheNamedSession() {
        fetch(0, 0, List.of(byName("a", 0, 0)), List.of());

        FetchResponse sessionless = fetch(101, -1, List.of(byName("a", 0, 0)), List.of());

        assertThat(sessionless.sessionId()).isZero();
        assertThat(sessionless.partitions()).hasSize(1);
        assertThat(manager.sessions().size()).isZero();
        assertThat(fetch(101, 1, List.of(), List.of()).errorCode()).isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND.code());
    }

    @Test
    void aFullCacheEvictsTheLeastRecentlyUsedSession() {
        fetch(0, 0, List.of(byName("a", 0, 0)), List.of());
        fetch(0, 0, List.of(byName("a", 1, 0)), List.of());
        fetch(101, 1, List.of(), List.of());

        FetchResponse third = fetch(0, 0, List.of(byName("b", 0, 0)), List.of());

        assertThat(third.sessionId()).isEqualTo(103);
        assertThat(manager.sessions().evictions()).isEqualTo(1);
        assertThat(fetch(102, 1, List.of(), List.of()).errorCode()).isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND.code());
        assertThat(fetch(101, 2, List.of(), List.of()).errorCode()).isZero();
    }

    @Test
    void aWaitingIncrementalFetchAnswersOnlyThePartitionThatChanged() {
        fetch(0, 0, List.of(byName("a", 0, 0), byName("a", 1, 0)), List.of());
        CompletableFuture<FetchResponse> pending = manager.fetch(
                new FetchRequest(-1, 5000, 1, 1 << 20, false, 101, 1, false, List.of(), List.of()));
        assertThat(pending).isNotDone();

        partitions.append("a", 1, "x", 1);
        manager.onAppend(new io.weir.storage.TopicPartitionKey("a", 1));

        assertThat(pending).isDone();
        answered.add(pending.join());
        assertThat(pending.join().partitions()).extracting(r -> r.id().partition()).containsExactly(1);
    }

    @Test
    void partitionsThatReturnedDataMoveToTheBackOfTheSession() {
        partitions.append("a", 0, "a", 1, 500);
        partitions.append("a", 1, "b", 1, 500);
        FetchRequest full = new FetchRequest(-1, 0, 0, 100, false, 0, 0, false,
                List.of(byName("a", 0, 0), byName("a", 1, 0)), List.of());
        FetchResponse first = manager.fetch(full).join();
        answered.add(first);
        assertThat(first.partitions().get(0).records().sizeInBytes()).isPositive();
        assertThat(first.partitions().get(1).records().sizeInBytes()).isZero();

        FetchResponse second = manager.fetch(new FetchRequest(-1, 0, 0, 100, false, 101, 1, false,
                List.of(byName("a", 0, 1)), List.of())).join();
        answered.add(second);

        assertThat(second.partitions()).extracting(r -> r.id().partition()).containsExactly(1);
        assertThat(values(second.partitions().get(0))).hasSize(1);
    }

    private FetchResponse fetch(int sessionId, int epoch, List<PartitionFetch> fetches, List<PartitionId> forgotten) {
        CompletableFuture<FetchResponse> future = manager.fetch(
                new FetchRequest(-1, 0, 0, 1 << 20, false, sessionId, epoch, false, fetches, forgotten));
        assertThat(future).isDone();
        answered.add(future.join());
        return future.join();
    }
}

package io.weir.broker.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.broker.replica.ReplicaManager;
import io.weir.metadata.TopicNames;
import io.weir.metadata.Uuid;
import io.weir.storage.LogConfig;
import io.weir.storage.LogManager;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production writer and loader over a real partition log: what is appended is read back, in order. */
class ReplicaLogRoundTripTest {
    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private LogManager logManager;
    private ReplicaManager replicas;

    @BeforeEach
    void start() {
        logManager = new LogManager(List.of(dir), LogConfig.defaults(), clock, scheduler);
        logManager.startup();
        replicas = new ReplicaManager(1, logManager, Runnable::run, clock);
        replicas.becomeLeader(TopicNames.CONSUMER_OFFSETS, new Uuid(7L, 7L), 0, 0, LogConfig.defaults());
    }

    @AfterEach
    void stop() {
        logManager.shutdown();
        scheduler.shutdownNow();
    }

    @Test
    void appendedRecordsAreLoadedBackInOrder() {
        ReplicaPartitionWriter writer = new ReplicaPartitionWriter(replicas, clock);
        CoordinatorRecord offset = new CoordinatorRecord.OffsetCommit("g", "orders", 0,
                Optional.of(new CommittedOffset(5, 1, "", 10, OptionalLong.empty())));
        CoordinatorRecord group = new CoordinatorRecord.GroupMetadata("g",
                Optional.of(new GroupSnapshot("consumer", 2, Optional.empty(), Optional.empty(), 10, List.of())));
        CoordinatorRecord tombstone = new CoordinatorRecord.OffsetCommit("g", "orders", 0, Optional.empty());
        writer.append(0, List.of(offset, group)).join();
        writer.append(0, List.of(tombstone)).join();

        List<CoordinatorRecord> loaded = new ArrayList<>();
        assertThat(new LogCoordinatorLoader(replicas).load(0, loaded::add)).isEqualTo(3);
        assertThat(loaded).hasSize(3);
        assertThat(loaded.get(0)).isEqualTo(offset);
        assertThat(loaded.get(2)).isEqualTo(tombstone);
        assertThat(((CoordinatorRecord.GroupMetadata) loaded.get(1)).value().orElseThrow().generationId()).isEqualTo(2);
    }

    @Test
    void aPartitionThisNodeDoesNotHostIsNotCoordinatedHere() {
        assertThatThrownBy(() -> new ReplicaPartitionWriter(replicas, clock).append(1, List.of(
                new CoordinatorRecord.GroupMetadata("g", Optional.empty()))).join())
                .isInstanceOf(CompletionException.class)
                .satisfies(e -> assertThat(GroupException.errorOf(e)).isEqualTo(GroupError.NOT_COORDINATOR));
    }
}

package io.weir.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Routing, loading and resigning, on a direct executor, a manual timer and an in-memory log. */
class GroupCoordinatorTest {
    private final ManualTimer timer = new ManualTimer(0);
    private final MemoryLog log = new MemoryLog(4);
    private final AtomicInteger creations = new AtomicInteger();
    private final GroupCoordinator coordinator = new GroupCoordinator(1, new GroupConfig(4, (short) 1, 1 << 20, 60_000, 5_000, 0, 6_000,
            300_000, Integer.MAX_VALUE, 4096), log, log, timer, timer.clock(), Runnable::run, creations::incrementAndGet);

    private static GroupError failure(CompletableFuture<?> future) {
        try {
            future.join();
            return GroupError.NONE;
        } catch (CompletionException e) {
            return GroupException.errorOf(e);
        }
    }

    private static JoinRequest joinRequest(String group) {
        return new JoinRequest(group, "", Optional.empty(), "client", "/127.0.0.1", 10_000, 10_000, "consumer",
                ShardHarness.range("t"), false, false);
    }

    @Test
    void aGroupBelongsToThePartitionKafkaWouldChoose() {
        assertThat(coordinator.partitionFor("orders")).isEqualTo(("orders".hashCode() & 0x7fffffff) % 4);
        assertThat(coordinator.partitionFor("x")).isEqualTo(("x".hashCode() & 0x7fffffff) % 4);
    }

    @Test
    void aGroupOfAPartitionThisNodeDoesNotLeadIsNotCoordinatedHere() {
        assertThat(coordinator.status(coordinator.partitionFor("g"))).isEqualTo(CoordinatorStatus.NOT_COORDINATOR);
        assertThat(failure(coordinator.describeGroup("g"))).isEqualTo(GroupError.NOT_COORDINATOR);
        coordinator.maybeCreateOffsetsTopic();
        assertThat(creations).hasValue(1);
    }

    @Test
    void whatWasCommittedIsThereAfterResigningAndLeadingAgain() {
        int partition = coordinator.partitionFor("g");
        coordinator.onBecomeLeader(partition, 0);
        assertThat(coordinator.status(partition)).isEqualTo(CoordinatorStatus.ACTIVE);
        JoinResult joined = coordinator.joinGroup(joinRequest("g")).join();
        assertThat(joined.error()).isEqualTo(GroupError.NONE);
        coordinator.syncGroup(new SyncRequest("g", 1, joined.memberId(), Optional.empty(), Optional.empty(), Optional.empty(),
                Map.of())).join();
        coordinator.leaveGroup("g", List.of(new MemberIdentity(joined.memberId(), Optional.empty()))).join();

        coordinator.onResign(partition);
        assertThat(failure(coordinator.describeGroup("g"))).isEqualTo(GroupError.NOT_COORDINATOR);
        coordinator.onBecomeLeader(partition, 1);
        assertThat(coordinator.describeGroup("g").join().state()).isEqualTo(GroupState.EMPTY);
        assertThat(coordinator.listGroups().join()).extracting(GroupListing::groupId).containsExactly("g");
        assertThat(coordinator.deleteGroups(List.of("g", "h")).join()).isEqualTo(Map.of("g", GroupError.NONE, "h",
                coordinator.partitionFor("h") == partition ? GroupError.GROUP_ID_NOT_FOUND : GroupError.NOT_COORDINATOR));
    }

    @Test
    void aRequestWaitingForItsJoinIsAnsweredWhenThePartitionMovesAway() {
        int partition = coordinator.partitionFor("g");
        coordinator.onBecomeLeader(partition, 0);
        JoinResult first = coordinator.joinGroup(joinRequest("g")).join();
        coordinator.syncGroup(new SyncRequest("g", 1, first.memberId(), Optional.empty(), Optional.empty(), Optional.empty(),
                Map.of())).join();
        CompletableFuture<JoinResult> waiting = coordinator.joinGroup(joinRequest("g"));
        assertThat(waiting).isNotDone();
        coordinator.close();
        assertThat(waiting.join().error()).isEqualTo(GroupError.NOT_COORDINATOR);
    }
}

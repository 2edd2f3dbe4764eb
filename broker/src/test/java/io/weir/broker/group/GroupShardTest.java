package io.weir.broker.group;

import static io.weir.broker.group.ShardHarness.GROUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.storage.TopicPartitionKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The classic membership state machine, driven request by request with a manual timer: no threads, no sockets. */
class GroupShardTest {
    private static final byte[] ALL = "all".getBytes(StandardCharsets.UTF_8);
    private static final byte[] HALF_A = "a".getBytes(StandardCharsets.UTF_8);
    private static final byte[] HALF_B = "b".getBytes(StandardCharsets.UTF_8);

    private final ShardHarness h = new ShardHarness();

    @Test
    void aNewMemberIsGivenAnIdThenJoinsSyncsAndTheGroupIsStable() {
        JoinResult first = h.shard.join(ShardHarness.joinRequest("", Optional.empty(), ShardHarness.range("orders"), true)).join();
        assertThat(first.error()).isEqualTo(GroupError.MEMBER_ID_REQUIRED);
        assertThat(first.memberId()).startsWith("client-");
        assertThat(h.state()).isEqualTo(GroupState.EMPTY);

        JoinResult joined = h.join(first.memberId()).join();
        assertThat(joined.error()).isEqualTo(GroupError.NONE);
        assertThat(joined.generationId()).isEqualTo(1);
        assertThat(joined.leaderId()).isEqualTo(first.memberId());
        assertThat(joined.protocolName()).contains("range");
        assertThat(joined.members()).extracting(JoinResult.JoinedMember::memberId).containsExactly(first.memberId());
        assertThat(h.state()).isEqualTo(GroupState.COMPLETING_REBALANCE);

        SyncResult synced = h.sync(first.memberId(), 1, Map.of(first.memberId(), ALL)).join();
        assertThat(synced.error()).isEqualTo(GroupError.NONE);
        assertThat(synced.assignment()).isEqualTo(ALL);
        assertThat(h.state()).isEqualTo(GroupState.STABLE);
        assertThat(h.log.appended()).singleElement().isInstanceOf(CoordinatorRecord.GroupMetadata.class);
    }

    @Test
    void aSecondMemberTriggersARebalanceThatTheFirstLearnsOfByHeartbeat() {
        JoinResult first = h.joinedAlone(ALL);
        CompletableFuture<JoinResult> second = h.join("");
        assertThat(second).isNotDone();
        assertThat(h.state()).isEqualTo(GroupState.PREPARING_REBALANCE);
        assertThat(h.heartbeat(first.memberId(), 1)).isEqualTo(GroupError.REBALANCE_IN_PROGRESS);
        assertThat(h.sync(first.memberId(), 1, Map.of()).join().error()).isEqualTo(GroupError.REBALANCE_IN_PROGRESS);

        JoinResult firstAgain = h.join(first.memberId()).join();
        JoinResult secondJoined = second.join();
        assertThat(firstAgain.generationId()).isEqualTo(2).isEqualTo(secondJoined.generationId());
        assertThat(firstAgain.members()).hasSize(2);
        assertThat(secondJoined.members()).isEmpty();

        CompletableFuture<SyncResult> follower = h.sync(secondJoined.memberId(), 2, Map.of());
        assertThat(follower).isNotDone();
        SyncResult leader = h.sync(first.memberId(), 2, Map.of(first.memberId(), HALF_A, secondJoined.memberId(), HALF_B)).join();
        assertThat(leader.assignment()).isEqualTo(HALF_A);
        assertThat(follower.join().assignment()).isEqualTo(HALF_B);
        assertThat(h.heartbeat(secondJoined.memberId(), 2)).isEqualTo(GroupError.NONE);
    }

    @Test
    void wrongGenerationsAndUnknownMembersAreRefused() {
        JoinResult first = h.joinedAlone(ALL);
        assertThat(h.heartbeat(first.memberId(), 7)).isEqualTo(GroupError.ILLEGAL_GENERATION);
        assertThat(h.heartbeat("stranger", 1)).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
        assertThat(h.sync(first.memberId(), 0, Map.of()).join().error()).isEqualTo(GroupError.ILLEGAL_GENERATION);
        assertThat(h.join("stranger").join().error()).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
        assertThatThrownBy(() -> h.commit(first.memberId(), 0, 5))
                .isInstanceOfSatisfying(GroupException.class, e -> assertThat(e.error()).isEqualTo(GroupError.ILLEGAL_GENERATION));
    }

    @Test
    void aMemberWhoseSessionExpiresIsRemovedAndTheOthersRebalance() {
        JoinResult first = h.joinedAlone(ALL);
        CompletableFuture<JoinResult> second = h.join("");
        h.join(first.memberId());
        String secondId = second.join().memberId();
        h.sync(first.memberId(), 2, Map.of()).join();
        h.sync(secondId, 2, Map.of()).join();
        assertThat(h.state()).isEqualTo(GroupState.STABLE);

        for (int i = 0; i < 4; i++) {
            h.timer.advance(ShardHarness.SESSION_MS / 2);
            assertThat(h.heartbeat(first.memberId(), 2)).isIn(GroupError.NONE, GroupError.REBALANCE_IN_PROGRESS);
        }
        assertThat(h.state()).isEqualTo(GroupState.PREPARING_REBALANCE);
        JoinResult alone = h.join(first.memberId()).join();
        assertThat(alone.generationId()).isEqualTo(3);
        assertThat(alone.members()).extracting(JoinResult.JoinedMember::memberId).containsExactly(first.memberId());
    }

    @Test
    void membersThatDoNotRejoinWithinTheRebalanceTimeoutAreRemoved() {
        JoinResult first = h.joinedAlone(ALL);
        CompletableFuture<JoinResult> second = h.join("");
        h.timer.advance(ShardHarness.REBALANCE_MS);
        JoinResult secondJoined = second.join();
        assertThat(secondJoined.generationId()).isEqualTo(2);
        assertThat(secondJoined.leaderId()).isEqualTo(secondJoined.memberId());
        assertThat(h.heartbeat(first.memberId(), 2)).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
    }

    @Test
    void membersThatDoNotSyncWithinTheRebalanceTimeoutAreRemoved() {
        JoinResult leader = h.joinedAlone(ALL);
        CompletableFuture<JoinResult> second = h.join("");
        h.join(leader.memberId());
        String secondId = second.join().memberId();
        CompletableFuture<SyncResult> waiting = h.sync(secondId, 2, Map.of());
        for (int elapsedMs = 0; elapsedMs < ShardHarness.REBALANCE_MS; elapsedMs += 5_000) {
            h.heartbeat(leader.memberId(), 2);
            h.heartbeat(secondId, 2);
            h.timer.advance(5_000);
        }
        assertThat(waiting.join().error()).isEqualTo(GroupError.REBALANCE_IN_PROGRESS);
        assertThat(h.state()).isEqualTo(GroupState.PREPARING_REBALANCE);
        assertThat(h.shard.describe(GROUP).members()).extracting(GroupDescription.Member::memberId).containsExactly(secondId);
    }

    @Test
    void aNewGroupWaitsTheInitialRebalanceDelayForMoreMembers() {
        ShardHarness delayed = new ShardHarness(ShardHarness.config(3_000, Integer.MAX_VALUE));
        CompletableFuture<JoinResult> first = delayed.join("");
        delayed.timer.advance(2_000);
        CompletableFuture<JoinResult> second = delayed.join("");
        delayed.timer.advance(1_000);
        assertThat(first).isNotDone();
        delayed.timer.advance(3_000);
        assertThat(first.join().generationId()).isEqualTo(1);
        assertThat(first.join().members().size() + second.join().members().size()).isEqualTo(2);
    }

    @Test
    void leaveRemovesMembersByIdOrInstanceIdAndReportsUnknownOnes() {
        JoinResult staticMember = h.joinStatic("", "instance-1").join();
        h.sync(staticMember.memberId(), 1, Map.of()).join();
        List<LeaveOutcome> outcomes = h.shard.leave(GROUP, List.of(new MemberIdentity("", Optional.of("instance-1")),
                new MemberIdentity("nobody", Optional.empty()), new MemberIdentity("", Optional.of("instance-9"))));
        assertThat(outcomes).extracting(LeaveOutcome::error)
                .containsExactly(GroupError.NONE, GroupError.UNKNOWN_MEMBER_ID, GroupError.UNKNOWN_MEMBER_ID);
        assertThat(h.state()).isEqualTo(GroupState.EMPTY);
        assertThat(h.shard.describe(GROUP).members()).isEmpty();
    }

    @Test
    void aStaticMemberRestartingGetsItsAssignmentBackWithoutARebalanceAndFencesItsOldSelf() {
        JoinResult old = h.joinStatic("", "instance-1").join();
        h.sync(old.memberId(), 1, Map.of(old.memberId(), ALL)).join();

        JoinResult restarted = h.joinStatic("", "instance-1").join();
        assertThat(restarted.error()).isEqualTo(GroupError.NONE);
        assertThat(restarted.memberId()).isNotEqualTo(old.memberId());
        assertThat(restarted.generationId()).isEqualTo(1);
        assertThat(restarted.skipAssignment()).isTrue();
        assertThat(h.state()).isEqualTo(GroupState.STABLE);
        assertThat(h.shard.sync(new SyncRequest(GROUP, 1, restarted.memberId(), Optional.of("instance-1"), Optional.empty(),
                Optional.empty(), Map.of())).join().assignment()).isEqualTo(ALL);
        assertThat(h.shard.heartbeat(GROUP, 1, new MemberIdentity(old.memberId(), Optional.of("instance-1"))))
                .isEqualTo(GroupError.FENCED_INSTANCE_ID);
    }

    @Test
    void aFullGroupRefusesNewMembers() {
        ShardHarness small = new ShardHarness(ShardHarness.config(0, 1));
        small.joinedAlone(ALL);
        assertThat(small.join("").join().error()).isEqualTo(GroupError.GROUP_MAX_SIZE_REACHED);
    }

    @Test
    void aMemberWithAnotherProtocolTypeOrNoCommonProtocolIsInconsistent() {
        h.joinedAlone(ALL);
        JoinRequest connect = new JoinRequest(GROUP, "", Optional.empty(), "c", "/h", 10_000, 10_000, "connect",
                ShardHarness.range("orders"), false, false);
        JoinRequest roundRobin = new JoinRequest(GROUP, "", Optional.empty(), "c", "/h", 10_000, 10_000, "consumer",
                List.of(new JoinRequest.Protocol("roundrobin", new byte[0])), false, false);
        assertThat(h.shard.join(connect).join().error()).isEqualTo(GroupError.INCONSISTENT_GROUP_PROTOCOL);
        assertThat(h.shard.join(roundRobin).join().error()).isEqualTo(GroupError.INCONSISTENT_GROUP_PROTOCOL);
    }

    @Test
    void theProtocolMostMembersPreferAmongThoseAllSupportWins() {
        JoinRequest.Protocol range = new JoinRequest.Protocol("range", new byte[0]);
        JoinRequest.Protocol sticky = new JoinRequest.Protocol("sticky", new byte[0]);
        CompletableFuture<JoinResult> a = h.shard.join(ShardHarness.joinRequest("", Optional.empty(), List.of(sticky, range), false));
        String aId = a.join().memberId();
        h.sync(aId, 1, Map.of()).join();
        CompletableFuture<JoinResult> b = h.shard.join(ShardHarness.joinRequest("", Optional.empty(), List.of(range, sticky), false));
        CompletableFuture<JoinResult> c = h.shard.join(ShardHarness.joinRequest("", Optional.empty(), List.of(range), false));
        h.shard.join(ShardHarness.joinRequest(aId, Optional.empty(), List.of(sticky, range), false));
        assertThat(b.join().protocolName()).contains("range");
        assertThat(c.join().generationId()).isEqualTo(2);
    }

    @Test
    void aFailedWriteOfTheAssignmentFailsTheSyncAndRestartsTheRebalance() {
        JoinResult joined = h.join("").join();
        h.log.failWith(GroupError.NOT_COORDINATOR);
        SyncResult synced = h.sync(joined.memberId(), 1, Map.of(joined.memberId(), ALL)).join();
        assertThat(synced.error()).isEqualTo(GroupError.NOT_COORDINATOR);
        assertThat(h.state()).isEqualTo(GroupState.PREPARING_REBALANCE);
    }

    @Test
    void theGroupAndItsOffsetsAreLoadedBackFromTheRecords() {
        JoinResult first = h.joinedAlone(ALL);
        assertThat(h.commit(first.memberId(), 1, 42).join()).containsValue(GroupError.NONE);

        GroupShard reloaded = h.newShard();
        GroupDescription description = reloaded.describe(GROUP);
        assertThat(description.state()).isEqualTo(GroupState.STABLE);
        assertThat(description.protocolName()).isEqualTo("range");
        assertThat(description.members()).singleElement().satisfies(m -> {
            assertThat(m.memberId()).isEqualTo(first.memberId());
            assertThat(m.assignment()).isEqualTo(ALL);
        });
        assertThat(reloaded.heartbeat(GROUP, 1, new MemberIdentity(first.memberId(), Optional.empty()))).isEqualTo(GroupError.NONE);
        assertThat(reloaded.fetchOffsets(GROUP, Optional.empty()))
                .containsOnlyKeys(new TopicPartitionKey("orders", 0))
                .hasValueSatisfying(new org.assertj.core.api.Condition<>(o -> o.orElseThrow().offset() == 42, "offset 42"));
    }

    @Test
    void aLoadedMemberThatNeverComesBackExpiresAfterItsSession() {
        JoinResult first = h.joinedAlone(ALL);
        GroupShard reloaded = h.newShard();
        h.timer.advance(ShardHarness.SESSION_MS);
        assertThat(reloaded.describe(GROUP).members()).isEmpty();
        assertThat(reloaded.heartbeat(GROUP, 1, new MemberIdentity(first.memberId(), Optional.empty())))
                .isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
    }
}

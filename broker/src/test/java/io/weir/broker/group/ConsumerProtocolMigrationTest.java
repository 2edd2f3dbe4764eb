package io.weir.broker.group;

import static io.weir.broker.group.ConsumerShard.orders;
import static io.weir.broker.group.ConsumerShard.ordersOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.storage.TopicPartitionKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Online migration between the classic and the consumer protocol (KIP-848,
 * {@code group.consumer.migration.policy}): upgrade, classic members served by the coordinator's
 * assignor, downgrade, and the records that replay each step. Manual timer, in-memory log.
 */
class ConsumerProtocolMigrationTest {
    private ConsumerShard c = new ConsumerShard();

    /** A ConsumerProtocol subscription v1 to "orders" owning {@code owned}. */
    static byte[] subscription(Set<Integer> owned) {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        byte[] orders = "orders".getBytes(StandardCharsets.UTF_8);
        buffer.putShort((short) 1).putInt(1).putShort((short) orders.length).put(orders).putInt(-1);
        buffer.putInt(owned.isEmpty() ? 0 : 1);
        if (!owned.isEmpty()) {
            buffer.putShort((short) orders.length).put(orders).putInt(owned.size());
            owned.forEach(buffer::putInt);
        }
        byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        return bytes;
    }

    private JoinResult classicJoin(String memberId, Set<Integer> owned) {
        JoinRequest request = ShardHarness.joinRequest(memberId, Optional.empty(),
                List.of(new JoinRequest.Protocol("range", subscription(owned)), new JoinRequest.Protocol("cooperative-sticky",
                        subscription(owned))), false);
        return c.h.shard.join(request, c.topics).join();
    }

    private static Set<Integer> ordersIn(byte[] assignment) {
        return new TreeSet<>(ConsumerProtocolBytes.readAssignment(assignment).getOrDefault("orders", Set.of()));
    }

    /** One classic member owning all six partitions of "orders", Stable at generation 1. */
    private String stableClassicMember() {
        JoinResult joined = classicJoin("", Set.of());
        byte[] all = ConsumerProtocolBytes.writeAssignment(Map.of("orders", new TreeSet<>(List.of(0, 1, 2, 3, 4, 5))));
        assertThat(c.h.sync(joined.memberId(), joined.generationId(), Map.of(joined.memberId(), all)).join().error())
                .isEqualTo(GroupError.NONE);
        assertThat(c.h.state()).isEqualTo(GroupState.STABLE);
        return joined.memberId();
    }

    /** The classic member rejoins and syncs until the coordinator has nothing more for it; its partitions. */
    private Set<Integer> settleClassic(String memberId, Set<Integer> owned) {
        Set<Integer> current = owned;
        for (int round = 0; round < 5; round++) {
            JoinResult joined = classicJoin(memberId, current);
            assertThat(joined.error()).isEqualTo(GroupError.NONE);
            assertThat(joined.leaderId()).as("the coordinator assigns").isEmpty();
            SyncResult synced = c.h.sync(memberId, joined.generationId(), Map.of()).join();
            assertThat(synced.error()).isEqualTo(GroupError.NONE);
            assertThat(synced.protocolName()).contains("range");
            current = ordersIn(synced.assignment());
            if (c.h.heartbeat(memberId, joined.generationId()) == GroupError.NONE) {
                return current;
            }
        }
        throw new AssertionError("the classic member did not settle");
    }

    @Test
    void aConsumerMemberUpgradesAClassicGroupAndThePartitionsAreSharedWithoutOverlap() {
        String classic = stableClassicMember();
        ConsumerHeartbeatResult joined = c.join("c");
        assertThat(joined.error()).isEqualTo(GroupError.NONE);
        assertThat(c.describe().groupEpoch()).isEqualTo(2);
        assertThat(c.member(classic).classic()).isTrue();
        assertThat(ordersOf(joined.assignment().orElseThrow())).as("all still held by the classic member").isEmpty();
        assertThat(c.h.heartbeat(classic, 1)).isEqualTo(GroupError.REBALANCE_IN_PROGRESS);

        Set<Integer> classicOwns = settleClassic(classic, Set.of(0, 1, 2, 3, 4, 5));
        ConsumerHeartbeatResult next = c.beat("c", joined.memberEpoch(), Assignment.EMPTY);
        Set<Integer> consumerOwns = ordersOf(next.assignment().orElseThrow());
        assertThat(classicOwns).hasSize(3);
        assertThat(consumerOwns).hasSize(3).doesNotContainAnyElementsOf(classicOwns);
        assertThat(c.describe().state()).isEqualTo(ConsumerGroupState.STABLE);

        GroupShard reloaded = c.h.newShard();
        ConsumerGroupDescription replayed = reloaded.describeConsumerGroup(ShardHarness.GROUP);
        assertThat(replayed.members()).hasSize(2).anySatisfy(m -> {
            assertThat(m.classic()).isTrue();
            assertThat(ordersOf(m.assignment())).isEqualTo(classicOwns);
        });
    }

    @Test
    void aNewClassicMemberJoinsAConsumerGroupAndCommitsWithItsGeneration() {
        c.join("c");
        c.beat("c", 1);
        JoinResult required = c.h.shard.join(ShardHarness.joinRequest("", Optional.empty(), List.of(new JoinRequest.Protocol("range",
                subscription(Set.of()))), true), c.topics).join();
        assertThat(required.error()).isEqualTo(GroupError.MEMBER_ID_REQUIRED);
        Set<Integer> classicOwns = settleClassicFromScratch(required.memberId());
        Set<Integer> consumerOwns = ordersOf(c.beat("c", c.member("c").memberEpoch(), orders(0, 1, 2, 3, 4, 5)).assignment()
                .orElse(c.member("c").assignment()));
        assertThat(classicOwns).hasSize(3).doesNotContainAnyElementsOf(consumerOwns);
        int generation = c.member(required.memberId()).memberEpoch();
        assertThat(commit(required.memberId(), generation)).containsValue(GroupError.NONE);
        assertThat(errorOf(() -> commit(required.memberId(), generation - 1))).isEqualTo(GroupError.ILLEGAL_GENERATION);
    }

    /** Both members heartbeat in turn (the consumer one reporting what it owns) until the classic one is told nothing new. */
    private Set<Integer> settleClassicFromScratch(String memberId) {
        Set<Integer> owned = Set.of();
        for (int round = 0; round < 10; round++) {
            c.beat("c", c.member("c").memberEpoch(), c.member("c").assignment());
            JoinResult joined = classicJoin(memberId, owned);
            assertThat(joined.error()).isEqualTo(GroupError.NONE);
            owned = ordersIn(c.h.sync(memberId, joined.generationId(), Map.of()).join().assignment());
            if (c.h.heartbeat(memberId, joined.generationId()) == GroupError.NONE) {
                return owned;
            }
        }
        throw new AssertionError("the classic member did not settle");
    }

    private Map<TopicPartitionKey, GroupError> commit(String memberId, int generation) {
        return c.h.shard.commitOffsets(new OffsetCommitRequest(ShardHarness.GROUP, generation, memberId, Optional.empty(),
                OptionalLong.empty(), true, Map.of(new TopicPartitionKey("orders", 0), new OffsetCommitRequest.OffsetToCommit(1, 0, ""))))
                .join();
    }

    private static GroupError errorOf(Runnable call) {
        try {
            call.run();
            return GroupError.NONE;
        } catch (GroupException e) {
            return e.error();
        }
    }

    @Test
    void theLastConsumerMemberLeavingDowngradesTheGroupWhichRebalancesAsClassic() {
        String classic = stableClassicMember();
        ConsumerHeartbeatResult joined = c.join("c");
        Set<Integer> classicOwns = settleClassic(classic, Set.of(0, 1, 2, 3, 4, 5));
        c.beat("c", joined.memberEpoch(), Assignment.EMPTY);
        int epoch = c.describe().groupEpoch();

        assertThat(c.beat("c", -1).error()).isEqualTo(GroupError.NONE);
        assertThat(c.describe().error()).as("no longer a consumer group").isEqualTo(GroupError.GROUP_ID_NOT_FOUND);
        assertThat(c.h.state()).isEqualTo(GroupState.PREPARING_REBALANCE);
        assertThat(c.h.heartbeat(classic, epoch)).isEqualTo(GroupError.REBALANCE_IN_PROGRESS);
        assertThat(c.h.newShard().describe(ShardHarness.GROUP).members()).as("replayed as classic").singleElement()
                .satisfies(m -> assertThat(ordersIn(m.assignment())).isEqualTo(classicOwns));

        JoinResult rejoined = classicJoin(classic, classicOwns);
        assertThat(rejoined.error()).isEqualTo(GroupError.NONE);
        assertThat(rejoined.leaderId()).as("a classic leader again").isEqualTo(classic);
        assertThat(rejoined.generationId()).isEqualTo(epoch + 1);
    }

    @Test
    void aClassicMemberBehindTheGroupEpochAtADowngradeIsLeftOutAndJoinsAgainAsNew() {
        String classic = stableClassicMember();
        c.join("c");
        c.beat("c", -1);
        assertThat(c.h.state()).as("nobody current: Empty").isEqualTo(GroupState.EMPTY);
        assertThat(c.h.heartbeat(classic, 1)).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
        JoinResult fresh = classicJoin("", Set.of());
        assertThat(fresh.error()).isEqualTo(GroupError.NONE);
        assertThat(fresh.leaderId()).isEqualTo(fresh.memberId());
    }

    @Test
    void aClassicMemberLeavingAnUpgradedGroupLeavesAConsumerGroup() {
        String classic = stableClassicMember();
        c.join("c");
        c.h.shard.leave(ShardHarness.GROUP, List.of(new MemberIdentity(classic, Optional.empty())));
        assertThat(c.describe().members()).extracting(ConsumerGroupDescription.Member::memberId).containsExactly("c");
        ConsumerHeartbeatResult alone = c.beat("c", c.member("c").memberEpoch(), Assignment.EMPTY);
        assertThat(ordersOf(alone.assignment().orElseThrow())).hasSize(6);
    }

    @Test
    void aSilentClassicMemberIsRemovedAfterItsOwnSessionTimeout() {
        String classic = stableClassicMember();
        c.join("c");
        for (int i = 0; i < 5; i++) {
            c.h.timer.advance(2_500);
            c.beat("c", c.member("c").memberEpoch());
        }
        assertThat(c.describe().members()).extracting(ConsumerGroupDescription.Member::memberId).containsExactly("c")
                .doesNotContain(classic);
    }

    @Test
    void withUpgradeOnlyTheGroupStaysAConsumerGroupWhenTheConsumerMemberLeaves() {
        c = ConsumerShard.withPolicy(MigrationPolicy.UPGRADE);
        String classic = stableClassicMember();
        c.join("c");
        c.beat("c", -1);
        assertThat(c.describe().members()).extracting(ConsumerGroupDescription.Member::memberId).containsExactly(classic);
        assertThat(c.h.heartbeat(classic, 1)).isEqualTo(GroupError.REBALANCE_IN_PROGRESS);
        assertThat(settleClassic(classic, Set.of(0, 1, 2, 3, 4, 5))).hasSize(6);
    }

    @Test
    void withMigrationDisabledOrDowngradeOnlyAClassicGroupWithMembersRefusesConsumerMembers() {
        for (MigrationPolicy policy : List.of(MigrationPolicy.DISABLED, MigrationPolicy.DOWNGRADE)) {
            c = ConsumerShard.withPolicy(policy);
            stableClassicMember();
            assertThat(c.join("c").error()).isEqualTo(GroupError.GROUP_ID_NOT_FOUND);
            assertThat(c.h.state()).isEqualTo(GroupState.STABLE);
        }
    }
}

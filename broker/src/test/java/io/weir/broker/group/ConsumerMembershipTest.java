package io.weir.broker.group;

import static io.weir.broker.group.ConsumerShard.orders;
import static io.weir.broker.group.ConsumerShard.ordersOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.storage.TopicPartitionKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The consumer protocol's state machine (KIP-848), heartbeat by heartbeat with a manual timer: no threads, no sockets. */
class ConsumerMembershipTest {
    private final ConsumerShard c = new ConsumerShard();

    /** A and B joined one after the other and reconciled: three partitions each, epoch 2, Stable. */
    private void twoStableMembers() {
        c.join("a");
        c.join("b");
        c.beat("a", 1);
        c.beat("a", 1, orders(0, 1, 2));
        c.beat("b", 2);
        assertThat(c.describe().state()).isEqualTo(ConsumerGroupState.STABLE);
    }

    @Test
    void theFirstMemberGetsEveryPartitionAtEpochOne() {
        ConsumerHeartbeatResult joined = c.join("a");
        assertThat(joined.error()).isEqualTo(GroupError.NONE);
        assertThat(joined.memberId()).isEqualTo("a");
        assertThat(joined.memberEpoch()).isEqualTo(1);
        assertThat(joined.assignment()).contains(orders(0, 1, 2, 3, 4, 5));
        assertThat(c.describe().state()).isEqualTo(ConsumerGroupState.STABLE);
        assertThat(c.describe().groupEpoch()).isEqualTo(1);
        assertThat(c.describe().assignorName()).isEqualTo("uniform");
        assertThat(c.beat("a", 1).assignment()).as("unchanged: not sent again").isEmpty();
    }

    @Test
    void aV0ClientWithoutMemberIdIsGivenOne() {
        assertThat(c.join("").memberId()).isNotEmpty();
    }

    @Test
    void partitionsMoveOnlyAfterTheirOwnerRevokedThem() {
        c.join("a");
        ConsumerHeartbeatResult b = c.join("b");
        assertThat(b.memberEpoch()).isEqualTo(2);
        assertThat(b.assignment()).contains(Assignment.EMPTY);
        assertThat(c.member("b").targetAssignment()).isEqualTo(orders(3, 4, 5));
        assertThat(c.describe().state()).isEqualTo(ConsumerGroupState.RECONCILING);

        ConsumerHeartbeatResult revoking = c.beat("a", 1);
        assertThat(revoking.memberEpoch()).as("epoch kept until revoked").isEqualTo(1);
        assertThat(revoking.assignment()).contains(orders(0, 1, 2));
        assertThat(revoking.heartbeatIntervalMs()).isEqualTo(250);
        assertThat(ordersOf(c.beat("b", 2).assignment().orElse(Assignment.EMPTY))).isEmpty();
        assertThat(c.beat("a", 1, orders(0, 1, 2, 3)).memberEpoch()).as("still owns 3").isEqualTo(1);

        assertThat(c.beat("a", 1, orders(0, 1, 2)).memberEpoch()).isEqualTo(2);
        ConsumerHeartbeatResult released = c.beat("b", 2);
        assertThat(released.assignment()).contains(orders(3, 4, 5));
        assertThat(c.describe().state()).isEqualTo(ConsumerGroupState.STABLE);
    }

    @Test
    void wrongEpochsAndUnknownMembersAreFenced() {
        twoStableMembers();
        assertThat(c.beat("a", 3).error()).isEqualTo(GroupError.FENCED_MEMBER_EPOCH);
        assertThat(c.beat("a", 0 + 1, orders(0, 1, 2, 3)).error()).isEqualTo(GroupError.FENCED_MEMBER_EPOCH);
        assertThat(c.beat("a", 1, orders(0, 1)).error()).as("previous epoch, owning a subset: a lost answer").isEqualTo(GroupError.NONE);
        assertThat(c.beat("stranger", 2).error()).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aMemberThatStopsHeartbeatingIsRemovedAfterItsSession() {
        twoStableMembers();
        c.h.timer.advance(30_000);
        c.beat("a", 2);
        c.h.timer.advance(20_000);
        assertThat(c.describe().members()).extracting(ConsumerGroupDescription.Member::memberId).containsExactly("a");
        ConsumerHeartbeatResult a = c.beat("a", 2);
        assertThat(a.memberEpoch()).isEqualTo(3);
        assertThat(a.assignment()).contains(orders(0, 1, 2, 3, 4, 5));
    }

    @Test
    void aMemberThatDoesNotRevokeWithinItsRebalanceTimeoutIsRemoved() {
        c.join("a");
        c.join("b");
        c.beat("a", 1);
        c.h.timer.advance(ConsumerShard.REBALANCE_MS / 2);
        c.beat("b", 2);
        c.h.timer.advance(ConsumerShard.REBALANCE_MS / 2 + 1);
        assertThat(c.describe().members()).extracting(ConsumerGroupDescription.Member::memberId).containsExactly("b");
        ConsumerHeartbeatResult b = c.beat("b", 2);
        assertThat(b.memberEpoch()).isEqualTo(3);
        assertThat(b.assignment()).contains(orders(0, 1, 2, 3, 4, 5));
        assertThat(c.beat("a", 1).error()).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aLeavingMemberHandsItsPartitionsToTheOthers() {
        twoStableMembers();
        ConsumerHeartbeatResult left = c.beat("a", -1);
        assertThat(left.memberEpoch()).isEqualTo(-1);
        assertThat(c.beat("b", 2).assignment()).contains(orders(0, 1, 2, 3, 4, 5));
        c.beat("b", -1);
        assertThat(c.describe().state()).isEqualTo(ConsumerGroupState.EMPTY);
    }

    @Test
    void aStaticMemberThatLeavesForAWhileGetsItsPartitionsBackWithoutARebalance() {
        c.joinStatic("a", "instance-a");
        c.join("b");
        c.beat("a", 1);
        c.beat("a", 1, orders(0, 1, 2));
        c.beat("b", 2);
        assertThat(c.beat("a", -2).memberEpoch()).isEqualTo(-2);
        assertThat(c.describe().groupEpoch()).isEqualTo(2);

        ConsumerHeartbeatResult back = c.joinStatic("a2", "instance-a");
        assertThat(back.memberEpoch()).isEqualTo(2);
        assertThat(back.assignment()).contains(orders(0, 1, 2));
        assertThat(c.describe().groupEpoch()).as("no rebalance").isEqualTo(2);
        assertThat(c.joinStatic("a3", "instance-a").error()).isEqualTo(GroupError.UNRELEASED_INSTANCE_ID);
    }

    @Test
    void aStaticMemberAwayLongerThanItsSessionIsRemoved() {
        c.joinStatic("a", "instance-a");
        c.beat("a", -2);
        c.h.timer.advance(45_001);
        assertThat(c.describe().members()).as("an Empty group without offsets is also deleted by the retention check").isEmpty();
    }

    @Test
    void moreSubscribedPartitionsBumpTheEpoch() {
        c.join("a");
        c.topics = ConsumerShard.image(8, 0);
        ConsumerHeartbeatResult grown = c.beat("a", 1);
        assertThat(grown.memberEpoch()).isEqualTo(2);
        assertThat(grown.assignment()).contains(orders(0, 1, 2, 3, 4, 5, 6, 7));
    }

    @Test
    void badRequestsAreRefusedWithKafkasErrors() {
        ConsumerHeartbeat regex = new ConsumerHeartbeat(ShardHarness.GROUP, "a", 0, Optional.empty(), Optional.empty(), 1000,
                Optional.empty(), Optional.of("ord("), Optional.empty(), Optional.empty(), "c", "h");
        assertThat(c.send(regex).error()).isEqualTo(GroupError.INVALID_REGULAR_EXPRESSION);
        assertThat(c.send(regex).errorMessage()).hasValueSatisfying(m -> assertThat(m).contains("SubscribedTopicRegex"));
        ConsumerHeartbeat nothing = new ConsumerHeartbeat(ShardHarness.GROUP, "a", 0, Optional.empty(), Optional.empty(), 1000,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "c", "h");
        assertThat(c.send(nothing).error()).isEqualTo(GroupError.INVALID_REQUEST);
        ConsumerHeartbeat assignor = new ConsumerHeartbeat(ShardHarness.GROUP, "a", 0, Optional.empty(), Optional.empty(), 1000,
                Optional.of(List.of("orders")), Optional.empty(), Optional.of("sticky"), Optional.empty(), "c", "h");
        assertThat(c.send(assignor).error()).isEqualTo(GroupError.UNSUPPORTED_ASSIGNOR);
        assertThat(c.beat("a", 1).error()).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
    }

    @Test
    void theGroupSizeIsBounded() {
        ShardHarness small = new ShardHarness(ShardHarness.config(0, Integer.MAX_VALUE)
                .withConsumer(new ConsumerGroupConfig(45_000, 5_000, 250, 1, List.of("range", "uniform"))));
        ConsumerHeartbeat join = ConsumerShard.request("a", 0, Optional.empty(), Optional.of(List.of("orders")), Optional.empty());
        assertThat(small.shard.consumerHeartbeat(join, c.topics).join().error()).isEqualTo(GroupError.NONE);
        assertThat(small.shard.describeConsumerGroup(ShardHarness.GROUP).assignorName()).isEqualTo("range");
        ConsumerHeartbeat second = ConsumerShard.request("b", 0, Optional.empty(), Optional.of(List.of("orders")), Optional.empty());
        assertThat(small.shard.consumerHeartbeat(second, c.topics).join().error()).isEqualTo(GroupError.GROUP_MAX_SIZE_REACHED);
    }

    @Test
    void theGroupIsRebuiltFromItsRecords() {
        c.join("a");
        c.join("b");
        c.beat("a", 1);
        ConsumerGroupDescription before = c.describe();
        GroupShard reloaded = c.h.newShard();
        assertThat(reloaded.describeConsumerGroup(ShardHarness.GROUP)).isEqualTo(before);
        assertThat(reloaded.list()).singleElement().satisfies(listing -> {
            assertThat(listing.type()).isEqualTo("consumer");
            assertThat(listing.state()).isEqualTo("Reconciling");
        });
    }

    @Test
    void commitsAreCheckedAgainstTheMemberEpoch() {
        twoStableMembers();
        assertThat(commit("a", 2, 0).join()).containsValue(GroupError.NONE);
        assertThat(commit("a", 1, 0).join()).as("older epoch, partition still assigned").containsValue(GroupError.NONE);
        assertThatThrownBy(() -> commit("a", 1, 5)).isInstanceOfSatisfying(GroupException.class,
                e -> assertThat(e.error()).isEqualTo(GroupError.STALE_MEMBER_EPOCH));
        assertThatThrownBy(() -> commit("a", 3, 0)).isInstanceOfSatisfying(GroupException.class,
                e -> assertThat(e.error()).isEqualTo(GroupError.STALE_MEMBER_EPOCH));
        assertThatThrownBy(() -> commit("z", 2, 0)).isInstanceOfSatisfying(GroupException.class,
                e -> assertThat(e.error()).isEqualTo(GroupError.UNKNOWN_MEMBER_ID));
        GroupShard reloaded = c.h.newShard();
        assertThat(reloaded.list()).as("offsets make no classic twin").singleElement()
                .satisfies(listing -> assertThat(listing.type()).isEqualTo("consumer"));
    }

    private java.util.concurrent.CompletableFuture<Map<TopicPartitionKey, GroupError>> commit(String member, int epoch, int partition) {
        return c.h.shard.commitOffsets(new OffsetCommitRequest(ShardHarness.GROUP, epoch, member, Optional.empty(), OptionalLong.empty(),
                true, Map.of(new TopicPartitionKey("orders", partition), new OffsetCommitRequest.OffsetToCommit(10, 0, ""))));
    }

    @Test
    void withMigrationDisabledAGroupIsOneProtocolAtATime() {
        ConsumerShard c = ConsumerShard.withPolicy(MigrationPolicy.DISABLED);
        c.join("a");
        assertThat(c.h.join("").join().error()).isEqualTo(GroupError.INCONSISTENT_GROUP_PROTOCOL);
        c.beat("a", -1);
        assertThat(c.h.join("").join().error()).as("an Empty consumer group becomes classic").isEqualTo(GroupError.NONE);
        assertThat(c.join("b").error()).isEqualTo(GroupError.GROUP_ID_NOT_FOUND);
    }
}

package io.weir.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.storage.TopicPartitionKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Committed offsets of consumer-protocol groups: expiry once the group is Empty and OffsetDelete
 * (KIP-848). Retention 60 s, checked every 5 s (the harness's settings); manual timer.
 */
class ConsumerGroupOffsetsTest {
    private static final TopicPartitionKey ORDERS_0 = new TopicPartitionKey("orders", 0);
    private static final TopicPartitionKey PAYMENTS_0 = new TopicPartitionKey("payments", 0);

    private final ConsumerShard c = new ConsumerShard();

    private Map<TopicPartitionKey, GroupError> commit(String memberId, int epoch, TopicPartitionKey partition) {
        return c.h.shard.commitOffsets(new OffsetCommitRequest(ShardHarness.GROUP, epoch, memberId, Optional.empty(),
                OptionalLong.empty(), true, Map.of(partition, new OffsetCommitRequest.OffsetToCommit(10, 0, "")))).join();
    }

    private Map<TopicPartitionKey, Optional<CommittedOffset>> offsets(GroupShard shard) {
        return shard.fetchOffsets(ShardHarness.GROUP, Optional.empty());
    }

    @Test
    void offsetsExpireARetentionAfterTheGroupBecameEmptyAndTheGroupGoesWithThem() {
        c.join("a");
        assertThat(commit("a", 1, ORDERS_0)).containsValue(GroupError.NONE);
        for (int i = 0; i < 30; i++) {
            c.h.timer.advance(5_000);
            c.beat("a", 1);
        }
        assertThat(offsets(c.h.shard)).as("a group with members keeps its offsets").containsOnlyKeys(ORDERS_0);
        c.beat("a", -1);
        c.h.timer.advance(55_000);
        assertThat(offsets(c.h.shard)).as("Empty for less than the retention").containsOnlyKeys(ORDERS_0);
        c.h.timer.advance(10_000);
        assertThat(offsets(c.h.shard)).isEmpty();
        assertThat(c.h.shard.list()).isEmpty();
        assertThat(c.h.newShard().list()).as("the expiry is in the log").isEmpty();
    }

    @Test
    void offsetDeleteKeepsTheOffsetsOfSubscribedTopics() {
        c.topics = ConsumerShard.image(6, 2);
        c.join("a");
        commit("a", 1, ORDERS_0);
        commit("a", 1, PAYMENTS_0);
        Map<TopicPartitionKey, GroupError> deleted = c.h.shard.deleteOffsets(ShardHarness.GROUP, List.of(ORDERS_0, PAYMENTS_0)).join();
        assertThat(deleted).containsEntry(ORDERS_0, GroupError.GROUP_SUBSCRIBED_TO_TOPIC).containsEntry(PAYMENTS_0, GroupError.NONE);
        assertThat(offsets(c.h.shard)).containsOnlyKeys(ORDERS_0);
        assertThat(offsets(c.h.newShard())).containsOnlyKeys(ORDERS_0);
    }

    @Test
    void offsetDeleteOnAnEmptyConsumerGroupDeletesAnything() {
        c.join("a");
        commit("a", 1, ORDERS_0);
        c.beat("a", -1);
        assertThat(c.h.shard.deleteOffsets(ShardHarness.GROUP, List.of(ORDERS_0)).join()).containsEntry(ORDERS_0, GroupError.NONE);
        assertThat(offsets(c.h.shard)).isEmpty();
        assertThat(c.describe().error()).as("the group itself stays").isEqualTo(GroupError.NONE);
    }

    @Test
    void transactionalCommitsAreCheckedAgainstTheMemberEpochAndMakeNoClassicGroup() {
        c.join("a");
        OffsetCommitRequest atEpoch = new OffsetCommitRequest(ShardHarness.GROUP, 1, "a", Optional.empty(), OptionalLong.empty(), true,
                Map.of(ORDERS_0, new OffsetCommitRequest.OffsetToCommit(7, 0, "")));
        assertThat(c.h.shard.commitTransactionalOffsets(42L, atEpoch).join()).containsValue(GroupError.NONE);
        OffsetCommitRequest stale = new OffsetCommitRequest(ShardHarness.GROUP, 0, "a", Optional.empty(), OptionalLong.empty(), true,
                Map.of(ORDERS_0, new OffsetCommitRequest.OffsetToCommit(8, 0, "")));
        assertThat(errorOf(() -> c.h.shard.commitTransactionalOffsets(43L, stale))).isEqualTo(GroupError.ILLEGAL_GENERATION);
        OffsetCommitRequest stranger = new OffsetCommitRequest(ShardHarness.GROUP, 1, "z", Optional.empty(), OptionalLong.empty(),
                true, Map.of(ORDERS_0, new OffsetCommitRequest.OffsetToCommit(8, 0, "")));
        assertThat(errorOf(() -> c.h.shard.commitTransactionalOffsets(43L, stranger))).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
        c.h.shard.completeTransaction(42L, true).join();
        assertThat(offsets(c.h.shard)).containsOnlyKeys(ORDERS_0);
        assertThat(c.h.shard.list()).singleElement().satisfies(listing -> assertThat(listing.type()).isEqualTo("consumer"));
        assertThat(c.h.newShard().list()).singleElement().satisfies(listing -> assertThat(listing.type()).isEqualTo("consumer"));
    }

    @Test
    void afterARestartOffsetDeleteStillKnowsTheTopicsARegexMatched() {
        c.send(new ConsumerHeartbeat(ShardHarness.GROUP, "a", 0, Optional.empty(), Optional.empty(), ConsumerShard.REBALANCE_MS,
                Optional.empty(), Optional.of("ord.*"), Optional.empty(), Optional.of(Assignment.EMPTY), "client", "/127.0.0.1"));
        commit("a", 1, ORDERS_0);
        GroupShard reloaded = c.h.newShard();
        assertThat(reloaded.deleteOffsets(ShardHarness.GROUP, List.of(ORDERS_0)).join())
                .containsEntry(ORDERS_0, GroupError.GROUP_SUBSCRIBED_TO_TOPIC);
    }

    private static GroupError errorOf(Runnable call) {
        try {
            call.run();
            return GroupError.NONE;
        } catch (GroupException e) {
            return e.error();
        }
    }
}

package io.weir.broker.group;

import static io.weir.broker.group.ShardHarness.GROUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.storage.TopicPartitionKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Committed offsets: commit rules, fetch, delete, expiry and group deletion, replayed from records. */
class OffsetStoreTest {
    private static final TopicPartitionKey ORDERS_0 = new TopicPartitionKey("orders", 0);
    private static final TopicPartitionKey PAYMENTS_0 = new TopicPartitionKey("payments", 0);

    private final ShardHarness h = new ShardHarness();

    private Map<TopicPartitionKey, GroupError> simpleCommit(String group, TopicPartitionKey partition, long offset, String metadata) {
        return h.shard.commitOffsets(new OffsetCommitRequest(group, -1, "", Optional.empty(), OptionalLong.empty(), true,
                Map.of(partition, new OffsetCommitRequest.OffsetToCommit(offset, -1, metadata)))).join();
    }

    private static GroupError errorOf(Runnable action) {
        try {
            action.run();
            return GroupError.NONE;
        } catch (GroupException e) {
            return e.error();
        }
    }

    @Test
    void aSimpleConsumerCommitsToAGroupThatDoesNotExistYet() {
        assertThat(simpleCommit(GROUP, ORDERS_0, 17, "x")).containsEntry(ORDERS_0, GroupError.NONE);
        Map<TopicPartitionKey, Optional<CommittedOffset>> fetched = h.shard.fetchOffsets(GROUP, Optional.of(List.of(ORDERS_0, PAYMENTS_0)));
        assertThat(fetched.get(ORDERS_0)).hasValueSatisfying(o -> {
            assertThat(o.offset()).isEqualTo(17);
            assertThat(o.metadata()).isEqualTo("x");
        });
        assertThat(fetched.get(PAYMENTS_0)).isEmpty();
        assertThat(h.shard.list()).singleElement().satisfies(g -> {
            assertThat(g.protocolType()).isEmpty();
            assertThat(g.state()).isEqualTo(GroupState.EMPTY.wireName());
        });
    }

    @Test
    void aCommitWithAGenerationToAMissingGroupIsRefusedByVersion() {
        assertThat(errorOf(() -> h.commit("m", 3, 1))).isEqualTo(GroupError.GROUP_ID_NOT_FOUND);
        assertThat(errorOf(() -> h.shard.commitOffsets(new OffsetCommitRequest(GROUP, 3, "m", Optional.empty(), OptionalLong.empty(),
                false, Map.of())))).isEqualTo(GroupError.ILLEGAL_GENERATION);
    }

    @Test
    void tooLargeMetadataFailsOnlyItsPartition() {
        Map<TopicPartitionKey, GroupError> results = h.shard.commitOffsets(new OffsetCommitRequest(GROUP, -1, "", Optional.empty(),
                OptionalLong.empty(), true, Map.of(ORDERS_0, new OffsetCommitRequest.OffsetToCommit(1, -1, "x".repeat(17)),
                        PAYMENTS_0, new OffsetCommitRequest.OffsetToCommit(2, -1, "")))).join();
        assertThat(results).containsEntry(ORDERS_0, GroupError.OFFSET_METADATA_TOO_LARGE).containsEntry(PAYMENTS_0, GroupError.NONE);
    }

    @Test
    void anActiveGroupTakesCommitsOnlyFromItsMembersAtTheirGeneration() {
        JoinResult member = h.joinedAlone(new byte[0]);
        assertThat(errorOf(() -> simpleCommit(GROUP, ORDERS_0, 1, ""))).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
        assertThat(errorOf(() -> h.commit(member.memberId(), 2, 1))).isEqualTo(GroupError.ILLEGAL_GENERATION);
        assertThat(h.commit(member.memberId(), 1, 9).join()).containsEntry(ORDERS_0, GroupError.NONE);
    }

    @Test
    void aFailedWriteLeavesNoOffsetBehind() {
        h.log.failWith(GroupError.COORDINATOR_NOT_AVAILABLE);
        assertThat(simpleCommit(GROUP, ORDERS_0, 5, "")).containsEntry(ORDERS_0, GroupError.COORDINATOR_NOT_AVAILABLE);
        assertThat(h.shard.fetchOffsets(GROUP, Optional.empty())).isEmpty();
    }

    @Test
    void offsetsOfAnEmptyGroupExpireAfterTheRetentionAndTheGroupGoesWithThem() {
        simpleCommit(GROUP, ORDERS_0, 5, "");
        h.timer.advance(30_000);
        simpleCommit(GROUP, PAYMENTS_0, 6, "");
        h.timer.advance(30_000);
        assertThat(h.shard.fetchOffsets(GROUP, Optional.empty())).containsOnlyKeys(PAYMENTS_0);
        h.timer.advance(30_000);
        assertThat(h.shard.fetchOffsets(GROUP, Optional.empty())).isEmpty();
        assertThat(h.shard.list()).isEmpty();
        assertThat(h.newShard().list()).isEmpty();
    }

    @Test
    void offsetsOfAnActiveGroupDoNotExpire() {
        JoinResult member = h.joinedAlone(new byte[0]);
        h.commit(member.memberId(), 1, 9).join();
        for (int i = 0; i < 20; i++) {
            h.timer.advance(5_000);
            h.heartbeat(member.memberId(), 1);
        }
        assertThat(h.shard.fetchOffsets(GROUP, Optional.empty())).containsOnlyKeys(ORDERS_0);
    }

    @Test
    void offsetsOfSubscribedTopicsCannotBeDeletedWhileTheGroupIsActive() {
        JoinResult member = h.joinedAlone(new byte[0]);
        h.commit(member.memberId(), 1, 9).join();
        h.shard.commitOffsets(new OffsetCommitRequest(GROUP, 1, member.memberId(), Optional.empty(), OptionalLong.empty(), true,
                Map.of(PAYMENTS_0, new OffsetCommitRequest.OffsetToCommit(4, -1, "")))).join();
        Map<TopicPartitionKey, GroupError> deleted = h.shard.deleteOffsets(GROUP, List.of(ORDERS_0, PAYMENTS_0)).join();
        assertThat(deleted).containsEntry(ORDERS_0, GroupError.GROUP_SUBSCRIBED_TO_TOPIC).containsEntry(PAYMENTS_0, GroupError.NONE);
        assertThat(h.shard.fetchOffsets(GROUP, Optional.empty())).containsOnlyKeys(ORDERS_0);
        assertThat(h.newShard().fetchOffsets(GROUP, Optional.empty())).containsOnlyKeys(ORDERS_0);
        assertThat(errorOf(() -> h.shard.deleteOffsets("nobody", List.of(ORDERS_0)))).isEqualTo(GroupError.GROUP_ID_NOT_FOUND);
    }

    @Test
    void onlyEmptyGroupsAreDeletedAndTheirOffsetsWithThem() {
        JoinResult member = h.joinedAlone(new byte[0]);
        simpleCommit("simple", ORDERS_0, 3, "");
        Map<String, GroupError> results = h.shard.deleteGroups(List.of(GROUP, "simple", "missing")).join();
        assertThat(results).containsEntry(GROUP, GroupError.NON_EMPTY_GROUP).containsEntry("simple", GroupError.NONE)
                .containsEntry("missing", GroupError.GROUP_ID_NOT_FOUND);
        assertThat(h.shard.fetchOffsets("simple", Optional.empty())).isEmpty();
        GroupShard reloaded = h.newShard();
        assertThat(reloaded.list()).extracting(GroupListing::groupId).containsExactly(GROUP);
        assertThat(reloaded.describe("simple").error()).isEqualTo(GroupError.GROUP_ID_NOT_FOUND);
        assertThat(member.generationId()).isEqualTo(1);
    }
}

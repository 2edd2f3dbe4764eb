package io.weir.broker.group;

import static org.assertj.core.api.Assertions.assertThat;
import static io.weir.broker.group.ShardHarness.GROUP;

import io.weir.storage.TopicPartitionKey;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** TxnOffsetCommit: offsets wait for their producer's transaction marker, then are committed or dropped. */
class TxnOffsetCommitTest {
    private static final TopicPartitionKey ORDERS_0 = new TopicPartitionKey("orders", 0);
    private static final long PRODUCER = 4000;

    private final ShardHarness h = new ShardHarness();

    private Map<TopicPartitionKey, GroupError> txnCommit(long producerId, long offset) {
        return h.shard.commitTransactionalOffsets(producerId, new OffsetCommitRequest(GROUP, -1, "", Optional.empty(),
                OptionalLong.empty(), false, Map.of(ORDERS_0, new OffsetCommitRequest.OffsetToCommit(offset, 3, "txn")))).join();
    }

    private Optional<CommittedOffset> committed() {
        return h.shard.fetchOffsets(GROUP, Optional.empty()).getOrDefault(ORDERS_0, Optional.empty());
    }

    @Test
    void pendingOffsetsAreInvisibleUntilTheCommitMarkerThenWritten() {
        assertThat(txnCommit(PRODUCER, 42)).containsEntry(ORDERS_0, GroupError.NONE);
        assertThat(committed()).isEmpty();
        assertThat(h.log.appended()).last().isInstanceOf(CoordinatorRecord.PendingTxnOffset.class);

        h.shard.completeTransaction(PRODUCER, true).join();

        assertThat(committed()).hasValueSatisfying(o -> assertThat(o.offset()).isEqualTo(42));
        assertThat(h.log.appended()).last().isInstanceOf(CoordinatorRecord.OffsetCommit.class);
    }

    @Test
    void pendingOffsetsSurviveAReloadAndCompleteAfterIt() {
        txnCommit(PRODUCER, 42);
        GroupShard reloaded = h.newShard();
        assertThat(reloaded.fetchOffsets(GROUP, Optional.empty())).isEmpty();
        reloaded.completeTransaction(PRODUCER, true).join();
        assertThat(reloaded.fetchOffsets(GROUP, Optional.empty()).get(ORDERS_0)).hasValueSatisfying(o -> assertThat(o.offset()).isEqualTo(42));
        GroupShard again = h.newShard();
        again.completeTransaction(PRODUCER, false).join();
        assertThat(again.fetchOffsets(GROUP, Optional.empty()).get(ORDERS_0)).hasValueSatisfying(o -> assertThat(o.offset()).isEqualTo(42));
    }

    @Test
    void anAbortDropsThePendingOffsets() {
        txnCommit(PRODUCER, 42);
        h.shard.completeTransaction(PRODUCER, false).join();
        h.shard.completeTransaction(PRODUCER, true).join();
        assertThat(committed()).isEmpty();
    }

    @Test
    void producersAreKeptApart() {
        txnCommit(PRODUCER, 10);
        txnCommit(PRODUCER + 1, 20);
        h.shard.completeTransaction(PRODUCER + 1, true).join();
        assertThat(committed()).hasValueSatisfying(o -> assertThat(o.offset()).isEqualTo(20));
        h.shard.completeTransaction(PRODUCER, false).join();
        assertThat(committed()).hasValueSatisfying(o -> assertThat(o.offset()).isEqualTo(20));
    }

    @Test
    void aMemberOfAnActiveGroupIsChecked() {
        JoinResult member = h.joinedAlone(new byte[0]);
        Map<TopicPartitionKey, GroupError> results = h.shard.commitTransactionalOffsets(PRODUCER, new OffsetCommitRequest(GROUP,
                member.generationId(), member.memberId(), Optional.empty(), OptionalLong.empty(), false,
                Map.of(ORDERS_0, new OffsetCommitRequest.OffsetToCommit(7, -1, "")))).join();
        assertThat(results).containsEntry(ORDERS_0, GroupError.NONE);
        try {
            h.shard.commitTransactionalOffsets(PRODUCER, new OffsetCommitRequest(GROUP, member.generationId() + 1, member.memberId(),
                    Optional.empty(), OptionalLong.empty(), false, Map.of(ORDERS_0, new OffsetCommitRequest.OffsetToCommit(7, -1, ""))));
            throw new AssertionError("expected ILLEGAL_GENERATION");
        } catch (GroupException e) {
            assertThat(e.error()).isEqualTo(GroupError.ILLEGAL_GENERATION);
        }
    }
}

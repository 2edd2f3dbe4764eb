package io.weir.broker.group;

import static io.weir.broker.group.ConsumerShard.ordersOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.Uuid;
import io.weir.metadata.image.TopicsImage;
import io.weir.storage.TopicPartitionKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Regex subscriptions of consumer-protocol groups (KIP-848, RE2/J on the broker): manual timer, in-memory log. */
class ConsumerRegexSubscriptionTest {
    private static final Uuid ORDERS_EU = new Uuid(9L, 9L);

    private final ConsumerShard c = new ConsumerShard();

    private ConsumerHeartbeatResult joinByRegex(String memberId, String regex) {
        return c.send(new ConsumerHeartbeat(ShardHarness.GROUP, memberId, 0, Optional.empty(), Optional.empty(),
                ConsumerShard.REBALANCE_MS, Optional.empty(), Optional.of(regex), Optional.empty(), Optional.of(Assignment.EMPTY),
                "client", "/127.0.0.1"));
    }

    private static TopicsImage withOrdersEu(int ordersEu) {
        return TopicsImage.of(List.of(ConsumerShard.topic("orders", ConsumerShard.ORDERS, 6),
                ConsumerShard.topic("payments", ConsumerShard.PAYMENTS, 2), ConsumerShard.topic("orders-eu", ORDERS_EU, ordersEu),
                ConsumerShard.topic("__consumer_offsets", new Uuid(1L, 1L), 1)));
    }

    @Test
    void anInvalidRegexIsRefusedWithKafkasError() {
        ConsumerHeartbeatResult result = joinByRegex("a", "orders-(");
        assertThat(result.error()).isEqualTo(GroupError.INVALID_REGULAR_EXPRESSION);
        assertThat(result.errorMessage()).hasValueSatisfying(message -> assertThat(message).contains("orders-("));
        assertThat(joinByRegex("a", "(?<=x)orders").error()).as("lookbehind is not RE2").isEqualTo(GroupError.INVALID_REGULAR_EXPRESSION);
    }

    @Test
    void aRegexSubscribesToTheMatchingTopicsButNeverToInternalOnes() {
        c.topics = withOrdersEu(2);
        ConsumerHeartbeatResult joined = joinByRegex("a", "orders.*|__.*");
        assertThat(joined.error()).isEqualTo(GroupError.NONE);
        assertThat(joined.assignment().orElseThrow().partitions()).containsOnlyKeys(ConsumerShard.ORDERS, ORDERS_EU);
        assertThat(ordersOf(joined.assignment().get())).hasSize(6);
        assertThat(c.h.shard.deleteOffsets(ShardHarness.GROUP, List.of(new TopicPartitionKey("orders-eu", 0))).join())
                .containsValue(GroupError.GROUP_SUBSCRIBED_TO_TOPIC);
    }

    @Test
    void aNewMatchingTopicIsAssignedAtTheNextHeartbeatWithoutTheMemberResendingItsSubscription() {
        ConsumerHeartbeatResult joined = joinByRegex("a", "orders.*");
        assertThat(joined.memberEpoch()).isEqualTo(1);
        assertThat(joined.assignment().orElseThrow().partitions()).containsOnlyKeys(ConsumerShard.ORDERS);
        c.topics = withOrdersEu(3);
        ConsumerHeartbeatResult next = c.beat("a", 1);
        assertThat(next.memberEpoch()).isEqualTo(2);
        assertThat(next.assignment().orElseThrow().partitions().get(ORDERS_EU)).containsExactly(0, 1, 2);
        c.topics = ConsumerShard.image(6, 2);
        ConsumerHeartbeatResult afterDelete = c.beat("a", 2);
        assertThat(c.describe().groupEpoch()).as("a deleted topic changes the target too").isEqualTo(3);
        assertThat(afterDelete.assignment().orElseThrow().partitions()).as("revoke first").containsOnlyKeys(ConsumerShard.ORDERS);
        assertThat(c.beat("a", 2, afterDelete.assignment().get()).memberEpoch()).isEqualTo(3);
    }

    @Test
    void namesAndRegexesOfDifferentMembersAreAssignedTogether() {
        c.topics = withOrdersEu(2);
        joinByRegex("a", "orders-.*");
        c.join("b");
        ConsumerHeartbeatResult a = c.beat("a", 1);
        ConsumerHeartbeatResult b = c.beat("b", 2);
        assertThat(c.member("a").targetAssignment().partitions()).containsOnlyKeys(ORDERS_EU);
        assertThat(c.member("b").targetAssignment().partitions()).containsOnlyKeys(ConsumerShard.ORDERS);
        assertThat(a.error()).isEqualTo(GroupError.NONE);
        assertThat(b.error()).isEqualTo(GroupError.NONE);
    }

    @Test
    void theRegexIsPersistedWithTheMemberAndAnEmptyRegexClearsIt() {
        c.topics = withOrdersEu(2);
        joinByRegex("a", "orders-.*");
        GroupShard reloaded = c.h.newShard();
        ConsumerGroupDescription.Member member = reloaded.describeConsumerGroup(ShardHarness.GROUP).members().get(0);
        assertThat(member.subscribedTopicRegex()).contains("orders-.*");
        ConsumerHeartbeatResult cleared = c.send(new ConsumerHeartbeat(ShardHarness.GROUP, "a", 1, Optional.empty(), Optional.empty(),
                -1, Optional.of(List.of("payments")), Optional.of(""), Optional.empty(), Optional.empty(), "client", "/127.0.0.1"));
        assertThat(cleared.error()).isEqualTo(GroupError.NONE);
        assertThat(c.describe().groupEpoch()).isEqualTo(2);
        assertThat(c.member("a").subscribedTopicRegex()).isEmpty();
        assertThat(c.member("a").targetAssignment().partitions().keySet()).isEqualTo(Set.of(ConsumerShard.PAYMENTS));
    }
}

package io.weir.broker.group;

import io.weir.metadata.Uuid;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.metadata.image.TopicImage;
import io.weir.metadata.image.TopicsImage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/** Consumer-protocol requests against a {@link ShardHarness} shard, with topics of any size. */
final class ConsumerShard {
    static final Uuid ORDERS = new Uuid(7L, 7L);
    static final Uuid PAYMENTS = new Uuid(8L, 8L);
    static final int REBALANCE_MS = 20_000;

    final ShardHarness h;
    TopicsImage topics = image(6, 0);

    ConsumerShard() {
        this(new ShardHarness());
    }

    ConsumerShard(ShardHarness harness) {
        this.h = harness;
    }

    /** A shard whose consumer groups migrate by {@code policy}. */
    static ConsumerShard withPolicy(MigrationPolicy policy) {
        GroupConfig base = ShardHarness.config(0, Integer.MAX_VALUE);
        return new ConsumerShard(new ShardHarness(base.withConsumer(base.consumer().withMigrationPolicy(policy))));
    }

    static TopicsImage image(int orders, int payments) {
        List<TopicImage> all = new java.util.ArrayList<>();
        all.add(topic("orders", ORDERS, orders));
        if (payments > 0) {
            all.add(topic("payments", PAYMENTS, payments));
        }
        return TopicsImage.of(all);
    }

    static TopicImage topic(String name, Uuid id, int partitions) {
        Map<Integer, PartitionRegistration> registrations = new HashMap<>();
        IntStream.range(0, partitions).forEach(p -> registrations.put(p, new PartitionRegistration(List.of(1), List.of(1), 1, 0, 0)));
        return new TopicImage(name, id, registrations);
    }

    static Assignment orders(Integer... partitions) {
        return partitions.length == 0 ? Assignment.EMPTY : Assignment.of(Map.of(ORDERS, new TreeSet<>(List.of(partitions))));
    }

    static ConsumerHeartbeat request(String memberId, int epoch, Optional<String> instanceId, Optional<List<String>> topics,
            Optional<Assignment> owned) {
        return new ConsumerHeartbeat(ShardHarness.GROUP, memberId, epoch, instanceId, Optional.empty(), epoch == 0 ? REBALANCE_MS : -1,
                topics, Optional.empty(), Optional.empty(), owned, "client", "/127.0.0.1");
    }

    ConsumerHeartbeatResult send(ConsumerHeartbeat request) {
        return h.shard.consumerHeartbeat(request, topics).join();
    }

    ConsumerHeartbeatResult join(String memberId) {
        return send(request(memberId, 0, Optional.empty(), Optional.of(List.of("orders")), Optional.of(Assignment.EMPTY)));
    }

    ConsumerHeartbeatResult joinStatic(String memberId, String instanceId) {
        return send(request(memberId, 0, Optional.of(instanceId), Optional.of(List.of("orders")), Optional.of(Assignment.EMPTY)));
    }

    ConsumerHeartbeatResult beat(String memberId, int epoch) {
        return send(request(memberId, epoch, Optional.empty(), Optional.empty(), Optional.empty()));
    }

    ConsumerHeartbeatResult beat(String memberId, int epoch, Assignment owned) {
        return send(request(memberId, epoch, Optional.empty(), Optional.empty(), Optional.of(owned)));
    }

    ConsumerGroupDescription describe() {
        return h.shard.describeConsumerGroup(ShardHarness.GROUP);
    }

    ConsumerGroupDescription.Member member(String memberId) {
        return describe().members().stream().filter(m -> m.memberId().equals(memberId)).findFirst().orElseThrow();
    }

    static Set<Integer> ordersOf(Assignment assignment) {
        return assignment.partitions().getOrDefault(ORDERS, new TreeSet<>());
    }
}

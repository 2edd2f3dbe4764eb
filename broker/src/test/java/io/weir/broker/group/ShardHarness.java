package io.weir.broker.group;

import io.weir.broker.concurrent.SerialExecutor;
import io.weir.storage.TopicPartitionKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/** One shard on a direct lane, a manual timer and an in-memory log, with request helpers. */
final class ShardHarness {
    static final int SESSION_MS = 10_000;
    static final int REBALANCE_MS = 30_000;
    static final String GROUP = "orders-readers";

    final ManualTimer timer = new ManualTimer(1_000_000L);
    final MemoryLog log = new MemoryLog(1);
    final GroupConfig config;
    final ConsumerGroupOverrides.Lookup overrides;
    final GroupShard shard;

    ShardHarness(GroupConfig config) {
        this(config, ConsumerGroupOverrides.Lookup.NONE);
    }

    /** A shard whose consumer groups override the node's settings as {@code overrides} says. */
    ShardHarness(GroupConfig config, ConsumerGroupOverrides.Lookup overrides) {
        this.config = config;
        this.overrides = overrides;
        this.shard = newShard();
    }

    ShardHarness() {
        this(config(0, Integer.MAX_VALUE));
    }

    static GroupConfig config(int initialDelayMs, int maxSize) {
        return new GroupConfig(1, (short) 1, GroupConfig.DEFAULT_SEGMENT_BYTES, 60_000L, 5_000L, initialDelayMs, 6_000, 300_000,
                maxSize, 16);
    }

    /** A shard on the same log and timer, loaded from what the log holds (a restart or a new leader). */
    GroupShard newShard() {
        ShardContext ctx = new ShardContext(0, config, overrides, timer.clock(), new SerialExecutor(Runnable::run), log, timer, 1);
        GroupShard created = new GroupShard(ctx);
        log.load(0, created::replay);
        created.onLoaded();
        return created;
    }

    /** A "consumer" protocol subscription (version 0) to {@code topics}. */
    static byte[] subscription(String... topics) {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        buffer.putShort((short) 0).putInt(topics.length);
        for (String topic : topics) {
            byte[] name = topic.getBytes(StandardCharsets.UTF_8);
            buffer.putShort((short) name.length).put(name);
        }
        buffer.putInt(-1);
        byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        return bytes;
    }

    static JoinRequest joinRequest(String memberId, Optional<String> instanceId, List<JoinRequest.Protocol> protocols,
            boolean requireKnownMemberId) {
        return new JoinRequest(GROUP, memberId, instanceId, "client", "/127.0.0.1", SESSION_MS, REBALANCE_MS, "consumer", protocols,
                requireKnownMemberId, true);
    }

    static List<JoinRequest.Protocol> range(String... topics) {
        return List.of(new JoinRequest.Protocol("range", subscription(topics)));
    }

    CompletableFuture<JoinResult> join(String memberId) {
        return shard.join(joinRequest(memberId, Optional.empty(), range("orders"), false));
    }

    CompletableFuture<JoinResult> joinStatic(String memberId, String instanceId) {
        return shard.join(joinRequest(memberId, Optional.of(instanceId), range("orders"), false));
    }

    CompletableFuture<SyncResult> sync(String memberId, int generation, Map<String, byte[]> assignments) {
        return shard.sync(new SyncRequest(GROUP, generation, memberId, Optional.empty(), Optional.of("consumer"), Optional.empty(),
                assignments));
    }

    GroupError heartbeat(String memberId, int generation) {
        return shard.heartbeat(GROUP, generation, new MemberIdentity(memberId, Optional.empty()));
    }

    /** A new member, joined and synced with {@code assignment}: the group's only member, Stable. */
    JoinResult joinedAlone(byte[] assignment) {
        JoinResult joined = join("").join();
        sync(joined.memberId(), joined.generationId(), Map.of(joined.memberId(), assignment)).join();
        return joined;
    }

    CompletableFuture<Map<TopicPartitionKey, GroupError>> commit(String memberId, int generation, long offset) {
        return shard.commitOffsets(new OffsetCommitRequest(GROUP, generation, memberId, Optional.empty(), OptionalLong.empty(), true,
                Map.of(new TopicPartitionKey("orders", 0), new OffsetCommitRequest.OffsetToCommit(offset, 3, "m"))));
    }

    GroupState state() {
        return shard.describe(GROUP).state();
    }
}

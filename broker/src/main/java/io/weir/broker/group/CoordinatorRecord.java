package io.weir.broker.group;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One record of a {@code __consumer_offsets} partition, as the coordinator reads and writes it: the
 * latest state of one group, or one committed offset. An empty value is a tombstone (the group or
 * the offset was deleted). The key decides what compaction keeps: the latest record per group, and
 * per group + topic + partition. Binary format in {@link RecordCodec}. Immutable.
 */
public sealed interface CoordinatorRecord {

    /** The group the record belongs to. */
    String groupId();

    /**
     * The state of a group after a completed rebalance (or its deletion, when empty).
     *
     * @param groupId the group
     * @param value the group's state; empty for a tombstone
     */
    record GroupMetadata(String groupId, Optional<GroupSnapshot> value) implements CoordinatorRecord {
        public GroupMetadata {
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * An offset committed by a group for one partition (or its deletion, when empty).
     *
     * @param groupId the group
     * @param topic the topic
     * @param partition the partition index
     * @param value the offset; empty for a tombstone
     */
    record OffsetCommit(String groupId, String topic, int partition, Optional<CommittedOffset> value) implements CoordinatorRecord {
        public OffsetCommit {
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * The group-level state of a consumer-protocol group (KIP-848): its epochs, assignor and the
     * subscribed topics its target assignment was computed from (or its deletion, when empty).
     *
     * @param groupId the group
     * @param value the state; empty for a tombstone
     */
    record ConsumerGroupMetadata(String groupId, Optional<Value> value) implements CoordinatorRecord {
        public ConsumerGroupMetadata {
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(value, "value");
        }

        /**
         * @param groupEpoch the group epoch
         * @param assignmentEpoch the target assignment epoch
         * @param assignor the server-side assignor used
         * @param topics the subscribed topics' metadata at that epoch
         */
        public record Value(int groupEpoch, int assignmentEpoch, String assignor, List<TopicMetadata> topics) {
            public Value {
                topics = List.copyOf(topics);
            }
        }
    }

    /**
     * One member of a consumer-protocol group: its subscription, reconciliation state and target
     * assignment (or its removal, when empty). Coarser than Kafka's separate member, target and
     * current-assignment records; it rebuilds the same state.
     *
     * @param groupId the group
     * @param memberId the member
     * @param value the member; empty for a tombstone
     */
    record ConsumerGroupMember(String groupId, String memberId, Optional<Value> value) implements CoordinatorRecord {
        public ConsumerGroupMember {
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(memberId, "memberId");
            Objects.requireNonNull(value, "value");
        }

        /**
         * @param member the member
         * @param target its target assignment
         */
        public record Value(ConsumerMember member, Assignment target) {}
    }

    /**
     * An offset a transactional producer committed (TxnOffsetCommit), waiting for its transaction's
     * end, or its removal (empty) once the transaction ended. Kept in the log so that a coordinator
     * that takes over, or restarts, before the end still has it.
     *
     * @param groupId the group
     * @param producerId the transactional producer
     * @param topic the topic
     * @param partition the partition index
     * @param value the pending offset; empty once the transaction ended
     */
    record PendingTxnOffset(String groupId, long producerId, String topic, int partition, Optional<CommittedOffset> value)
            implements CoordinatorRecord {
        public PendingTxnOffset {
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(value, "value");
        }
    }
}

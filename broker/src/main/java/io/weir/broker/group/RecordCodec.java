package io.weir.broker.group;

import io.weir.broker.group.CoordinatorRecord.ConsumerGroupMember;
import io.weir.broker.group.CoordinatorRecord.ConsumerGroupMetadata;
import io.weir.broker.group.CoordinatorRecord.GroupMetadata;
import io.weir.broker.group.CoordinatorRecord.OffsetCommit;
import io.weir.broker.group.CoordinatorRecord.PendingTxnOffset;
import io.weir.broker.group.GroupSnapshot.MemberSnapshot;
import io.weir.metadata.Uuid;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.OptionalLong;

/**
 * Weir's binary format for the records of {@code __consumer_offsets}. All integers big-endian;
 * a string is int16 length + UTF-8 bytes (length -1: absent); bytes are int32 length + bytes.
 *
 * <pre>
 * key   = int16 keyType, then
 *           keyType 1 (offset commit):  string groupId, string topic, int32 partition
 *           keyType 2 (group metadata): string groupId
 *           keyType 3 (consumer group metadata, KIP-848): string groupId
 *           keyType 4 (consumer group member, KIP-848):   string groupId, string memberId
 *           keyType 100 (pending transactional offset): string groupId, int64 producerId, string topic,
 *                                       int32 partition
 * value = absent (null record value) for a tombstone, else int16 valueVersion (0), then
 *           offset commit and pending transactional offset v0:   int64 offset, int32 leaderEpoch, string metadata,
 *                               int64 commitTimestampMs, int64 expireTimestampMs (-1: none)
 *           group metadata v0:  string protocolType, int32 generationId, string protocolName (-1: none),
 *                               string leaderId (-1: none), int64 stateTimestampMs, int32 memberCount, then
 *                               per member: string memberId, string groupInstanceId (-1: none),
 *                               string clientId, string clientHost, int32 rebalanceTimeoutMs,
 *                               int32 sessionTimeoutMs, bytes subscription, bytes assignment
 *           consumer group v0:  int32 groupEpoch, int32 assignmentEpoch, string assignor, int32 topicCount,
 *                               then per topic: uuid topicId, string name, int32 partitionCount
 *           consumer member v0: string instanceId (-1: none), string rackId (-1: none), string clientId,
 *                               string clientHost, int32 topicCount, string topic..., string serverAssignor
 *                               (-1: none), int32 rebalanceTimeoutMs, int32 memberEpoch,
 *                               int32 previousMemberEpoch, int8 state (0 stable, 1 unrevoked partitions,
 *                               2 unreleased partitions), assignment assigned, assignment pendingRevocation,
 *                               assignment target
 *           consumer member v1: v0, then string subscribedTopicRegex (-1: none), int8 classic (0: a
 *                               consumer-protocol member, 1: a classic member, followed by int32
 *                               sessionTimeoutMs, int32 protocolCount, then per protocol: string name,
 *                               bytes metadata)
 * uuid       = int64 most significant bits, int64 least significant bits
 * assignment = int32 topicCount, then per topic: uuid topicId, int32 count, int32 partition...
 * </pre>
 *
 * The key holds exactly the identity of what the value describes, so compaction keeps the latest
 * state per group, per group + member and per group + topic + partition. Key types 0 and 5+ are
 * reserved; a reader skips a key type it does not know, and
 * refuses a value version it does not know. Stateless and thread-safe.
 */
public final class RecordCodec {
    static final short OFFSET_COMMIT_KEY = 1;
    static final short GROUP_METADATA_KEY = 2;
    static final short CONSUMER_GROUP_KEY = 3;
    static final short CONSUMER_MEMBER_KEY = 4;
    /** Far from the key types Kafka's consumer protocol records take (3 and up). */
    static final short PENDING_TXN_OFFSET_KEY = 100;
    private static final short VALUE_VERSION = 0;
    /** Consumer member values are written at v1 (v0 plus the subscribed regex); v0 is still read. */
    private static final short MEMBER_VALUE_VERSION = 1;

    private RecordCodec() {}

    /** The record's key bytes. */
    public static byte[] key(CoordinatorRecord record) {
        Writer out = new Writer();
        if (record instanceof OffsetCommit offset) {
            out.int16(OFFSET_COMMIT_KEY).string(offset.groupId()).string(offset.topic()).int32(offset.partition());
        } else if (record instanceof ConsumerGroupMetadata) {
            out.int16(CONSUMER_GROUP_KEY).string(record.groupId());
        } else if (record instanceof ConsumerGroupMember member) {
            out.int16(CONSUMER_MEMBER_KEY).string(member.groupId()).string(member.memberId());
        } else if (record instanceof PendingTxnOffset pending) {
            out.int16(PENDING_TXN_OFFSET_KEY).string(pending.groupId()).int64(pending.producerId()).string(pending.topic())
                    .int32(pending.partition());
        } else {
            out.int16(GROUP_METADATA_KEY).string(record.groupId());
        }
        return out.toBytes();
    }

    /** The record's value bytes, or empty for a tombstone. */
    public static Optional<byte[]> value(CoordinatorRecord record) {
        if (record instanceof OffsetCommit offset) {
            return offset.value().map(RecordCodec::offsetValue);
        }
        if (record instanceof ConsumerGroupMetadata group) {
            return group.value().map(RecordCodec::consumerGroupValue);
        }
        if (record instanceof ConsumerGroupMember member) {
            return member.value().map(RecordCodec::consumerMemberValue);
        }
        if (record instanceof PendingTxnOffset pending) {
            return pending.value().map(RecordCodec::offsetValue);
        }
        return ((GroupMetadata) record).value().map(RecordCodec::groupValue);
    }

    private static byte[] offsetValue(CommittedOffset value) {
        return new Writer().int16(VALUE_VERSION).int64(value.offset()).int32(value.leaderEpoch()).string(value.metadata())
                .int64(value.commitTimestampMs()).int64(value.expireTimestampMs().orElse(-1)).toBytes();
    }

    private static byte[] groupValue(GroupSnapshot group) {
        Writer out = new Writer().int16(VALUE_VERSION).string(group.protocolType()).int32(group.generationId())
                .nullableString(group.protocolName()).nullableString(group.leaderId()).int64(group.stateTimestampMs())
                .int32(group.members().size());
        for (MemberSnapshot member : group.members()) {
            out.string(member.memberId()).nullableString(member.groupInstanceId()).string(member.clientId())
                    .string(member.clientHost()).int32(member.rebalanceTimeoutMs()).int32(member.sessionTimeoutMs())
                    .bytes(member.subscription()).bytes(member.assignment());
        }
        return out.toBytes();
    }

    /**
     * Decodes one key/value pair; empty for a key type this version does not know.
     *
     * @throws IllegalArgumentException for bytes that do not parse
     */
    public static Optional<CoordinatorRecord> decode(ByteBuffer key, Optional<ByteBuffer> value) {
        try {
            short keyType = key.getShort();
            if (keyType == OFFSET_COMMIT_KEY) {
                String groupId = readString(key);
                String topic = readString(key);
                int partition = key.getInt();
                return Optional.of(new OffsetCommit(groupId, topic, partition, value.map(RecordCodec::readOffsetValue)));
            }
            if (keyType == PENDING_TXN_OFFSET_KEY) {
                String groupId = readString(key);
                long producerId = key.getLong();
                String topic = readString(key);
                int partition = key.getInt();
                return Optional.of(new PendingTxnOffset(groupId, producerId, topic, partition, value.map(RecordCodec::readOffsetValue)));
            }
            if (keyType == GROUP_METADATA_KEY) {
                String groupId = readString(key);
                return Optional.of(new GroupMetadata(groupId, value.map(RecordCodec::readGroupValue)));
            }
            if (keyType == CONSUMER_GROUP_KEY) {
                String groupId = readString(key);
                return Optional.of(new ConsumerGroupMetadata(groupId, value.map(RecordCodec::readConsumerGroupValue)));
            }
            if (keyType == CONSUMER_MEMBER_KEY) {
                String groupId = readString(key);
                String memberId = readString(key);
                return Optional.of(new ConsumerGroupMember(groupId, memberId, value.map(v -> readConsumerMemberValue(memberId, v))));
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed __consumer_offsets record: " + e, e);
        }
    }

    private static CommittedOffset readOffsetValue(ByteBuffer in) {
        checkVersion(in.getShort());
        long offset = in.getLong();
        int leaderEpoch = in.getInt();
        String metadata = readString(in);
        long commitTimestampMs = in.getLong();
        long expire = in.getLong();
        return new CommittedOffset(offset, leaderEpoch, metadata, commitTimestampMs, expire < 0 ? OptionalLong.empty() : OptionalLong.of(expire));
    }

    private static GroupSnapshot readGroupValue(ByteBuffer in) {
        checkVersion(in.getShort());
        String protocolType = readString(in);
        int generationId = in.getInt();
        Optional<String> protocolName = readNullableString(in);
        Optional<String> leaderId = readNullableString(in);
        long stateTimestampMs = in.getLong();
        int count = in.getInt();
        if (count < 0 || count > in.remaining()) {
            throw new IllegalArgumentException("member count " + count);
        }
        List<MemberSnapshot> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            members.add(new MemberSnapshot(readString(in), readNullableString(in), readString(in), readString(in), in.getInt(),
                    in.getInt(), readBytes(in), readBytes(in)));
        }
        return new GroupSnapshot(protocolType, generationId, protocolName, leaderId, stateTimestampMs, members);
    }

    private static byte[] consumerGroupValue(ConsumerGroupMetadata.Value group) {
        Writer out = new Writer().int16(VALUE_VERSION).int32(group.groupEpoch()).int32(group.assignmentEpoch()).string(group.assignor())
                .int32(group.topics().size());
        group.topics().forEach(topic -> out.uuid(topic.topicId()).string(topic.name()).int32(topic.partitionCount()));
        return out.toBytes();
    }

    private static byte[] consumerMemberValue(ConsumerGroupMember.Value value) {
        ConsumerMember member = value.member();
        Writer out = new Writer().int16(MEMBER_VALUE_VERSION).nullableString(member.instanceId()).nullableString(member.rackId())
                .string(member.clientId()).string(member.clientHost()).int32(member.subscribedTopics().size());
        member.subscribedTopics().forEach(out::string);
        out.nullableString(member.serverAssignor()).int32(member.rebalanceTimeoutMs()).int32(member.memberEpoch())
                .int32(member.previousMemberEpoch()).int8(member.state().ordinal());
        out.assignment(member.assigned()).assignment(member.pendingRevocation()).assignment(value.target())
                .nullableString(member.subscribedTopicRegex());
        if (member.classic().isEmpty()) {
            return out.int8(0).toBytes();
        }
        ClassicMemberData classic = member.classic().get();
        out.int8(1).int32(classic.sessionTimeoutMs()).int32(classic.protocols().size());
        classic.protocols().forEach(protocol -> out.string(protocol.name()).bytes(protocol.metadata()));
        return out.toBytes();
    }

    private static ConsumerGroupMetadata.Value readConsumerGroupValue(ByteBuffer in) {
        checkVersion(in.getShort());
        int groupEpoch = in.getInt();
        int assignmentEpoch = in.getInt();
        String assignor = readString(in);
        int count = readCount(in);
        List<TopicMetadata> topics = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            topics.add(new TopicMetadata(readUuid(in), readString(in), in.getInt()));
        }
        return new ConsumerGroupMetadata.Value(groupEpoch, assignmentEpoch, assignor, topics);
    }

    private static ConsumerGroupMember.Value readConsumerMemberValue(String memberId, ByteBuffer in) {
        short version = in.getShort();
        if (version != VALUE_VERSION && version != MEMBER_VALUE_VERSION) {
            throw new IllegalArgumentException("unknown value version " + version);
        }
        Optional<String> instanceId = readNullableString(in);
        Optional<String> rackId = readNullableString(in);
        String clientId = readString(in);
        String clientHost = readString(in);
        int count = readCount(in);
        List<String> topics = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            topics.add(readString(in));
        }
        Optional<String> assignor = readNullableString(in);
        int rebalanceTimeoutMs = in.getInt();
        int memberEpoch = in.getInt();
        int previousEpoch = in.getInt();
        byte state = in.get();
        if (state < 0 || state >= ConsumerMember.MemberState.values().length) {
            throw new IllegalArgumentException("member state " + state);
        }
        Assignment assigned = readAssignment(in);
        Assignment pendingRevocation = readAssignment(in);
        Assignment target = readAssignment(in);
        Optional<String> regex = version >= MEMBER_VALUE_VERSION ? readNullableString(in) : Optional.empty();
        Optional<ClassicMemberData> classic = version >= MEMBER_VALUE_VERSION && in.get() == 1
                ? Optional.of(readClassicMemberData(in))
                : Optional.empty();
        ConsumerMember member = new ConsumerMember(memberId, instanceId, rackId, clientId, clientHost, topics, regex, assignor,
                rebalanceTimeoutMs, memberEpoch, previousEpoch, ConsumerMember.MemberState.fromId(state), assigned, pendingRevocation,
                classic);
        return new ConsumerGroupMember.Value(member, target);
    }

    private static ClassicMemberData readClassicMemberData(ByteBuffer in) {
        int sessionTimeoutMs = in.getInt();
        int count = readCount(in);
        List<JoinRequest.Protocol> protocols = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            protocols.add(new JoinRequest.Protocol(readString(in), readBytes(in)));
        }
        return new ClassicMemberData(sessionTimeoutMs, protocols);
    }

    private static Assignment readAssignment(ByteBuffer in) {
        int topics = readCount(in);
        Map<Uuid, Set<Integer>> partitions = new TreeMap<>();
        for (int i = 0; i < topics; i++) {
            Uuid topicId = readUuid(in);
            int count = readCount(in);
            Set<Integer> indexes = new TreeSet<>();
            for (int j = 0; j < count; j++) {
                indexes.add(in.getInt());
            }
            partitions.put(topicId, indexes);
        }
        return Assignment.of(partitions);
    }

    private static Uuid readUuid(ByteBuffer in) {
        return new Uuid(in.getLong(), in.getLong());
    }

    private static int readCount(ByteBuffer in) {
        int count = in.getInt();
        if (count < 0 || count > in.remaining()) {
            throw new IllegalArgumentException("count " + count);
        }
        return count;
    }

    private static void checkVersion(short version) {
        if (version != VALUE_VERSION) {
            throw new IllegalArgumentException("unknown value version " + version);
        }
    }

    private static String readString(ByteBuffer in) {
        return readNullableString(in).orElseThrow(() -> new IllegalArgumentException("null string"));
    }

    private static Optional<String> readNullableString(ByteBuffer in) {
        short length = in.getShort();
        if (length < 0) {
            return Optional.empty();
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }

    private static byte[] readBytes(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("bytes length " + length);
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    /** Appends fields to a growing buffer. Not thread-safe. */
    private static final class Writer {
        private ByteBuffer buffer = ByteBuffer.allocate(128);

        private void ensure(int bytes) {
            if (buffer.remaining() < bytes) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
        }

        Writer int16(int value) {
            ensure(2);
            buffer.putShort((short) value);
            return this;
        }

        Writer int32(int value) {
            ensure(4);
            buffer.putInt(value);
            return this;
        }

        Writer int64(long value) {
            ensure(8);
            buffer.putLong(value);
            return this;
        }

        Writer string(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > Short.MAX_VALUE) {
                throw new IllegalArgumentException("string longer than " + Short.MAX_VALUE + " bytes");
            }
            int16(bytes.length);
            ensure(bytes.length);
            buffer.put(bytes);
            return this;
        }

        Writer int8(int value) {
            ensure(1);
            buffer.put((byte) value);
            return this;
        }

        Writer uuid(Uuid value) {
            return int64(value.mostSignificantBits()).int64(value.leastSignificantBits());
        }

        Writer assignment(Assignment value) {
            int32(value.partitions().size());
            value.partitions().forEach((topicId, indexes) -> {
                uuid(topicId).int32(indexes.size());
                indexes.forEach(this::int32);
            });
            return this;
        }

        Writer nullableString(Optional<String> value) {
            return value.isPresent() ? string(value.get()) : int16(-1);
        }

        Writer bytes(byte[] value) {
            int32(value.length);
            ensure(value.length);
            buffer.put(value);
            return this;
        }

        byte[] toBytes() {
            byte[] bytes = new byte[buffer.position()];
            buffer.flip().get(bytes);
            return bytes;
        }
    }
}

package io.weir.broker.group;

import io.weir.metadata.Uuid;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The bytes a classic "consumer" member carries in JoinGroup and SyncGroup (Kafka's embedded
 * consumer protocol), read and written so that the coordinator can assign classic members of a
 * consumer group itself (KIP-848 online migration). Big-endian; a string is int16 length + UTF-8;
 * an array is int32 count + elements; nullable bytes are int32 length (-1: null) + bytes.
 *
 * <pre>
 * subscription = int16 version, [string] topics, bytes userData,
 *                v1+: [topic partitions] ownedPartitions, v2+: int32 generationId, v3+: string rackId
 * assignment   = int16 version, [topic partitions] assignedPartitions, bytes userData
 * topic partitions = string topic, [int32] partitions
 * </pre>
 *
 * A version newer than 3 is read as far as version 3 goes (later versions only add fields at the
 * end). Stateless and thread-safe.
 */
final class ConsumerProtocolBytes {
    /** The assignment version written: every consumer understands it. */
    private static final short ASSIGNMENT_VERSION = 0;

    private ConsumerProtocolBytes() {}

    /**
     * A decoded subscription.
     *
     * @param topics the subscribed topic names
     * @param ownedPartitions the partitions the member owns now, by topic name (empty before v1)
     */
    record Subscription(List<String> topics, Map<String, Set<Integer>> ownedPartitions) {}

    /**
     * Reads a subscription.
     *
     * @throws GroupException INCONSISTENT_GROUP_PROTOCOL for bytes that do not parse
     */
    static Subscription readSubscription(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            short version = in.getShort();
            int count = in.getInt();
            List<String> topics = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                topics.add(readString(in));
            }
            skipBytes(in);
            Map<String, Set<Integer>> owned = version >= 1 ? readTopicPartitions(in) : Map.of();
            return new Subscription(topics, owned);
        } catch (RuntimeException e) {
            throw new GroupException(GroupError.INCONSISTENT_GROUP_PROTOCOL, "malformed consumer subscription: " + e);
        }
    }

    /** Reads an assignment's partitions by topic name; empty for empty or malformed bytes. */
    static Map<String, Set<Integer>> readAssignment(byte[] bytes) {
        if (bytes.length == 0) {
            return Map.of();
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            in.getShort();
            return readTopicPartitions(in);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** An assignment (version 0, no user data) of these partitions by topic name. */
    static byte[] writeAssignment(Map<String, ? extends Set<Integer>> partitions) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeShort(ASSIGNMENT_VERSION);
            out.writeInt(partitions.size());
            for (Map.Entry<String, ? extends Set<Integer>> topic : partitions.entrySet()) {
                byte[] name = topic.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeShort(name.length);
                out.write(name);
                out.writeInt(topic.getValue().size());
                for (int partition : topic.getValue()) {
                    out.writeInt(partition);
                }
            }
            out.writeInt(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** {@code assignment}'s partitions by topic name, for topics {@code names} knows (sorted). */
    static Map<String, Set<Integer>> byName(Assignment assignment, Map<Uuid, String> names) {
        Map<String, Set<Integer>> byName = new java.util.TreeMap<>();
        assignment.partitions().forEach((topicId, partitions) -> {
            String name = names.get(topicId);
            if (name != null) {
                byName.put(name, new TreeSet<>(partitions));
            }
        });
        return byName;
    }

    /** {@code partitions} by topic id, for topics {@code ids} knows. */
    static Assignment byId(Map<String, Set<Integer>> partitions, Map<String, Uuid> ids) {
        Map<Uuid, Set<Integer>> byId = new HashMap<>();
        partitions.forEach((name, indexes) -> {
            Uuid id = ids.get(name);
            if (id != null) {
                byId.computeIfAbsent(id, k -> new TreeSet<>()).addAll(indexes);
            }
        });
        return Assignment.of(byId);
    }

    private static Map<String, Set<Integer>> readTopicPartitions(ByteBuffer in) {
        int topics = in.getInt();
        Map<String, Set<Integer>> partitions = new java.util.TreeMap<>();
        for (int i = 0; i < topics; i++) {
            String topic = readString(in);
            int count = in.getInt();
            Set<Integer> indexes = partitions.computeIfAbsent(topic, t -> new TreeSet<>());
            for (int j = 0; j < count; j++) {
                indexes.add(in.getInt());
            }
        }
        return partitions;
    }

    private static String readString(ByteBuffer in) {
        short length = in.getShort();
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void skipBytes(ByteBuffer in) {
        int length = in.getInt();
        if (length > 0) {
            in.position(in.position() + length);
        }
    }
}

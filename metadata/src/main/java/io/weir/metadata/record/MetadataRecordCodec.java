package io.weir.metadata.record;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import io.weir.metadata.CorruptMetadataException;

/**
 * The binary form of {@link MetadataRecord}s. All fixed-width integers are big-endian.
 *
 * <pre>
 * record       := typeId:int16 version:int8 body
 * record list  := count:uvarint ( size:uvarint record )*
 * string       := size:uvarint utf8-bytes
 * optional(T)  := present:int8(0|1) [T]
 * int list     := count:uvarint int32*
 * uuid         := mostSignificantBits:int64 leastSignificantBits:int64
 *
 * body, version 0 of each type (PARTITION and PARTITION_CHANGE also have a version 1):
 *   REGISTER_BROKER(1)  nodeId:int32 incarnationId:uuid brokerEpoch:int64
 *                       listeners:(count:uvarint (name:string host:string port:int32 securityProtocol:int16)*)
 *                       rack:optional(string) fenced:int8
 *   FENCE_BROKER(2)     nodeId:int32 brokerEpoch:int64
 *   UNFENCE_BROKER(3)   nodeId:int32 brokerEpoch:int64
 *   TOPIC(4)            name:string topicId:uuid
 *   PARTITION(5)        topicId:uuid partition:int32 replicas:int-list isr:int-list leader:int32
 *                       leaderEpoch:int32 partitionEpoch:int32
 *   PARTITION_CHANGE(6) topicId:uuid partition:int32 leader:optional(int32) isr:optional(int-list)
 *                       replicas:optional(int-list)
 *   REMOVE_TOPIC(7)     topicId:uuid
 *   CONFIG(8)           resourceType:int8 resourceName:string name:string value:optional(string)
 *   PRODUCER_IDS(9)     nodeId:int32 nextProducerId:int64
 *   FEATURE_LEVEL(10)   name:string level:int16
 *
 * version 1 appends the state of a reassignment (KIP-455) to version 0's body:
 *   PARTITION(5)        ... addingReplicas:int-list removingReplicas:int-list
 *   PARTITION_CHANGE(6) ... addingReplicas:optional(int-list) removingReplicas:optional(int-list)
 * A record is written at version 0 when those fields are empty (no reassignment), so that logs of
 * clusters that never reassign stay readable by builds that know only version 0.
 * </pre>
 *
 * <p>A record must fill its bytes exactly; an unknown type id, a version newer than this code
 * knows, a short or over-long body, or a field that breaks the record's own checks raises
 * {@link CorruptMetadataException}. Integrity (checksums) belongs to the container: the store's
 * log batches and snapshot files. Stateless; thread-safe.
 */
public final class MetadataRecordCodec {

    private MetadataRecordCodec() {}

    /**
     * Encodes one record.
     *
     * @param record the record
     * @return its bytes: type id, version, body
     */
    public static byte[] serialize(MetadataRecord record) {
        ByteWriter writer = new ByteWriter(64);
        write(record, writer);
        return writer.toByteArray();
    }

    /**
     * Decodes one record that fills {@code bytes} from position to limit.
     *
     * @param bytes the encoded record; its position is advanced to the limit
     * @return the record
     * @throws CorruptMetadataException if the bytes are not exactly one valid record
     */
    public static MetadataRecord deserialize(ByteBuffer bytes) {
        ByteReader reader = new ByteReader(bytes);
        MetadataRecord record = read(reader);
        if (reader.remaining() != 0) {
            throw new CorruptMetadataException(
                    reader.remaining() + " unexpected bytes after a " + record.type() + " record");
        }
        return record;
    }

    /**
     * Encodes a list of records, each prefixed by its size.
     *
     * @param records the records, in order
     * @return the encoded record list
     */
    public static byte[] serializeAll(List<? extends MetadataRecord> records) {
        ByteWriter writer = new ByteWriter(64 * records.size() + 8);
        writer.writeUnsignedVarint(records.size());
        for (MetadataRecord record : records) {
            byte[] encoded = serialize(record);
            writer.writeUnsignedVarint(encoded.length);
            writer.writeBytes(encoded);
        }
        return writer.toByteArray();
    }

    /**
     * Decodes a record list written by {@link #serializeAll(List)} that fills {@code bytes}.
     *
     * @param bytes the encoded list; its position is advanced to the limit
     * @return the records, in order
     * @throws CorruptMetadataException if the bytes are not exactly one valid record list
     */
    public static List<MetadataRecord> deserializeAll(ByteBuffer bytes) {
        ByteReader reader = new ByteReader(bytes);
        int count = reader.readCount(4);
        List<MetadataRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int size = reader.readCount(1);
            records.add(deserialize(reader.readSlice(size)));
        }
        if (reader.remaining() != 0) {
            throw new CorruptMetadataException(reader.remaining() + " unexpected bytes after a record list");
        }
        return records;
    }

    private static void write(MetadataRecord record, ByteWriter writer) {
        MetadataRecordType type = record.type();
        writer.writeShort(type.id());
        writer.writeByte(version(record));
        switch (type) {
            case REGISTER_BROKER -> writeRegisterBroker((RegisterBrokerRecord) record, writer);
            case FENCE_BROKER -> {
                FenceBrokerRecord fence = (FenceBrokerRecord) record;
                writer.writeInt(fence.nodeId());
                writer.writeLong(fence.brokerEpoch());
            }
            case UNFENCE_BROKER -> {
                UnfenceBrokerRecord unfence = (UnfenceBrokerRecord) record;
                writer.writeInt(unfence.nodeId());
                writer.writeLong(unfence.brokerEpoch());
            }
            case TOPIC -> {
                TopicRecord topic = (TopicRecord) record;
                writer.writeString(topic.name());
                writer.writeUuid(topic.topicId());
            }
            case PARTITION -> writePartition((PartitionRecord) record, writer);
            case PARTITION_CHANGE -> writePartitionChange((PartitionChangeRecord) record, writer);
            case REMOVE_TOPIC -> writer.writeUuid(((RemoveTopicRecord) record).topicId());
            case CONFIG -> writeConfig((ConfigRecord) record, writer);
            case PRODUCER_IDS -> {
                ProducerIdsRecord ids = (ProducerIdsRecord) record;
                writer.writeInt(ids.nodeId());
                writer.writeLong(ids.nextProducerId());
            }
            case FEATURE_LEVEL -> {
                FeatureLevelRecord feature = (FeatureLevelRecord) record;
                writer.writeString(feature.name());
                writer.writeShort(feature.level());
            }
            default -> throw new IllegalStateException("No encoder for " + type);
        }
    }

    private static void writeRegisterBroker(RegisterBrokerRecord record, ByteWriter writer) {
        writer.writeInt(record.nodeId());
        writer.writeUuid(record.incarnationId());
        writer.writeLong(record.brokerEpoch());
        writer.writeUnsignedVarint(record.listeners().size());
        for (Endpoint endpoint : record.listeners()) {
            writer.writeString(endpoint.name());
            writer.writeString(endpoint.host());
            writer.writeInt(endpoint.port());
            writer.writeShort(endpoint.securityProtocol().id());
        }
        writeOptionalString(record.rack(), writer);
        writer.writeBoolean(record.fenced());
    }

    /** The oldest version that holds the record: 1 only for reassignment state. */
    private static byte version(MetadataRecord record) {
        if (record instanceof PartitionRecord partition) {
            return (byte) (partition.addingReplicas().isEmpty() && partition.removingReplicas().isEmpty() ? 0 : 1);
        }
        if (record instanceof PartitionChangeRecord change) {
            return (byte) (change.addingReplicas().isEmpty() && change.removingReplicas().isEmpty() ? 0 : 1);
        }
        return record.type().currentVersion();
    }

    private static void writePartition(PartitionRecord record, ByteWriter writer) {
        writer.writeUuid(record.topicId());
        writer.writeInt(record.partition());
        writer.writeIntList(record.replicas());
        writer.writeIntList(record.isr());
        writer.writeInt(record.leader());
        writer.writeInt(record.leaderEpoch());
        writer.writeInt(record.partitionEpoch());
        if (version(record) >= 1) {
            writer.writeIntList(record.addingReplicas());
            writer.writeIntList(record.removingReplicas());
        }
    }

    private static void writePartitionChange(PartitionChangeRecord record, ByteWriter writer) {
        writer.writeUuid(record.topicId());
        writer.writeInt(record.partition());
        writer.writeBoolean(record.leader().isPresent());
        record.leader().ifPresent(writer::writeInt);
        writeOptionalIntList(record.isr(), writer);
        writeOptionalIntList(record.replicas(), writer);
        if (version(record) >= 1) {
            writeOptionalIntList(record.addingReplicas(), writer);
            writeOptionalIntList(record.removingReplicas(), writer);
        }
    }

    private static void writeConfig(ConfigRecord record, ByteWriter writer) {
        writer.writeByte(record.resourceType().id());
        writer.writeString(record.resourceName());
        writer.writeString(record.name());
        writeOptionalString(record.value(), writer);
    }

    private static void writeOptionalString(Optional<String> value, ByteWriter writer) {
        writer.writeBoolean(value.isPresent());
        value.ifPresent(writer::writeString);
    }

    private static void writeOptionalIntList(Optional<List<Integer>> value, ByteWriter writer) {
        writer.writeBoolean(value.isPresent());
        value.ifPresent(writer::writeIntList);
    }

    private static MetadataRecord read(ByteReader reader) {
        short typeId = reader.readShort();
        MetadataRecordType type = MetadataRecordType.fromId(typeId)
                .orElseThrow(() -> new CorruptMetadataException("Unknown metadata record type " + typeId));
        byte version = reader.readByte();
        if (version < 0 || version > type.currentVersion()) {
            throw new CorruptMetadataException("Unsupported version " + version + " of " + type
                    + " (this build reads up to " + type.currentVersion() + ")");
        }
        try {
            return readBody(type, version, reader);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new CorruptMetadataException("Invalid " + type + " record: " + e.getMessage(), e);
        }
    }

    private static MetadataRecord readBody(MetadataRecordType type, byte version, ByteReader reader) {
        return switch (type) {
            case REGISTER_BROKER -> readRegisterBroker(reader);
            case FENCE_BROKER -> new FenceBrokerRecord(reader.readInt(), reader.readLong());
            case UNFENCE_BROKER -> new UnfenceBrokerRecord(reader.readInt(), reader.readLong());
            case TOPIC -> new TopicRecord(reader.readString(), reader.readUuid());
            case PARTITION -> readPartition(version, reader);
            case PARTITION_CHANGE -> readPartitionChange(version, reader);
            case REMOVE_TOPIC -> new RemoveTopicRecord(reader.readUuid());
            case CONFIG -> readConfig(reader);
            case PRODUCER_IDS -> new ProducerIdsRecord(reader.readInt(), reader.readLong());
            case FEATURE_LEVEL -> new FeatureLevelRecord(reader.readString(), reader.readShort());
        };
    }

    private static RegisterBrokerRecord readRegisterBroker(ByteReader reader) {
        int nodeId = reader.readInt();
        var incarnationId = reader.readUuid();
        long brokerEpoch = reader.readLong();
        int count = reader.readCount(8);
        List<Endpoint> listeners = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = reader.readString();
            String host = reader.readString();
            int port = reader.readInt();
            short protocolId = reader.readShort();
            SecurityProtocol protocol = SecurityProtocol.fromId(protocolId)
                    .orElseThrow(() -> new CorruptMetadataException("Unknown security protocol id " + protocolId));
            listeners.add(new Endpoint(name, host, port, protocol));
        }
        Optional<String> rack = readOptionalString(reader);
        boolean fenced = reader.readBoolean();
        return new RegisterBrokerRecord(nodeId, incarnationId, brokerEpoch, listeners, rack, fenced);
    }

    private static PartitionRecord readPartition(byte version, ByteReader reader) {
        var topicId = reader.readUuid();
        int partition = reader.readInt();
        List<Integer> replicas = reader.readIntList();
        List<Integer> isr = reader.readIntList();
        int leader = reader.readInt();
        int leaderEpoch = reader.readInt();
        int partitionEpoch = reader.readInt();
        List<Integer> adding = version >= 1 ? reader.readIntList() : List.of();
        List<Integer> removing = version >= 1 ? reader.readIntList() : List.of();
        return new PartitionRecord(topicId, partition, replicas, isr, leader, leaderEpoch, partitionEpoch, adding,
                removing);
    }

    private static PartitionChangeRecord readPartitionChange(byte version, ByteReader reader) {
        var topicId = reader.readUuid();
        int partition = reader.readInt();
        OptionalInt leader = reader.readBoolean() ? OptionalInt.of(reader.readInt()) : OptionalInt.empty();
        Optional<List<Integer>> isr = readOptionalIntList(reader);
        Optional<List<Integer>> replicas = readOptionalIntList(reader);
        Optional<List<Integer>> adding = version >= 1 ? readOptionalIntList(reader) : Optional.empty();
        Optional<List<Integer>> removing = version >= 1 ? readOptionalIntList(reader) : Optional.empty();
        return new PartitionChangeRecord(topicId, partition, leader, isr, replicas, adding, removing);
    }

    private static ConfigRecord readConfig(ByteReader reader) {
        byte typeId = reader.readByte();
        ResourceType resourceType = ResourceType.fromId(typeId)
                .orElseThrow(() -> new CorruptMetadataException("Unknown config resource type " + typeId));
        String resourceName = reader.readString();
        String name = reader.readString();
        return new ConfigRecord(resourceType, resourceName, name, readOptionalString(reader));
    }

    private static Optional<String> readOptionalString(ByteReader reader) {
        return reader.readBoolean() ? Optional.of(reader.readString()) : Optional.empty();
    }

    private static Optional<List<Integer>> readOptionalIntList(ByteReader reader) {
        return reader.readBoolean() ? Optional.of(reader.readIntList()) : Optional.empty();
    }
}

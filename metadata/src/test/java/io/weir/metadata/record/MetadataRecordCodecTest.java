package io.weir.metadata.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import io.weir.metadata.CorruptMetadataException;
import io.weir.metadata.Uuid;
import org.junit.jupiter.api.Test;

class MetadataRecordCodecTest {

    @Test
    void typeIdsAreStableAndUnique() {
        Set<Short> ids = new HashSet<>();
        for (MetadataRecordType type : MetadataRecordType.values()) {
            assertThat(ids.add(type.id())).as("%s", type).isTrue();
            assertThat(MetadataRecordType.fromId(type.id())).contains(type);
        }
        assertThat(MetadataRecordType.TOPIC.id()).isEqualTo((short) 4);
        assertThat(MetadataRecordType.FEATURE_LEVEL.id()).isEqualTo((short) 10);
    }

    @Test
    void topicRecordHasTheDocumentedLayout() {
        byte[] bytes = MetadataRecordCodec.serialize(new TopicRecord("ab", new Uuid(1L, 2L)));

        ByteBuffer expected = ByteBuffer.allocate(2 + 1 + 1 + 2 + 16)
                .putShort((short) 4)
                .put((byte) 0)
                .put((byte) 2)
                .put((byte) 'a')
                .put((byte) 'b')
                .putLong(1L)
                .putLong(2L);
        assertThat(bytes).isEqualTo(expected.array());
    }

    @Test
    void rejectsUnknownTypeAndNewerVersion() {
        byte[] unknownType = {0, 99, 0};
        byte[] newerVersion = MetadataRecordCodec.serialize(new RemoveTopicRecord(new Uuid(1L, 2L)));
        newerVersion[2] = 1;

        assertThatThrownBy(() -> MetadataRecordCodec.deserialize(ByteBuffer.wrap(unknownType)))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("Unknown metadata record type 99");
        assertThatThrownBy(() -> MetadataRecordCodec.deserialize(ByteBuffer.wrap(newerVersion)))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("Unsupported version 1");
    }

    @Test
    void reassignmentStateIsWrittenAtVersionOneAndOnlyWhenPresent() {
        Uuid topicId = new Uuid(1L, 2L);
        PartitionRecord plain = new PartitionRecord(topicId, 0, List.of(1, 2), List.of(1, 2), 1, 0, 0);
        PartitionRecord moving = new PartitionRecord(topicId, 0, List.of(2, 3, 1), List.of(1, 2), 1, 0, 0, List.of(3),
                List.of(1));
        PartitionChangeRecord keep = new PartitionChangeRecord(topicId, 0, OptionalInt.empty(), Optional.empty(),
                Optional.of(List.of(2, 3)));
        PartitionChangeRecord end = new PartitionChangeRecord(topicId, 0, OptionalInt.empty(), Optional.empty(),
                Optional.of(List.of(2, 3)), Optional.of(List.of()), Optional.of(List.of()));

        assertThat(MetadataRecordCodec.serialize(plain)[2]).isEqualTo((byte) 0);
        assertThat(MetadataRecordCodec.serialize(keep)[2]).isEqualTo((byte) 0);
        assertThat(MetadataRecordCodec.serialize(moving)[2]).isEqualTo((byte) 1);
        assertThat(MetadataRecordCodec.serialize(end)[2]).isEqualTo((byte) 1);
        for (MetadataRecord record : List.of(plain, moving, keep, end)) {
            assertThat(MetadataRecordCodec.deserialize(ByteBuffer.wrap(MetadataRecordCodec.serialize(record))))
                    .isEqualTo(record);
        }
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] bytes = MetadataRecordCodec.serialize(new FenceBrokerRecord(1, 2L));
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);

        assertThatThrownBy(() -> MetadataRecordCodec.deserialize(ByteBuffer.wrap(longer)))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("unexpected bytes");
    }

    @Test
    void rejectsAFieldThatBreaksTheRecordsOwnChecks() {
        byte[] bytes = MetadataRecordCodec.serialize(new FenceBrokerRecord(1, 2L));
        ByteBuffer.wrap(bytes).putInt(3, -5);

        assertThatThrownBy(() -> MetadataRecordCodec.deserialize(ByteBuffer.wrap(bytes)))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("nodeId must not be negative");
    }

    @Test
    void aHugeClaimedCountDoesNotAllocate() {
        byte[] bytes = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};

        assertThatThrownBy(() -> MetadataRecordCodec.deserializeAll(ByteBuffer.wrap(bytes)))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void configDeletionKeepsTheDifferenceBetweenEmptyAndAbsent() {
        ConfigRecord delete = new ConfigRecord(ResourceType.TOPIC, "t", "retention.ms", Optional.empty());
        ConfigRecord empty = new ConfigRecord(ResourceType.TOPIC, "t", "retention.ms", Optional.of(""));

        List<MetadataRecord> decoded = MetadataRecordCodec.deserializeAll(
                ByteBuffer.wrap(MetadataRecordCodec.serializeAll(List.of(delete, empty))));

        assertThat(decoded).containsExactly(delete, empty);
    }

    @Test
    void refusesAStringThatUtf8CannotCarry() {
        TopicRecord loneSurrogate = new TopicRecord("a\uD800b", new Uuid(1L, 2L));

        assertThatThrownBy(() -> MetadataRecordCodec.serialize(loneSurrogate))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid Unicode");
    }
}

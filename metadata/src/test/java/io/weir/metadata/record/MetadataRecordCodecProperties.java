package io.weir.metadata.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import io.weir.metadata.CorruptMetadataException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class MetadataRecordCodecProperties {

    @Provide
    Arbitrary<MetadataRecord> records() {
        return MetadataArbitraries.records();
    }

    @Provide
    Arbitrary<List<MetadataRecord>> recordLists() {
        return MetadataArbitraries.records().list().ofMaxSize(20);
    }

    @Property(tries = 2000)
    void everyRecordSurvivesItsBinaryForm(@ForAll("records") MetadataRecord record) {
        byte[] bytes = MetadataRecordCodec.serialize(record);

        assertThat(MetadataRecordCodec.deserialize(ByteBuffer.wrap(bytes))).isEqualTo(record);
        assertThat(ByteBuffer.wrap(bytes).getShort()).isEqualTo(record.type().id());
    }

    @Property(tries = 300)
    void recordListsSurviveTheirBinaryForm(@ForAll("recordLists") List<MetadataRecord> records) {
        byte[] bytes = MetadataRecordCodec.serializeAll(records);

        assertThat(MetadataRecordCodec.deserializeAll(ByteBuffer.wrap(bytes))).isEqualTo(records);
    }

    @Property(tries = 1000)
    void aTruncatedRecordIsRejectedAsCorrupt(@ForAll("records") MetadataRecord record, @ForAll int cutSeed) {
        byte[] bytes = MetadataRecordCodec.serialize(record);
        int cut = Math.floorMod(cutSeed, bytes.length);

        assertThatThrownBy(() -> MetadataRecordCodec.deserialize(ByteBuffer.wrap(Arrays.copyOf(bytes, cut))))
                .isInstanceOf(CorruptMetadataException.class);
    }

    @Property(tries = 2000)
    void garbageDecodesOrFailsAsCorruptButNothingElse(@ForAll @Size(max = 64) byte[] garbage) {
        try {
            MetadataRecordCodec.deserializeAll(ByteBuffer.wrap(garbage));
        } catch (CorruptMetadataException expected) {
            // the only acceptable failure
        }
    }

    @Property(tries = 1)
    void everyRecordTypeHasAGenerator() {
        assertThat(MetadataArbitraries.coveredTypes()).hasSize(MetadataRecordType.values().length);
        assertThat(MetadataRecord.class.getPermittedSubclasses()).hasSize(MetadataRecordType.values().length);
    }
}

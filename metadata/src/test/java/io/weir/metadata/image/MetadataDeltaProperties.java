package io.weir.metadata.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.record.MetadataRecordCodec;
import io.weir.metadata.record.ResourceType;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class MetadataDeltaProperties {

    @Property(tries = 300)
    void batchingDoesNotChangeTheResult(@ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int batches) {
        RandomMetadataHistory history = new RandomMetadataHistory(seed);
        List<MetadataRecord> all = new ArrayList<>();
        MetadataImage perBatch = MetadataImage.EMPTY;
        for (int i = 0; i < batches; i++) {
            List<MetadataRecord> batch = history.nextBatch();
            perBatch = MetadataDeltaTest.apply(perBatch, batch);
            all.addAll(batch);
        }
        MetadataImage perRecord = MetadataImage.EMPTY;
        for (MetadataRecord record : all) {
            perRecord = MetadataDeltaTest.apply(perRecord, List.of(record));
        }

        MetadataImage allAtOnce = MetadataDeltaTest.apply(MetadataImage.EMPTY, all);

        assertThat(allAtOnce).isEqualTo(perBatch).isEqualTo(perRecord);
    }

    @Property(tries = 300)
    void anImageRebuildsFromItsRecordsAndTheyRoundTrip(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 30) int batches) {
        RandomMetadataHistory history = new RandomMetadataHistory(seed);
        MetadataImage image = MetadataImage.EMPTY;
        for (int i = 0; i < batches; i++) {
            image = MetadataDeltaTest.apply(image, history.nextBatch());
        }
        List<MetadataRecord> records = image.toRecords();

        MetadataDelta delta = new MetadataDelta(MetadataImage.EMPTY);
        delta.replayAll(MetadataRecordCodec.deserializeAll(ByteBuffer.wrap(MetadataRecordCodec.serializeAll(records))));

        assertThat(delta.apply(image.offset())).isEqualTo(image);
    }

    @Example
    void theHistoryExercisesEveryPartOfTheImage() {
        RandomMetadataHistory history = new RandomMetadataHistory(42);
        MetadataImage image = MetadataImage.EMPTY;
        boolean sawDeletion = false;
        boolean sawGroupConfig = false;
        for (int i = 0; i < 60; i++) {
            MetadataDelta delta = new MetadataDelta(image);
            delta.replayAll(history.nextBatch());
            sawDeletion |= !delta.deletedTopics().isEmpty();
            sawGroupConfig |= delta.changedConfigResources().stream().anyMatch(r -> r.type() == ResourceType.GROUP);
            image = delta.apply(image.offset() + delta.recordCount());
        }

        assertThat(sawDeletion).isTrue();
        assertThat(sawGroupConfig).isTrue();
        assertThat(image.topics().size()).isPositive();
        assertThat(image.cluster().brokers()).isNotEmpty();
        assertThat(image.producerIds().nextProducerId()).isPositive();
        assertThat(image.topics().topicsById().values())
                .anySatisfy(topic -> assertThat(topic.partitions().values())
                        .anySatisfy(p -> assertThat(p.partitionEpoch()).isPositive()));
    }
}

package io.weir.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import io.weir.metadata.Uuid;
import io.weir.metadata.image.MetadataDelta;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.record.PartitionRecord;
import io.weir.metadata.record.TopicRecord;
import org.junit.jupiter.api.Test;

class FetchedMetadataStoreTest {
    private record Update(MetadataDelta delta, MetadataImage image) {}

    private final ControllerSender unused = new ControllerSender() {
        @Override
        public CompletableFuture<ControllerMessages.Reply> send(byte[] request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public OptionalInt activeControllerId() {
            return OptionalInt.empty();
        }
    };
    private final FetchedMetadataStore store = new FetchedMetadataStore("[test]", unused);
    private final List<Update> updates = new ArrayList<>();

    private static List<MetadataRecord> topic(String name, Uuid id) {
        return List.of(new TopicRecord(name, id), new PartitionRecord(id, 0, List.of(1), List.of(1), 1, 0, 0));
    }

    private static MetadataImage imageOf(List<MetadataRecord> records, long offset) {
        MetadataDelta delta = new MetadataDelta(MetadataImage.EMPTY);
        delta.replayAll(records);
        return delta.apply(offset);
    }

    @Test
    void batchesApplyInOrderOneListenerCallEach() {
        store.addListener((delta, image) -> updates.add(new Update(delta, image)));
        Uuid a = Uuid.random();
        Uuid b = Uuid.random();

        store.apply(new MetadataWindow.Batches(List.of(new MetadataWindow.Batch(-1, topic("a", a)),
                new MetadataWindow.Batch(1, topic("b", b)))));

        assertThat(store.image().offset()).isEqualTo(3);
        assertThat(store.image().topics().getTopic("b")).isPresent();
        assertThat(updates).hasSize(2);
        assertThat(updates.get(1).delta().baseImage()).isEqualTo(updates.get(0).image());
    }

    @Test
    void aBatchNotStartingAtTheImageIsIgnoredAndAnOldOneSkipped() {
        Uuid a = Uuid.random();
        store.apply(new MetadataWindow.Batches(List.of(new MetadataWindow.Batch(-1, topic("a", a)))));

        boolean movedByGap = store.apply(new MetadataWindow.Batches(
                List.of(new MetadataWindow.Batch(5, topic("b", Uuid.random())))));
        boolean movedByOld = store.apply(new MetadataWindow.Batches(List.of(new MetadataWindow.Batch(-1, topic("a", a)))));

        assertThat(movedByGap).isFalse();
        assertThat(movedByOld).isFalse();
        assertThat(store.image().offset()).isEqualTo(1);
    }

    @Test
    void aSnapshotReportsTheTopicsItNoLongerHasThenReloads() {
        Uuid kept = Uuid.random();
        Uuid deleted = Uuid.random();
        List<MetadataRecord> both = new ArrayList<>(topic("kept", kept));
        both.addAll(topic("deleted", deleted));
        store.apply(new MetadataWindow.Batches(List.of(new MetadataWindow.Batch(-1, both))));
        store.addListener((delta, image) -> updates.add(new Update(delta, image)));
        Uuid added = Uuid.random();
        List<MetadataRecord> snapshotRecords = new ArrayList<>(topic("kept", kept));
        snapshotRecords.addAll(topic("added", added));
        MetadataImage target = imageOf(snapshotRecords, 40);

        store.apply(new MetadataWindow.Snapshot(40, target.toRecords()));

        assertThat(updates).hasSize(2);
        assertThat(updates.get(0).delta().deletedTopics()).containsOnlyKeys(deleted);
        assertThat(updates.get(1).image()).isEqualTo(target);
        assertThat(store.image()).isEqualTo(target);
        assertThat(store.snapshotsApplied()).isEqualTo(1);
    }

    @Test
    void anOlderSnapshotIsIgnored() {
        store.apply(new MetadataWindow.Snapshot(10, imageOf(topic("a", Uuid.random()), 10).toRecords()));

        boolean moved = store.apply(new MetadataWindow.Snapshot(5, imageOf(topic("b", Uuid.random()), 5).toRecords()));

        assertThat(moved).isFalse();
        assertThat(store.image().offset()).isEqualTo(10);
    }
}

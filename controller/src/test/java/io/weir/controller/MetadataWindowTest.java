package io.weir.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import io.weir.metadata.Uuid;
import io.weir.metadata.image.MetadataDelta;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.record.PartitionRecord;
import io.weir.metadata.record.TopicRecord;
import org.junit.jupiter.api.Test;

class MetadataWindowTest {
    private final List<List<MetadataRecord>> committed = new ArrayList<>();
    private MetadataImage image = MetadataImage.EMPTY;

    private void commit(MetadataWindow window, String topic) {
        Uuid id = Uuid.random();
        List<MetadataRecord> batch = List.of(new TopicRecord(topic, id),
                new PartitionRecord(id, 0, List.of(1), List.of(1), 1, 0, 0));
        MetadataDelta delta = new MetadataDelta(image);
        delta.replayAll(batch);
        window.append(image.offset(), batch);
        image = delta.apply(image.offset() + batch.size());
        committed.add(batch);
    }

    @Test
    void aFollowerInsideTheWindowGetsTheBatchesAfterItsOffset() {
        MetadataWindow window = new MetadataWindow(100);
        commit(window, "a");
        commit(window, "b");
        commit(window, "c");

        MetadataWindow.Fetched fromStart = window.after(MetadataImage.EMPTY.offset(), image);
        MetadataWindow.Fetched afterFirst = window.after(1, image);

        assertThat(((MetadataWindow.Batches) fromStart).batches()).hasSize(3);
        assertThat(((MetadataWindow.Batches) afterFirst).batches())
                .extracting(MetadataWindow.Batch::baseOffset).containsExactly(1L, 3L);
        assertThat(((MetadataWindow.Batches) afterFirst).batches().get(0).records()).isEqualTo(committed.get(1));
    }

    @Test
    void anUpToDateOrAheadFollowerGetsNothing() {
        MetadataWindow window = new MetadataWindow(100);
        commit(window, "a");

        assertThat(window.after(image.offset(), image)).isEqualTo(new MetadataWindow.Batches(List.of()));
        assertThat(window.after(image.offset() + 10, image)).isEqualTo(new MetadataWindow.Batches(List.of()));
    }

    @Test
    void aFollowerBehindTheWindowGetsTheWholeImageAsASnapshot() {
        MetadataWindow window = new MetadataWindow(4);
        commit(window, "a");
        commit(window, "b");
        commit(window, "c");

        assertThat(window.startOffset()).isEqualTo(1);
        MetadataWindow.Fetched fetched = window.after(MetadataImage.EMPTY.offset(), image);

        assertThat(fetched).isInstanceOf(MetadataWindow.Snapshot.class);
        MetadataWindow.Snapshot snapshot = (MetadataWindow.Snapshot) fetched;
        assertThat(snapshot.offset()).isEqualTo(image.offset());
        assertThat(snapshot.records()).isEqualTo(image.toRecords());
    }

    @Test
    void anOffsetInsideABatchGetsASnapshot() {
        MetadataWindow window = new MetadataWindow(100);
        commit(window, "a");
        commit(window, "b");

        assertThat(window.after(0, image)).isInstanceOf(MetadataWindow.Snapshot.class);
    }

    @Test
    void theNewestBatchIsKeptEvenWhenLargerThanTheBound() {
        MetadataWindow window = new MetadataWindow(1);
        commit(window, "a");

        assertThat(window.after(MetadataImage.EMPTY.offset(), image)).isInstanceOf(MetadataWindow.Batches.class);
    }

    @Test
    void aResetForgetsEveryBatch() {
        MetadataWindow window = new MetadataWindow(100);
        commit(window, "a");
        window.reset(image.offset());

        assertThat(window.after(MetadataImage.EMPTY.offset(), image)).isInstanceOf(MetadataWindow.Snapshot.class);
        assertThat(window.after(image.offset(), image)).isEqualTo(new MetadataWindow.Batches(List.of()));
        assertThatThrownBy(() -> new MetadataWindow(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fetchRepliesRoundTrip() {
        MetadataWindow window = new MetadataWindow(4);
        commit(window, "a");
        commit(window, "b");
        commit(window, "c");

        for (long offset : new long[] {-1, 1, 3, 5}) {
            MetadataWindow.Fetched fetched = window.after(offset, image);
            ByteBuffer body = ByteBuffer.wrap(ControllerMessages.fetchedBody(fetched));
            assertThat(ControllerMessages.fetchedReply(body)).isEqualTo(fetched);
        }
        ControllerMessages.Request request = ControllerMessages.decodeRequest(
                ByteBuffer.wrap(ControllerMessages.fetchMetadata(7, 500)));
        assertThat(request).isEqualTo(new ControllerMessages.FetchMetadata(7, 500));
    }
}

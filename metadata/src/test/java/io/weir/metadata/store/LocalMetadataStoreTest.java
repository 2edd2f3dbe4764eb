package io.weir.metadata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import io.weir.metadata.CorruptMetadataException;
import io.weir.metadata.MetadataValidationException;
import io.weir.metadata.TopicAlreadyExistsException;
import io.weir.metadata.Uuid;
import io.weir.metadata.image.MetadataDelta;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.TopicChange;
import io.weir.metadata.record.ConfigRecord;
import io.weir.metadata.record.Endpoint;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.record.PartitionRecord;
import io.weir.metadata.record.RegisterBrokerRecord;
import io.weir.metadata.record.RemoveTopicRecord;
import io.weir.metadata.record.ResourceType;
import io.weir.metadata.record.SecurityProtocol;
import io.weir.metadata.record.TopicRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LocalMetadataStoreTest {

    @TempDir
    Path dir;

    static List<MetadataRecord> topic(String name, long idBits, int partitions) {
        Uuid id = new Uuid(idBits, idBits);
        List<MetadataRecord> records = new ArrayList<>();
        records.add(new TopicRecord(name, id));
        for (int i = 0; i < partitions; i++) {
            records.add(new PartitionRecord(id, i, List.of(1), List.of(1), 1, 0, 0));
        }
        return records;
    }

    static RegisterBrokerRecord broker() {
        return new RegisterBrokerRecord(1, new Uuid(7L, 7L), 1,
                List.of(new Endpoint("PLAINTEXT", "localhost", 9092, SecurityProtocol.PLAINTEXT)), Optional.empty(),
                false);
    }

    Path logFile() {
        return dir.resolve(MetadataLog.FILE_NAME);
    }

    @Test
    void aReopenedStoreHasTheSameImage() throws IOException {
        MetadataImage before;
        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            assertThat(store.image()).isEqualTo(MetadataImage.EMPTY);
            store.commit(List.of(broker()));
            store.commit(topic("orders", 1, 3));
            store.commit(List.of(new ConfigRecord(ResourceType.TOPIC, "orders", "retention.ms", Optional.of("9"))));
            before = store.commit(topic("payments", 2, 1));
        }

        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            assertThat(store.image()).isEqualTo(before);
            assertThat(store.image().offset()).isEqualTo(7);
            assertThat(store.commit(topic("third", 3, 1)).offset()).isEqualTo(9);
        }
    }

    @Test
    void aBatchIsAppliedWholeOrNotAtAll() throws IOException {
        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            MetadataImage before = store.commit(topic("orders", 1, 1));
            long sizeBefore = Files.size(logFile());
            List<MetadataRecord> batch = new ArrayList<>(topic("fresh", 2, 2));
            batch.add(new TopicRecord("orders", new Uuid(3L, 3L)));

            assertThatThrownBy(() -> store.commit(batch)).isInstanceOf(TopicAlreadyExistsException.class);

            assertThat(store.image()).isSameAs(before);
            assertThat(Files.size(logFile())).isEqualTo(sizeBefore);
        }
        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            assertThat(store.image().topics().getTopic("fresh")).isEmpty();
        }
    }

    @Test
    void aTornTailIsCutBackToTheLastWholeBatchAtEveryBytePosition() throws IOException {
        Path source = dir.resolve("source");
        MetadataImage kept;
        try (LocalMetadataStore store = LocalMetadataStore.open(source)) {
            store.commit(List.of(broker()));
            kept = store.commit(topic("orders", 1, 2));
            store.commit(topic("payments", 2, 2));
        }
        byte[] whole = Files.readAllBytes(source.resolve(MetadataLog.FILE_NAME));
        int keptBytes = lengthOfBatches(whole, 2);

        for (int cut = keptBytes; cut < whole.length; cut++) {
            Path copy = dir.resolve("cut-" + cut);
            Files.createDirectories(copy);
            Files.write(copy.resolve(MetadataLog.FILE_NAME), Arrays.copyOf(whole, cut));
            try (LocalMetadataStore store = LocalMetadataStore.open(copy)) {
                assertThat(store.image()).as("cut at %d", cut).isEqualTo(kept);
                assertThat(Files.size(copy.resolve(MetadataLog.FILE_NAME))).isEqualTo(keptBytes);
                store.commit(topic("after", 3, 1));
            }
            try (LocalMetadataStore store = LocalMetadataStore.open(copy)) {
                assertThat(store.image().topics().getTopic("after")).as("cut at %d", cut).isPresent();
                assertThat(store.image().offset()).isEqualTo(kept.offset() + 2);
            }
        }
    }

    @Test
    void aTornTailIsReportedWithOneWarning() throws IOException {
        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            store.commit(topic("orders", 1, 1));
            store.commit(topic("payments", 2, 1));
        }
        byte[] whole = Files.readAllBytes(logFile());
        Files.write(logFile(), Arrays.copyOf(whole, whole.length - 3));
        ListAppender<ILoggingEvent> appender = captureLogs();

        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            assertThat(store.image().topics().size()).isEqualTo(1);
        } finally {
            appender.stop();
            ((Logger) LoggerFactory.getLogger(MetadataLog.class)).detachAppender(appender);
        }

        assertThat(appender.list).filteredOn(e -> e.getLevel() == Level.WARN).hasSize(1).first()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("torn", "[metadata "));
    }

    @Test
    void aFlippedByteInTheLastBatchFailsItsChecksumAndIsCut() throws IOException {
        MetadataImage kept;
        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            kept = store.commit(topic("orders", 1, 1));
            store.commit(topic("payments", 2, 1));
        }
        byte[] whole = Files.readAllBytes(logFile());
        whole[whole.length - 5] ^= 0x10;
        Files.write(logFile(), whole);

        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            assertThat(store.image()).isEqualTo(kept);
        }
    }

    @Test
    void anIntactBatchThatDoesNotDecodeFailsTheOpen() throws IOException {
        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            store.commit(topic("orders", 1, 1));
        }
        ByteBuffer garbage = MetadataLog.encodeBatch(2, new byte[] {1, 0, 99, 0});
        Files.write(logFile(), Arrays.copyOf(garbage.array(), garbage.remaining()), StandardOpenOption.APPEND);

        assertThatThrownBy(() -> LocalMetadataStore.open(dir))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("valid checksum");
    }

    @Test
    void aGapInOffsetsFailsTheOpen() throws IOException {
        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            store.commit(topic("orders", 1, 1));
        }
        byte[] records = io.weir.metadata.record.MetadataRecordCodec.serializeAll(topic("later", 2, 1));
        ByteBuffer batch = MetadataLog.encodeBatch(7, records);
        Files.write(logFile(), Arrays.copyOf(batch.array(), batch.remaining()), StandardOpenOption.APPEND);

        assertThatThrownBy(() -> LocalMetadataStore.open(dir))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("does not follow offset 1");
    }

    @Test
    void storedRecordsThatNoLongerApplyFailTheOpen() throws IOException {
        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            store.commit(topic("orders", 1, 1));
        }
        byte[] records = io.weir.metadata.record.MetadataRecordCodec.serializeAll(topic("orders", 2, 1));
        ByteBuffer batch = MetadataLog.encodeBatch(2, records);
        Files.write(logFile(), Arrays.copyOf(batch.array(), batch.remaining()), StandardOpenOption.APPEND);

        assertThatThrownBy(() -> LocalMetadataStore.open(dir)).isInstanceOf(MetadataValidationException.class);
    }

    @Test
    void snapshotsKeepTheLogShortAndReplayWithTheLogAfterThem() throws IOException {
        MetadataImage before;
        try (LocalMetadataStore store = LocalMetadataStore.open(dir, 5)) {
            for (int i = 0; i < 7; i++) {
                store.commit(topic("topic-" + i, i + 1, 2));
            }
            store.commit(List.of(new RemoveTopicRecord(new Uuid(1L, 1L))));
            before = store.image();
            assertThat(Files.exists(dir.resolve(MetadataSnapshot.FILE_NAME))).isTrue();
            assertThat(store.recordsSinceSnapshot()).isLessThan(5);
        }

        try (LocalMetadataStore store = LocalMetadataStore.open(dir, 5)) {
            assertThat(store.image()).isEqualTo(before);
            assertThat(store.image().offset()).isEqualTo(21);
            assertThat(store.image().topics().size()).isEqualTo(6);
        }
    }

    @Test
    void aCrashBetweenSnapshotAndLogResetReplaysCorrectly() throws IOException {
        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            store.commit(topic("orders", 1, 1));
            store.commit(topic("payments", 2, 1));
            byte[] logBeforeSnapshot = Files.readAllBytes(logFile());
            store.writeSnapshot();
            assertThat(Files.size(logFile())).isZero();
            Files.write(logFile(), logBeforeSnapshot); // as if the log reset never reached the disk
        }
        MetadataImage after;
        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            assertThat(store.image().topics().size()).isEqualTo(2);
            after = store.commit(topic("third", 3, 1));
        }
        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            assertThat(store.image()).isEqualTo(after);
        }
    }

    @Test
    void aCorruptSnapshotFailsTheOpenInsteadOfLosingData() throws IOException {
        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            store.commit(topic("orders", 1, 1));
            store.writeSnapshot();
        }
        Path snapshot = dir.resolve(MetadataSnapshot.FILE_NAME);
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length - 1] ^= 1;
        Files.write(snapshot, bytes);

        assertThatThrownBy(() -> LocalMetadataStore.open(dir))
                .isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void aLeftOverTemporarySnapshotIsIgnoredAndRemoved() throws IOException {
        Files.write(dir.resolve(MetadataSnapshot.TEMP_FILE_NAME), new byte[] {1, 2, 3});

        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            assertThat(store.image()).isEqualTo(MetadataImage.EMPTY);
        }
        assertThat(Files.exists(dir.resolve(MetadataSnapshot.TEMP_FILE_NAME))).isFalse();
    }

    @Test
    void listenersHearEveryCommitInOrder() throws IOException {
        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            List<Long> offsets = new ArrayList<>();
            List<TopicChange> changes = new ArrayList<>();
            MetadataImage atRegistration = store.addListener((delta, image) -> {
                offsets.add(image.offset());
                changes.addAll(delta.topicChanges());
                assertThat(delta.baseImage().offset()).isLessThan(image.offset());
            });
            store.addListener((delta, image) -> {
                throw new IllegalStateException("a failing listener does not stop the others");
            });

            store.commit(topic("orders", 1, 2));
            store.commit(List.of());
            store.commit(topic("payments", 2, 1));

            assertThat(atRegistration).isEqualTo(MetadataImage.EMPTY);
            assertThat(offsets).containsExactly(2L, 4L);
            assertThat(changes).extracting(TopicChange::name).containsExactly("orders", "payments");
        }
    }

    @Test
    void aListenerCannotCommit() throws IOException {
        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            AtomicReference<RuntimeException> failure = new AtomicReference<>();
            store.addListener((MetadataDelta delta, MetadataImage image) -> {
                try {
                    store.commit(topic("nested", 9, 1));
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            });

            store.commit(topic("orders", 1, 1));

            assertThat(failure.get()).isInstanceOf(IllegalStateException.class);
            assertThat(store.image().topics().getTopic("nested")).isEmpty();
        }
    }

    @Test
    void aClosedStoreRefusesCommitsButStillAnswersReads() throws IOException {
        LocalMetadataStore store = LocalMetadataStore.open(dir);
        MetadataImage image = store.commit(topic("orders", 1, 1));
        store.close();
        store.close();

        assertThat(store.image()).isEqualTo(image);
        assertThatThrownBy(() -> store.commit(topic("x", 2, 1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsANonPositiveSnapshotThreshold() {
        assertThatThrownBy(() -> LocalMetadataStore.open(dir, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static int lengthOfBatches(byte[] log, int batches) {
        ByteBuffer buffer = ByteBuffer.wrap(log);
        int position = 0;
        for (int i = 0; i < batches; i++) {
            position += 4 + buffer.getInt(position);
        }
        return position;
    }

    private static ListAppender<ILoggingEvent> captureLogs() {
        Logger logger = (Logger) LoggerFactory.getLogger(MetadataLog.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        return appender;
    }
}

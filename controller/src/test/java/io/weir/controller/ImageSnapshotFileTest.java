package io.weir.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import io.weir.metadata.CorruptMetadataException;
import io.weir.metadata.Uuid;
import io.weir.metadata.image.MetadataDelta;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.PartitionRecord;
import io.weir.metadata.record.TopicRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSnapshotFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsAnImageWithItsOffset() throws Exception {
        MetadataImage image = imageWithTopic("orders", 41);
        Path file = dir.resolve("snapshot.1_7");

        ImageSnapshotFile.write(file, image);

        assertThat(ImageSnapshotFile.read(file)).isEqualTo(image);
        assertThat(ImageSnapshotFile.read(file).offset()).isEqualTo(41);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void roundTripsTheEmptyImage() throws Exception {
        Path file = dir.resolve("snapshot.0_0");
        ImageSnapshotFile.write(file, MetadataImage.EMPTY);
        assertThat(ImageSnapshotFile.read(file)).isEqualTo(MetadataImage.EMPTY);
    }

    @Test
    void refusesAFlippedByteAWrongMagicAndATruncatedFile() throws Exception {
        Path file = dir.resolve("snapshot.1_7");
        ImageSnapshotFile.write(file, imageWithTopic("orders", 1));
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[flipped.length - 3] ^= 0x10;
        Files.write(file, flipped);
        assertThatThrownBy(() -> ImageSnapshotFile.read(file)).isInstanceOf(CorruptMetadataException.class)
                .hasMessageContaining("checksum");

        byte[] wrongMagic = good.clone();
        ByteBuffer.wrap(wrongMagic).putInt(0, 0x12345678);
        Files.write(file, wrongMagic);
        assertThatThrownBy(() -> ImageSnapshotFile.read(file)).hasMessageContaining("not a controller snapshot");

        Files.write(file, java.util.Arrays.copyOf(good, 12));
        assertThatThrownBy(() -> ImageSnapshotFile.read(file)).isInstanceOf(CorruptMetadataException.class);
    }

    @Test
    void applyOutcomesRoundTrip() {
        ApplyOutcome applied = new ApplyOutcome.Applied(1234L);
        ApplyOutcome rejected = new ApplyOutcome.Rejected("Topic 'é' already exists");

        assertThat(ApplyOutcome.decode(ByteBuffer.wrap(ApplyOutcome.encode(applied)))).isEqualTo(applied);
        assertThat(ApplyOutcome.decode(ByteBuffer.wrap(ApplyOutcome.encode(rejected)))).isEqualTo(rejected);
    }

    private static MetadataImage imageWithTopic(String name, long offset) {
        Uuid id = Uuid.random();
        MetadataDelta delta = new MetadataDelta(MetadataImage.EMPTY);
        delta.replayAll(List.of(new TopicRecord(name, id),
                new PartitionRecord(id, 0, List.of(1, 2), List.of(1, 2), 1, 0, 0)));
        return delta.apply(offset);
    }
}

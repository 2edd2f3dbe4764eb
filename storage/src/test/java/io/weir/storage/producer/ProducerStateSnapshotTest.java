package io.weir.storage.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerStateSnapshotTest {
    @TempDir
    Path dir;

    private ProducerStateManager manager() {
        return new ProducerStateManager(dir, "node 1 test-0");
    }

    /** Seven batches of producer 1 (five retained), an open transaction of producer 2, a marker of producer 3. */
    private ProducerStateManager populated() {
        ProducerStateManager manager = manager();
        for (int i = 0; i < 7; i++) {
            manager.updateFromAppendedBatch(ProducerBatch.data(1L, (short) 2, i * 2, 1, 1_000L + i, false), i * 2L);
        }
        manager.updateFromAppendedBatch(ProducerBatch.data(2L, (short) 0, 0, 0, 2_000L, true), 14);
        manager.updateFromAppendedBatch(
                ProducerBatch.marker(3L, (short) 9, new TransactionMarker(TransactionResult.ABORT, 12), 3_000L), 15);
        return manager;
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aSnapshotRestoresEveryProducerAndOpenTransaction() throws IOException {
        ProducerStateManager original = populated();
        original.takeSnapshot(16);
        assertThat(fileNames()).containsExactly("00000000000000000016.snapshot");

        ProducerStateManager restored = manager();
        assertThat(restored.loadLatestSnapshot(Long.MAX_VALUE)).isEqualTo(OptionalLong.of(16));
        assertThat(restored.activeProducers()).isEqualTo(original.activeProducers());
        assertThat(restored.lastEntry(1L).orElseThrow().batches()).hasSize(5);
        assertThat(restored.firstUnstableOffset()).isEqualTo(OptionalLong.of(14));
        assertThat(restored.lastEntry(3L).orElseThrow().coordinatorEpoch()).isEqualTo(12);
    }

    @Test
    void restoredStateDetectsDuplicatesOfAllRetainedBatches() throws IOException {
        populated().takeSnapshot(16);
        ProducerStateManager restored = manager();
        restored.loadLatestSnapshot(16);
        ProducerAppendResult result =
                restored.prepare(List.of(ProducerBatch.data(1L, (short) 2, 4, 1, 0L, false)));
        assertThat(result)
                .isEqualTo(new ProducerAppendResult.Duplicate(new BatchMetadata(4, 5, 4, 5, 1_002L)));
    }

    @Test
    void loadsTheNewestSnapshotAtOrBelowTheLimit() throws IOException {
        ProducerStateManager manager = populated();
        manager.takeSnapshot(16);
        manager.updateFromAppendedBatch(ProducerBatch.data(4L, (short) 0, 0, 0, 4_000L, false), 16);
        manager.takeSnapshot(17);
        assertThat(manager.snapshotOffsets()).containsExactly(16L, 17L);
        assertThat(manager.latestSnapshotOffset()).isEqualTo(OptionalLong.of(17));

        ProducerStateManager restored = manager();
        assertThat(restored.loadLatestSnapshot(16)).isEqualTo(OptionalLong.of(16));
        assertThat(restored.activeProducers()).doesNotContainKey(4L);
        assertThat(restored.loadLatestSnapshot(100)).isEqualTo(OptionalLong.of(17));
        assertThat(restored.activeProducers()).containsKey(4L);
        assertThat(restored.loadLatestSnapshot(15)).isEmpty();
        assertThat(restored.producerCount()).isZero();
    }

    @Test
    void aCorruptSnapshotIsDeletedAndTheNextOlderOneIsUsed() throws IOException {
        ProducerStateManager manager = populated();
        manager.takeSnapshot(16);
        manager.takeSnapshot(20);
        Path newest = ProducerStateSnapshotFile.path(dir, 20);
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 3] ^= 0x10;
        Files.write(newest, bytes);

        ProducerStateManager restored = manager();
        assertThat(restored.loadLatestSnapshot(Long.MAX_VALUE)).isEqualTo(OptionalLong.of(16));
        assertThat(restored.activeProducers()).isEqualTo(manager.activeProducers());
        assertThat(fileNames()).containsExactly("00000000000000000016.snapshot");
    }

    @Test
    void truncatedEmptyForeignAndMisnamedSnapshotsAreAllRejected() throws IOException {
        ProducerStateManager manager = populated();
        manager.takeSnapshot(16);
        byte[] good = Files.readAllBytes(ProducerStateSnapshotFile.path(dir, 16));
        Files.write(ProducerStateSnapshotFile.path(dir, 17), java.util.Arrays.copyOf(good, good.length - 1));
        Files.write(ProducerStateSnapshotFile.path(dir, 18), new byte[0]);
        Files.write(ProducerStateSnapshotFile.path(dir, 19), "not a snapshot at all".getBytes());
        Files.write(ProducerStateSnapshotFile.path(dir, 21), good); // says offset 16 inside

        ProducerStateManager restored = manager();
        assertThat(restored.loadLatestSnapshot(Long.MAX_VALUE)).isEqualTo(OptionalLong.of(16));
        assertThat(restored.snapshotOffsets()).containsExactly(16L);
    }

    @Test
    void onlyCorruptSnapshotsMeansAnEmptyState() throws IOException {
        Files.write(ProducerStateSnapshotFile.path(dir, 5), new byte[] {1, 2, 3});
        ProducerStateManager restored = manager();
        assertThat(restored.loadLatestSnapshot(Long.MAX_VALUE)).isEmpty();
        assertThat(restored.producerCount()).isZero();
        assertThat(restored.firstUnstableOffset()).isEmpty();
    }

    @Test
    void leftoversOfAnInterruptedWriteAreIgnoredAndDeleted() throws IOException {
        populated().takeSnapshot(16);
        Files.write(dir.resolve("00000000000000000030.snapshot.tmp"), new byte[] {9, 9});
        Files.write(dir.resolve("00000000000000000000.log"), new byte[] {7});
        ProducerStateManager restored = manager();
        assertThat(restored.loadLatestSnapshot(Long.MAX_VALUE)).isEqualTo(OptionalLong.of(16));
        assertThat(fileNames()).containsExactly("00000000000000000000.log", "00000000000000000016.snapshot");
    }

    @Test
    void truncationDeletesLaterSnapshotsAndReloadsTheLastOneStillValid() throws IOException {
        ProducerStateManager manager = populated();
        manager.takeSnapshot(10);
        manager.takeSnapshot(16);
        manager.takeSnapshot(20);
        assertThat(manager.truncateAndReload(16)).isEqualTo(OptionalLong.of(16));
        assertThat(manager.snapshotOffsets()).containsExactly(10L, 16L);
        assertThat(manager.truncateAndReload(12)).isEqualTo(OptionalLong.of(10));
        assertThat(manager.snapshotOffsets()).containsExactly(10L);
        assertThat(manager.truncateAndReload(3)).isEmpty();
        assertThat(manager.producerCount()).isZero();
        assertThat(manager.snapshotOffsets()).isEmpty();
    }

    @Test
    void snapshotsBeforeAnOffsetCanBeDeletedAndAllOnFullTruncation() throws IOException {
        ProducerStateManager manager = populated();
        manager.takeSnapshot(10);
        manager.takeSnapshot(16);
        manager.takeSnapshot(20);
        manager.deleteSnapshotsBefore(16);
        assertThat(manager.snapshotOffsets()).containsExactly(16L, 20L);
        manager.deleteSnapshotsAfter(16);
        assertThat(manager.snapshotOffsets()).containsExactly(16L);
        manager.truncateFully();
        assertThat(manager.snapshotOffsets()).isEmpty();
        assertThat(manager.producerCount()).isZero();
        assertThat(manager.firstUnstableOffset()).isEmpty();
    }

    @Test
    void aMissingPartitionDirectoryHasNoSnapshots() throws IOException {
        ProducerStateManager manager = new ProducerStateManager(dir.resolve("gone"), "node 1 test-0");
        assertThat(manager.snapshotOffsets()).isEmpty();
        assertThat(manager.loadLatestSnapshot(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void rewritingASnapshotAtTheSameOffsetReplacesIt() throws IOException {
        ProducerStateManager manager = manager();
        manager.takeSnapshot(0);
        manager.updateFromAppendedBatch(ProducerBatch.data(1L, (short) 0, 0, 0, 0L, false), 0);
        manager.takeSnapshot(0);
        ProducerStateManager restored = manager();
        restored.loadLatestSnapshot(0);
        assertThat(restored.producerCount()).isEqualTo(1);
    }
}

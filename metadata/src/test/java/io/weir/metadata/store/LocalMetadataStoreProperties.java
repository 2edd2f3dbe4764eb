package io.weir.metadata.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.RandomMetadataHistory;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class LocalMetadataStoreProperties {

    @Property(tries = 40)
    void everyReopenSeesTheImageItClosedWith(@ForAll long seed, @ForAll @IntRange(min = 1, max = 25) int batches,
            @ForAll @IntRange(min = 1, max = 12) int snapshotEveryRecords) throws IOException {
        Path dir = Files.createTempDirectory("weir-metadata-store");
        try {
            RandomMetadataHistory history = new RandomMetadataHistory(seed);
            for (int i = 0; i < batches; i++) {
                MetadataImage before;
                try (LocalMetadataStore store = LocalMetadataStore.open(dir, snapshotEveryRecords)) {
                    before = store.commit(history.nextBatch());
                }
                try (LocalMetadataStore store = LocalMetadataStore.open(dir, snapshotEveryRecords)) {
                    assertThat(store.image()).isEqualTo(before);
                }
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

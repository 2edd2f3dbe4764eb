package io.weir.broker.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.store.LocalMetadataStore;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerIdManagerTest {
    @TempDir
    Path dir;

    @Test
    void idsComeFromDurableBlocksAndAreNeverReusedAfterARestart() throws Exception {
        Set<Long> seen = new HashSet<>();
        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            ProducerIdManager ids = new ProducerIdManager(1, store, Runnable::run, 10);
            for (int i = 0; i < 25; i++) {
                assertThat(seen.add(ids.nextProducerId().join())).isTrue();
            }
            assertThat(store.image().producerIds().nextProducerId()).isEqualTo(30);
        }
        try (LocalMetadataStore store = LocalMetadataStore.open(dir)) {
            ProducerIdManager ids = new ProducerIdManager(1, store, Runnable::run, 10);
            long afterRestart = ids.nextProducerId().join();
            assertThat(afterRestart).isEqualTo(30);
            assertThat(seen).allMatch(id -> id < afterRestart);
        }
    }
}

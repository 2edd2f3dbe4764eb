package io.weir.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.metadata.ControllerUnavailableException;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.store.MetadataListener;
import io.weir.metadata.store.MetadataStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sweep waits for a successful sync with a current image, then removes stray logs exactly once. */
class StrayLogSweepTest {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** A store whose sync fails {@code failures} times, then reports not current {@code staleAnswers} times. */
    private static final class FlakyStore implements MetadataStore {
        private final AtomicInteger failures;
        private final AtomicInteger staleAnswers;
        final AtomicInteger syncs = new AtomicInteger();

        FlakyStore(int failures, int staleAnswers) {
            this.failures = new AtomicInteger(failures);
            this.staleAnswers = new AtomicInteger(staleAnswers);
        }

        @Override
        public MetadataImage image() {
            return MetadataImage.EMPTY;
        }

        @Override
        public MetadataImage sync() {
            syncs.incrementAndGet();
            if (failures.getAndDecrement() > 0) {
                throw new ControllerUnavailableException("no active controller yet");
            }
            return MetadataImage.EMPTY;
        }

        @Override
        public boolean isCurrent() {
            return staleAnswers.getAndDecrement() <= 0;
        }

        @Override
        public MetadataImage commit(List<? extends MetadataRecord> records) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MetadataImage addListener(MetadataListener listener) {
            return MetadataImage.EMPTY;
        }

        @Override
        public void removeListener(MetadataListener listener) {}

        @Override
        public void close() {}
    }

    @Test
    void removesOnceAfterTheStoreSyncsAndIsCurrent() throws Exception {
        FlakyStore store = new FlakyStore(2, 1);
        List<MetadataImage> judged = new ArrayList<>();
        StrayLogSweep sweep = new StrayLogSweep(1, store, image -> {
            judged.add(image);
            return 4;
        }, executor, 1);

        assertThat(sweep.start().get(10, TimeUnit.SECONDS)).isEqualTo(4);
        assertThat(store.syncs).hasValue(4);
        assertThat(judged).hasSize(1);
    }

    @Test
    void aFailedRemovalIsReportedNotRetried() {
        FlakyStore store = new FlakyStore(0, 0);
        AtomicInteger calls = new AtomicInteger();
        StrayLogSweep sweep = new StrayLogSweep(1, store, image -> {
            calls.incrementAndGet();
            throw new IllegalStateException("disk");
        }, executor, 1);

        assertThatThrownBy(() -> sweep.start().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("disk");
        assertThat(calls).hasValue(1);
    }

    @Test
    void aStoppedExecutorEndsTheSweep() {
        executor.shutdownNow();
        StrayLogSweep sweep = new StrayLogSweep(1, new FlakyStore(0, 0), image -> 0, executor, 1);

        assertThat(sweep.start()).isCancelled();
    }
}

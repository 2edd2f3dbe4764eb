package io.weir.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaderEpochCacheTest {
    @TempDir
    Path tmp;

    private LeaderEpochCache cache() {
        return new LeaderEpochCache(tmp.resolve("leader-epoch-checkpoint"), "[log t-0]");
    }

    @Test
    void endOffsetForFollowsOffsetForLeaderEpochSemantics() {
        LeaderEpochCache cache = cache();
        assertThat(cache.endOffsetFor(0, 10)).isEqualTo(EpochEndOffset.UNDEFINED);
        cache.assign(2, 10);
        cache.assign(2, 15);
        cache.assign(4, 30);
        cache.assign(7, 50);
        assertThat(cache.latestEpoch()).hasValue(7);
        assertThat(cache.endOffsetFor(7, 80)).isEqualTo(new EpochEndOffset(7, 80));
        assertThat(cache.endOffsetFor(5, 80)).isEqualTo(new EpochEndOffset(4, 50));
        assertThat(cache.endOffsetFor(4, 80)).isEqualTo(new EpochEndOffset(4, 50));
        assertThat(cache.endOffsetFor(2, 80)).isEqualTo(new EpochEndOffset(2, 30));
        assertThat(cache.endOffsetFor(1, 80)).isEqualTo(new EpochEndOffset(1, 10));
        assertThat(cache.endOffsetFor(8, 80)).isEqualTo(EpochEndOffset.UNDEFINED);
        assertThat(cache.epochForOffset(35)).hasValue(4);
        assertThat(cache.epochForOffset(5)).isEmpty();
    }

    @Test
    void truncatesFromBothEndsAndPersistsInKafkasFormat() throws Exception {
        LeaderEpochCache cache = cache();
        cache.assign(1, 0);
        cache.assign(3, 20);
        cache.assign(5, 40);
        cache.truncateFromEnd(40);
        assertThat(cache.latestEpoch()).hasValue(3);
        cache.truncateFromStart(25);
        assertThat(cache.entries()).extracting(e -> e.getKey() + "@" + e.getValue()).containsExactly("3@25");
        cache.assign(6, 60);
        assertThat(Files.readAllLines(tmp.resolve("leader-epoch-checkpoint"))).containsExactly("0", "2", "3 25", "6 60");
        assertThat(cache().entries()).extracting(e -> e.getKey() + "@" + e.getValue()).containsExactly("3@25", "6@60");
    }

    @Test
    void newerEpochReplacesConflictingEntriesAndOlderIsIgnored() {
        LeaderEpochCache cache = cache();
        cache.assign(1, 0);
        cache.assign(3, 20);
        cache.assign(4, 10);
        assertThat(cache.entries()).extracting(e -> e.getKey() + "@" + e.getValue()).containsExactly("1@0", "4@10");
        cache.assign(2, 50);
        assertThat(cache.latestEpoch()).hasValue(4);
    }

    @Test
    void malformedFileIsIgnored() throws Exception {
        Files.writeString(tmp.resolve("leader-epoch-checkpoint"), "7\nbanana\n");
        assertThat(cache().latestEpoch()).isEmpty();
    }
}

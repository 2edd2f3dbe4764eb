package io.weir.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The leader's high-watermark and ISR rules, as plain functions of fetch offsets and times. */
class LeaderStateTest {
    private static final long LAG_MS = 10_000;

    private static LeaderState leader(List<Integer> replicas, List<Integer> isr, long epochStartOffset) {
        return new LeaderState(1, new LeaderAndIsr(3, 7, replicas, isr), epochStartOffset, 0);
    }

    @Test
    void highWatermarkIsTheSmallestLogEndOfTheIsrAndWaitsForUnknownFollowers() {
        LeaderState state = leader(List.of(1, 2, 3), List.of(1, 2, 3), 0);
        assertThat(state.highWatermark(100)).isEqualTo(LeaderState.UNKNOWN_OFFSET);
        state.onFollowerFetch(2, 80, 100, 1);
        assertThat(state.highWatermark(100)).isEqualTo(LeaderState.UNKNOWN_OFFSET);
        state.onFollowerFetch(3, 60, 100, 1);
        assertThat(state.highWatermark(100)).isEqualTo(60);
        state.onFollowerFetch(3, 100, 100, 2);
        assertThat(state.highWatermark(100)).isEqualTo(80);
    }

    @Test
    void soleReplicaFollowsTheLogEnd() {
        LeaderState state = leader(List.of(1), List.of(1), 0);
        assertThat(state.highWatermark(42)).isEqualTo(42);
        assertThat(state.shrunkIsr(1_000_000, LAG_MS, 42)).isEmpty();
        assertThat(state.expandedIsr(1, 42)).isEmpty();
    }

    @Test
    void aFollowerOutsideTheIsrDoesNotHoldTheHighWatermark() {
        LeaderState state = leader(List.of(1, 2, 3), List.of(1, 2), 0);
        state.onFollowerFetch(2, 90, 100, 1);
        state.onFollowerFetch(3, 10, 100, 1);
        assertThat(state.highWatermark(100)).isEqualTo(90);
    }

    @Test
    void caughtUpTimeIsNowAtTheLogEndOrThePreviousFetchTimeWhenItReachedThatFetchesLogEnd() {
        LeaderState state = leader(List.of(1, 2), List.of(1, 2), 0);
        state.onFollowerFetch(2, 100, 100, 5);
        assertThat(state.follower(2).orElseThrow().lastCaughtUpTimeMs()).isEqualTo(5);
        // The leader appended to 150 meanwhile; the follower fetched all it saw at time 5.
        state.onFollowerFetch(2, 100, 150, 9);
        assertThat(state.follower(2).orElseThrow().lastCaughtUpTimeMs()).isEqualTo(5);
        state.onFollowerFetch(2, 150, 170, 12);
        assertThat(state.follower(2).orElseThrow().lastCaughtUpTimeMs()).isEqualTo(9);
        state.onFollowerFetch(2, 160, 200, 20);
        assertThat(state.follower(2).orElseThrow().lastCaughtUpTimeMs()).isEqualTo(9);
    }

    @Test
    void aFollowerLaggingLongerThanTheLagTimeLeavesTheIsr() {
        LeaderState state = leader(List.of(1, 2, 3), List.of(1, 2, 3), 0);
        state.onFollowerFetch(2, 100, 100, 1_000);
        state.onFollowerFetch(3, 100, 100, 1_000);
        state.onFollowerFetch(2, 100, 200, 5_000);
        assertThat(state.shrunkIsr(10_000, LAG_MS, 200)).isEmpty();
        assertThat(state.shrunkIsr(11_001, LAG_MS, 200)).contains(List.of(1));
        assertThat(state.shrunkIsr(11_001, LAG_MS, 100)).as("a follower at the log end is in sync however old").isEmpty();
    }

    @Test
    void isrMembersThatNeverFetchGetTheLagTimeFromElection() {
        LeaderState state = new LeaderState(1, new LeaderAndIsr(0, 0, List.of(1, 2), List.of(1, 2)), 0, 50_000);
        assertThat(state.shrunkIsr(50_000 + LAG_MS, LAG_MS, 10)).isEmpty();
        assertThat(state.shrunkIsr(50_001 + LAG_MS, LAG_MS, 10)).contains(List.of(1));
    }

    @Test
    void aFollowerJoinsOnceAtTheHighWatermarkAndTheEpochStart() {
        LeaderState state = leader(List.of(1, 2, 3), List.of(1, 2), 120);
        state.onFollowerFetch(2, 130, 130, 1);
        state.onFollowerFetch(3, 110, 130, 1);
        assertThat(state.expandedIsr(3, 110)).as("below the epoch start").isEmpty();
        state.onFollowerFetch(3, 125, 130, 2);
        assertThat(state.expandedIsr(3, 130)).as("below the high watermark").isEmpty();
        assertThat(state.expandedIsr(3, 125)).contains(List.of(1, 2, 3));
        assertThat(state.expandedIsr(2, 125)).as("already a member").isEmpty();
    }

    @Test
    void aPendingExpansionCountsTheNewMemberForTheHighWatermarkAtOnce() {
        LeaderState state = leader(List.of(1, 2, 3), List.of(1, 2), 0);
        state.onFollowerFetch(2, 100, 100, 1);
        state.onFollowerFetch(3, 100, 100, 1);
        state.startIsrChange(state.expandedIsr(3, 100).orElseThrow());
        state.onFollowerFetch(3, 90, 120, 2);
        assertThat(state.maximalIsr()).containsExactly(1, 2, 3);
        assertThat(state.highWatermark(120)).isEqualTo(90);
        assertThat(state.isr()).containsExactly(1, 2);
    }

    @Test
    void aPendingShrinkStillCountsTheLeavingMemberUntilTheMetadataShowsIt() {
        LeaderState state = leader(List.of(1, 2, 3), List.of(1, 2, 3), 0);
        state.onFollowerFetch(2, 100, 100, 1);
        state.onFollowerFetch(3, 40, 100, 1);
        state.startIsrChange(List.of(1, 2));
        assertThat(state.highWatermark(100)).isEqualTo(40);
        assertThat(state.shrunkIsr(1_000_000, LAG_MS, 100)).as("one change at a time").isEmpty();
        assertThat(state.update(new LeaderAndIsr(3, 8, List.of(1, 2, 3), List.of(1, 2)))).isTrue();
        assertThat(state.pendingIsr()).isEmpty();
        assertThat(state.highWatermark(100)).isEqualTo(100);
    }

    @Test
    void staleRegistrationsAndFailedChangesLeaveTheCommittedIsr() {
        LeaderState state = leader(List.of(1, 2), List.of(1), 0);
        assertThat(state.update(new LeaderAndIsr(3, 7, List.of(1, 2), List.of(1, 2)))).isFalse();
        state.startIsrChange(List.of(1, 2));
        state.abortIsrChange(List.of(1, 2));
        assertThat(state.pendingIsr()).isEmpty();
        assertThat(state.isr()).containsExactly(1);
    }

    @Test
    void fetchesFromNodesThatAreNotReplicasAreIgnored() {
        LeaderState state = leader(List.of(1, 2), List.of(1, 2), 0);
        assertThat(state.onFollowerFetch(9, 100, 100, 1)).isFalse();
        assertThat(state.onFollowerFetch(1, 100, 100, 1)).isFalse();
    }
}

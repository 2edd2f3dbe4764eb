package io.weir.broker.fetch;

import static io.weir.broker.fetch.RackAwareReplicaSelector.preferredReadReplica;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RackAwareReplicaSelectorTest {

    private static final Map<Integer, Optional<String>> RACKS = Map.of(
            1, Optional.of("r1"), 2, Optional.of("r2"), 3, Optional.of("r3"), 4, Optional.of("r2"), 5, Optional.empty());
    /** Every follower caught up to offset 120. */
    private static final Map<Integer, Long> ENDS = Map.of(1, 120L, 2, 120L, 3, 120L, 4, 120L, 5, 120L);

    @Test
    void aConsumerInAFollowersRackIsSentToThatFollower() {
        assertThat(preferredReadReplica(1, List.of(1, 2, 3), RACKS, "r2", ENDS, 100)).hasValue(2);
        assertThat(preferredReadReplica(1, List.of(1, 2, 3), RACKS, "r3", ENDS, 100)).hasValue(3);
    }

    @Test
    void theLeaderInTheConsumersRackKeepsIt() {
        assertThat(preferredReadReplica(2, List.of(1, 2, 4), RACKS, "r2", ENDS, 100)).isEmpty();
    }

    @Test
    void noRackOrNoMatchingInSyncReplicaMeansTheLeader() {
        assertThat(preferredReadReplica(1, List.of(1, 2, 3), RACKS, "", ENDS, 100)).isEmpty();
        assertThat(preferredReadReplica(1, List.of(1, 2, 3), RACKS, "r9", ENDS, 100)).isEmpty();
        assertThat(preferredReadReplica(1, List.of(1, 3), RACKS, "r2", ENDS, 100)).as("replica 2 is out of sync").isEmpty();
        assertThat(preferredReadReplica(5, List.of(5, 1), RACKS, "r1", ENDS, 100)).hasValue(1);
    }

    @Test
    void aDeadOrFencedBrokerIsNotChosen() {
        Map<Integer, Optional<String>> without2 = Map.of(1, Optional.of("r1"), 3, Optional.of("r3"), 4, Optional.of("r2"));
        assertThat(preferredReadReplica(1, List.of(1, 2, 3), without2, "r2", ENDS, 100)).isEmpty();
        assertThat(preferredReadReplica(1, List.of(1, 2, 3, 4), without2, "r2", ENDS, 100)).hasValue(4);
    }

    @Test
    void severalCandidatesGiveTheSameStableChoice() {
        assertThat(preferredReadReplica(1, List.of(4, 1, 2), RACKS, "r2", ENDS, 100)).hasValue(2);
        assertThat(preferredReadReplica(1, List.of(2, 1, 4), RACKS, "r2", ENDS, 100)).hasValue(2);
    }

    @Test
    void aFollowerWithoutTheFetchOffsetYetIsNotChosen() {
        Map<Integer, Long> behind = Map.of(2, 90L, 4, 100L);
        assertThat(preferredReadReplica(1, List.of(1, 2, 4), RACKS, "r2", behind, 100)).hasValue(4);
        assertThat(preferredReadReplica(1, List.of(1, 2, 4), RACKS, "r2", behind, 101)).as("none has offset 101").isEmpty();
        assertThat(preferredReadReplica(1, List.of(1, 2, 3), RACKS, "r2", Map.of(), 0)).as("no fetch from 2 seen yet").isEmpty();
    }

    @Test
    void theMostCaughtUpFollowerOfTheRackIsChosen() {
        assertThat(preferredReadReplica(1, List.of(1, 2, 4), RACKS, "r2", Map.of(2, 110L, 4, 115L), 100)).hasValue(4);
        assertThat(preferredReadReplica(1, List.of(1, 2, 4), RACKS, "r2", Map.of(2, 115L, 4, 110L), 100)).hasValue(2);
    }
}

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

    @Test
    void aConsumerInAFollowersRackIsSentToThatFollower() {
        assertThat(preferredReadReplica(1, List.of(1, 2, 3), RACKS, "r2")).hasValue(2);
        assertThat(preferredReadReplica(1, List.of(1, 2, 3), RACKS, "r3")).hasValue(3);
    }

    @Test
    void theLeaderInTheConsumersRackKeepsIt() {
        assertThat(preferredReadReplica(2, List.of(1, 2, 4), RACKS, "r2")).isEmpty();
    }

    @Test
    void noRackOrNoMatchingInSyncReplicaMeansTheLeader() {
        assertThat(preferredReadReplica(1, List.of(1, 2, 3), RACKS, "")).isEmpty();
        assertThat(preferredReadReplica(1, List.of(1, 2, 3), RACKS, "r9")).isEmpty();
        assertThat(preferredReadReplica(1, List.of(1, 3), RACKS, "r2")).as("replica 2 is out of sync").isEmpty();
        assertThat(preferredReadReplica(5, List.of(5, 1), RACKS, "r1")).hasValue(1);
    }

    @Test
    void aDeadOrFencedBrokerIsNotChosen() {
        Map<Integer, Optional<String>> without2 = Map.of(1, Optional.of("r1"), 3, Optional.of("r3"), 4, Optional.of("r2"));
        assertThat(preferredReadReplica(1, List.of(1, 2, 3), without2, "r2")).isEmpty();
        assertThat(preferredReadReplica(1, List.of(1, 2, 3, 4), without2, "r2")).hasValue(4);
    }

    @Test
    void severalCandidatesGiveTheSameStableChoice() {
        assertThat(preferredReadReplica(1, List.of(4, 1, 2), RACKS, "r2")).hasValue(2);
        assertThat(preferredReadReplica(1, List.of(2, 1, 4), RACKS, "r2")).hasValue(2);
    }
}

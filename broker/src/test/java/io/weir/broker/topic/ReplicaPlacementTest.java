package io.weir.broker.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Placement properties over random clusters: distinct replicas, racks spread, leaders balanced. */
class ReplicaPlacementTest {

    @Property(tries = 300)
    void everyPartitionGetsDistinctReplicasOnDistinctRacksWhenThereAreEnough(
            @ForAll @IntRange(min = 1, max = 12) int brokers,
            @ForAll @IntRange(min = 0, max = 5) int rackCount,
            @ForAll @IntRange(min = 1, max = 6) int replicationFactor,
            @ForAll @IntRange(min = 1, max = 60) int partitions,
            @ForAll @IntRange(min = 0, max = 1000) int start) {
        Assume.that(replicationFactor <= brokers);
        Map<Integer, String> racks = cluster(brokers, rackCount);
        int distinctRacks = new HashSet<>(racks.values()).size();

        List<List<Integer>> placement = ReplicaPlacement.place(racks, start, partitions, replicationFactor);

        assertThat(placement).hasSize(partitions);
        for (List<Integer> replicas : placement) {
            assertThat(replicas).hasSize(replicationFactor).doesNotHaveDuplicates();
            assertThat(racks.keySet()).containsAll(replicas);
            Set<String> used = new HashSet<>();
            replicas.forEach(r -> used.add(racks.get(r)));
            assertThat(used).hasSize(Math.min(replicationFactor, distinctRacks));
        }
    }

    @Property(tries = 300)
    void leaderCountsDifferByAtMostOne(
            @ForAll @IntRange(min = 1, max = 12) int brokers,
            @ForAll @IntRange(min = 0, max = 5) int rackCount,
            @ForAll @IntRange(min = 1, max = 60) int partitions,
            @ForAll @IntRange(min = 0, max = 1000) int start) {
        Map<Integer, String> racks = cluster(brokers, rackCount);

        List<List<Integer>> placement = ReplicaPlacement.place(racks, start, partitions, 1);

        Map<Integer, Integer> leaders = new HashMap<>();
        racks.keySet().forEach(b -> leaders.put(b, 0));
        placement.forEach(replicas -> leaders.merge(replicas.get(0), 1, Integer::sum));
        assertThat(Collections.max(leaders.values()) - Collections.min(leaders.values())).isLessThanOrEqualTo(1);
    }

    @Test
    void racksAlternateInTheBrokerOrder() {
        Map<Integer, String> racks = Map.of(1, "a", 2, "a", 3, "b", 4, "b", 5, "c");

        assertThat(ReplicaPlacement.rackAlternating(racks)).containsExactly(1, 3, 5, 2, 4);
        assertThat(ReplicaPlacement.place(racks, 0, 1, 3).get(0)).containsExactly(1, 3, 5);
    }

    @Test
    void successiveTopicsStartOnDifferentBrokers() {
        Map<Integer, String> racks = cluster(3, 0);

        assertThat(ReplicaPlacement.place(racks, 0, 1, 1).get(0)).containsExactly(1);
        assertThat(ReplicaPlacement.place(racks, 1, 1, 1).get(0)).containsExactly(2);
        assertThat(ReplicaPlacement.place(racks, 2, 1, 1).get(0)).containsExactly(3);
    }

    /** Node ids 1..brokers; racks r0..r(rackCount-1) round-robin, or none (each broker alone). */
    private static Map<Integer, String> cluster(int brokers, int rackCount) {
        Map<Integer, String> racks = new HashMap<>();
        for (int id = 1; id <= brokers; id++) {
            Optional<String> rack = rackCount == 0 ? Optional.empty() : Optional.of("r" + (id % rackCount));
            racks.put(id, rack.orElse("\u0000node-" + id));
        }
        return racks;
    }
}

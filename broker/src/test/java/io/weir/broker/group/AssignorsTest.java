package io.weir.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.group.ConsumerAssignor.MemberSpec;
import io.weir.metadata.Uuid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The server-side assignors: balance, stickiness, co-partitioning and determinism. */
class AssignorsTest {
    private static final Uuid A = new Uuid(1, 1);
    private static final Uuid B = new Uuid(2, 2);
    private static final Map<String, TopicMetadata> TOPICS = Map.of("a", new TopicMetadata(A, "a", 6), "b", new TopicMetadata(B, "b", 6));

    private static MemberSpec member(String id, Assignment current, String... topics) {
        return new MemberSpec(id, List.of(topics), current);
    }

    @Test
    void uniformKeepsPartitionsWhereTheyAreWhenAMemberJoins() {
        UniformAssignor uniform = new UniformAssignor();
        Map<String, Assignment> alone = uniform.assign(List.of(member("m1", Assignment.EMPTY, "a")), TOPICS);
        assertThat(alone.get("m1").size()).isEqualTo(6);
        Map<String, Assignment> two = uniform.assign(List.of(member("m1", alone.get("m1"), "a"), member("m2", Assignment.EMPTY, "a")),
                TOPICS);
        assertThat(two.get("m1").size()).isEqualTo(3);
        assertThat(two.get("m1").subsetOf(alone.get("m1"))).isTrue();
        Map<String, Assignment> three = uniform.assign(List.of(member("m1", two.get("m1"), "a"), member("m2", two.get("m2"), "a"),
                member("m3", Assignment.EMPTY, "a")), TOPICS);
        assertThat(three.values()).allSatisfy(assignment -> assertThat(assignment.size()).isEqualTo(2));
        assertThat(three.get("m1").subsetOf(two.get("m1"))).isTrue();
        assertThat(three.get("m2").subsetOf(two.get("m2"))).isTrue();
    }

    @Test
    void uniformGivesEachMemberOnlyTopicsItSubscribesTo() {
        Map<String, Assignment> result = new UniformAssignor().assign(List.of(member("m1", Assignment.EMPTY, "a"),
                member("m2", Assignment.EMPTY, "a", "b")), TOPICS);
        assertThat(result.get("m1").partitions()).containsOnlyKeys(A);
        assertThat(result.get("m2").partitions().get(B)).hasSize(6);
        assertThat(result.get("m1").size() + result.get("m2").size()).isEqualTo(12);
    }

    /** A member alone on a topic keeps that topic and leaves the shared one to a newcomer, whatever the topic ids' order. */
    @Test
    void uniformLeavesSharedPartitionsToAMemberJoiningWithANarrowerSubscription() {
        Assignment everything = Assignment.of(Map.of(A, Set.of(0, 1, 2, 3, 4, 5), B, Set.of(0, 1, 2, 3, 4, 5)));
        Map<String, Assignment> result = new UniformAssignor().assign(List.of(member("m1", everything, "a", "b"),
                member("m2", Assignment.EMPTY, "a")), TOPICS);
        assertThat(result.get("m2").partitions()).containsOnlyKeys(A);
        assertThat(result.get("m2").size()).isEqualTo(3);
        assertThat(result.get("m1").partitions().get(B)).hasSize(6);
        assertThat(result.get("m1").union(result.get("m2"))).isEqualTo(everything);
    }

    /** A member that changes its subscription gets partitions of its new topic, not nothing. */
    @Test
    void uniformGivesAMemberThatChangedItsSubscriptionAShareOfItsNewTopic() {
        Map<String, Assignment> result = new UniformAssignor().assign(List.of(
                member("m1", Assignment.of(Map.of(A, Set.of(0, 1, 2, 3, 4, 5), B, Set.of(0, 1, 2))), "a", "b"),
                member("m2", Assignment.of(Map.of(B, Set.of(3, 4, 5))), "a")), TOPICS);
        assertThat(result.get("m2").partitions()).containsOnlyKeys(A);
        assertThat(result.get("m2").size()).isEqualTo(3);
        assertThat(result.get("m1").size()).isEqualTo(9);
        assertThat(result.get("m1").union(result.get("m2")).size()).isEqualTo(12);
    }

    @Test
    void rangeCoPartitionsTopicsWithTheSameSubscribers() {
        Map<String, Assignment> result = new RangeAssignor().assign(List.of(member("m2", Assignment.EMPTY, "a", "b"),
                member("m1", Assignment.EMPTY, "a", "b")), TOPICS);
        assertThat(result.get("m1").partitions().get(A)).containsExactly(0, 1, 2);
        assertThat(result.get("m1").partitions().get(B)).containsExactly(0, 1, 2);
        assertThat(result.get("m2").partitions().get(A)).containsExactly(3, 4, 5);
    }

    @Test
    void uniformIsBalancedCompleteAndDeterministicForRandomStartingPoints() {
        Random seeds = new Random(848);
        for (int run = 0; run < 300; run++) {
            uniformIsBalancedCompleteAndDeterministic(1 + seeds.nextInt(9), seeds.nextInt(41), seeds.nextLong());
        }
    }

    private static void uniformIsBalancedCompleteAndDeterministic(int members, int partitions, long seed) {
        Map<String, TopicMetadata> topics = Map.of("t", new TopicMetadata(A, "t", partitions));
        List<MemberSpec> specs = new ArrayList<>();
        Random random = new Random(seed);
        Set<Integer> handedOut = new HashSet<>();
        for (int i = 0; i < members; i++) {
            Set<Integer> current = new HashSet<>();
            for (int p = 0; p < partitions; p++) {
                if (random.nextInt(members) == 0 && handedOut.add(p)) {
                    current.add(p);
                }
            }
            specs.add(member("m" + i, Assignment.of(Map.of(A, current)), "t"));
        }
        Map<String, Assignment> result = new UniformAssignor().assign(specs, topics);
        List<MemberSpec> shuffled = new ArrayList<>(specs);
        Collections.shuffle(shuffled, random);
        assertThat(new UniformAssignor().assign(shuffled, topics)).isEqualTo(result);
        int min = result.values().stream().mapToInt(Assignment::size).min().orElse(0);
        int max = result.values().stream().mapToInt(Assignment::size).max().orElse(0);
        assertThat(max - min).isLessThanOrEqualTo(1);
        Assignment all = result.values().stream().reduce(Assignment.EMPTY, Assignment::union);
        assertThat(all.size()).isEqualTo(partitions);
        assertThat(result.values().stream().mapToInt(Assignment::size).sum()).isEqualTo(partitions);
    }
}

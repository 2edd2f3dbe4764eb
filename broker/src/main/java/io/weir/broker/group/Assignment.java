package io.weir.broker.group;

import io.weir.metadata.Uuid;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * A set of topic partitions named by topic id, as the consumer protocol (KIP-848) carries them:
 * a member's assignment, its partitions pending revocation, or its target. Topics without
 * partitions are never kept, so two equal sets are {@code equals}. Immutable; sorted by topic id
 * then partition, so iteration is deterministic.
 *
 * @param partitions partition indexes by topic id
 */
public record Assignment(Map<Uuid, SortedSet<Integer>> partitions) {
    public static final Assignment EMPTY = new Assignment(Map.of());

    public Assignment {
        TreeMap<Uuid, SortedSet<Integer>> copy = new TreeMap<>();
        partitions.forEach((topic, indexes) -> {
            if (!indexes.isEmpty()) {
                copy.put(topic, Collections.unmodifiableSortedSet(new TreeSet<>(indexes)));
            }
        });
        partitions = Collections.unmodifiableSortedMap(copy);
    }

    /** An assignment from partition sets that may be unsorted. */
    public static Assignment of(Map<Uuid, ? extends Set<Integer>> partitions) {
        TreeMap<Uuid, SortedSet<Integer>> sorted = new TreeMap<>();
        partitions.forEach((topic, indexes) -> sorted.put(topic, new TreeSet<>(indexes)));
        return new Assignment(sorted);
    }

    boolean isEmpty() {
        return partitions.isEmpty();
    }

    boolean contains(Uuid topicId, int partition) {
        SortedSet<Integer> indexes = partitions.get(topicId);
        return indexes != null && indexes.contains(partition);
    }

    int size() {
        return partitions.values().stream().mapToInt(Set::size).sum();
    }

    /** The partitions of this set for which {@code keep} holds. */
    Assignment filter(BiPredicate<Uuid, Integer> keep) {
        TreeMap<Uuid, SortedSet<Integer>> kept = new TreeMap<>();
        partitions.forEach((topic, indexes) -> indexes.stream().filter(p -> keep.test(topic, p))
                .forEach(p -> kept.computeIfAbsent(topic, t -> new TreeSet<>()).add(p)));
        return new Assignment(kept);
    }

    Assignment intersect(Assignment other) {
        return filter(other::contains);
    }

    Assignment minus(Assignment other) {
        return filter((topic, partition) -> !other.contains(topic, partition));
    }

    Assignment union(Assignment other) {
        TreeMap<Uuid, SortedSet<Integer>> all = new TreeMap<>();
        partitions.forEach((topic, indexes) -> all.computeIfAbsent(topic, t -> new TreeSet<>()).addAll(indexes));
        other.partitions.forEach((topic, indexes) -> all.computeIfAbsent(topic, t -> new TreeSet<>()).addAll(indexes));
        return new Assignment(all);
    }

    boolean overlaps(Assignment other) {
        return !intersect(other).isEmpty();
    }

    boolean subsetOf(Assignment other) {
        return minus(other).isEmpty();
    }
}

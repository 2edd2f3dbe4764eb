package io.weir.broker.topic;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One topic of a CreateTopics request, as the client sent it (nothing checked yet). Immutable.
 *
 * @param name the topic name
 * @param numPartitions the partition count, or {@link #DEFAULT} for {@code num.partitions}
 *     (required with explicit assignments)
 * @param replicationFactor replicas per partition, or {@link #DEFAULT} for
 *     {@code default.replication.factor} (required with explicit assignments)
 * @param assignments explicit replica assignments, one per partition; empty for automatic placement
 * @param configs configuration overrides in request order; a value may be absent (which is refused)
 */
public record NewTopic(
        String name, int numPartitions, int replicationFactor, List<Assignment> assignments, List<Config> configs) {

    /** The value of {@code numPartitions} or {@code replicationFactor} that means "the default". */
    public static final int DEFAULT = -1;

    /** Checks and copies. */
    public NewTopic {
        Objects.requireNonNull(name, "name");
        assignments = List.copyOf(assignments);
        configs = List.copyOf(configs);
    }

    /** A topic with the given counts, automatic placement and no overrides. */
    public static NewTopic of(String name, int numPartitions, int replicationFactor) {
        return new NewTopic(name, numPartitions, replicationFactor, List.of(), List.of());
    }

    /**
     * The replicas of one partition, preferred leader first.
     *
     * @param partition the partition index
     * @param brokerIds the node ids
     */
    public record Assignment(int partition, List<Integer> brokerIds) {
        public Assignment {
            brokerIds = List.copyOf(brokerIds);
        }
    }

    /**
     * One configuration override.
     *
     * @param name the key
     * @param value the value; empty if the client sent null
     */
    public record Config(String name, Optional<String> value) {
        public Config {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }
}

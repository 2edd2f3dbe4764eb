package io.weir.storage;

import java.util.Optional;

/**
 * Names one partition log; its directory is {@code <topic>-<partition>}. Thread-safety: immutable.
 */
public record TopicPartitionKey(String topic, int partition) {
    public TopicPartitionKey {
        if (topic == null || topic.isEmpty() || partition < 0) {
            throw new IllegalArgumentException("invalid topic partition " + topic + "-" + partition);
        }
    }

    /** The partition's directory name, as Kafka names it. */
    public String dirName() {
        return topic + "-" + partition;
    }

    /** Parses {@code <topic>-<partition>}; topics may themselves contain '-'. */
    public static Optional<TopicPartitionKey> fromDirName(String name) {
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1) {
            return Optional.empty();
        }
        String digits = name.substring(dash + 1);
        if (!digits.chars().allMatch(Character::isDigit) || digits.length() > 9) {
            return Optional.empty();
        }
        return Optional.of(new TopicPartitionKey(name.substring(0, dash), Integer.parseInt(digits)));
    }

    @Override
    public String toString() {
        return dirName();
    }
}

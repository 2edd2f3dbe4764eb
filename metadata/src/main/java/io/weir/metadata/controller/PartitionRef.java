package io.weir.metadata.controller;

import java.util.Objects;

/**
 * A partition named the way admin requests name it: topic name and index.
 *
 * @param topic the topic name
 * @param partition the partition index
 */
public record PartitionRef(String topic, int partition) {

    /** Checks the name. */
    public PartitionRef {
        Objects.requireNonNull(topic, "topic");
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}

package io.weir.metadata.controller;

import java.util.Objects;
import java.util.Optional;

/**
 * The active controller's answer for one partition of an admin request (ElectLeaders,
 * AlterPartitionReassignments).
 *
 * @param partition the partition
 * @param error what happened; {@link Error#NONE} on success
 * @param message a human-readable detail for errors
 */
public record PartitionResult(PartitionRef partition, Error error, Optional<String> message) {

    /**
     * The outcomes, named exactly as Kafka's error codes so that the edge maps them by name.
     */
    public enum Error {
        NONE,
        ELECTION_NOT_NEEDED,
        PREFERRED_LEADER_NOT_AVAILABLE,
        ELIGIBLE_LEADERS_NOT_AVAILABLE,
        UNKNOWN_TOPIC_OR_PARTITION,
        INVALID_REPLICA_ASSIGNMENT,
        NO_REASSIGNMENT_IN_PROGRESS,
        INVALID_REPLICATION_FACTOR,
        INVALID_REQUEST
    }

    /** Checks the fields. */
    public PartitionResult {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(message, "message");
    }

    /** A success. */
    public static PartitionResult ok(PartitionRef partition) {
        return new PartitionResult(partition, Error.NONE, Optional.empty());
    }

    /** A failure with a message. */
    public static PartitionResult failed(PartitionRef partition, Error error, String message) {
        return new PartitionResult(partition, error, Optional.of(message));
    }
}

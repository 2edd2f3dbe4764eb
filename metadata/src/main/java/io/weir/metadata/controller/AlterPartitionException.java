package io.weir.metadata.controller;

import java.util.Objects;
import io.weir.metadata.MetadataException;

/**
 * The controller refused an AlterPartition request; {@link #error()} names Kafka's error code.
 */
public final class AlterPartitionException extends MetadataException {
    private static final long serialVersionUID = 1L;

    /** Kafka's AlterPartition errors, by their {@code Errors} names. */
    public enum Error {
        /** The topic or partition does not exist. */
        UNKNOWN_TOPIC_OR_PARTITION,
        /** The requester is not the partition's leader. */
        NOT_LEADER_OR_FOLLOWER,
        /** The requester's leader epoch is stale. */
        FENCED_LEADER_EPOCH,
        /** The requester's partition epoch is stale, or the ISR asked for is not valid. */
        INVALID_UPDATE_VERSION,
        /** The new ISR names a fenced or unregistered broker. */
        INELIGIBLE_REPLICA,
        /** The new ISR is malformed: empty, without the leader, or outside the replicas. */
        INVALID_REQUEST
    }

    private final Error error;

    /**
     * @param error the error
     * @param message a one-line description
     */
    public AlterPartitionException(Error error, String message) {
        super(message);
        this.error = Objects.requireNonNull(error, "error");
    }

    /**
     * The error to answer.
     *
     * @return Kafka's error name
     */
    public Error error() {
        return error;
    }
}

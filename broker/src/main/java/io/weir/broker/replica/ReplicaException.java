package io.weir.broker.replica;

/**
 * A refused partition operation; carries the one Kafka error code it is reported as.
 * Thread-safety: immutable.
 */
public final class ReplicaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final PartitionError error;

    public ReplicaException(PartitionError error, String message) {
        super(message);
        this.error = error;
    }

    public PartitionError error() {
        return error;
    }

    /** The Kafka protocol error code. */
    public short errorCode() {
        return error.code();
    }
}

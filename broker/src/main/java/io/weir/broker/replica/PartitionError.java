package io.weir.broker.replica;

/**
 * The Kafka error codes the replica layer answers with, by their Kafka names. The handlers turn a
 * code into the protocol's error with one lookup; this enum only names the codes the domain uses.
 * Thread-safety: immutable.
 */
public enum PartitionError {
    NONE(0),
    UNKNOWN_SERVER_ERROR(-1),
    OFFSET_OUT_OF_RANGE(1),
    UNKNOWN_TOPIC_OR_PARTITION(3),
    NOT_LEADER_OR_FOLLOWER(6),
    REQUEST_TIMED_OUT(7),
    NOT_ENOUGH_REPLICAS(19),
    NOT_ENOUGH_REPLICAS_AFTER_APPEND(20),
    INVALID_REQUEST(42),
    INVALID_TIMESTAMP(32),
    INVALID_TXN_STATE(48),
    KAFKA_STORAGE_ERROR(56),
    FENCED_LEADER_EPOCH(74),
    UNSUPPORTED_COMPRESSION_TYPE(76),
    INVALID_RECORD(87),
    UNKNOWN_LEADER_EPOCH(75),
    OFFSET_NOT_AVAILABLE(78),
    UNKNOWN_TOPIC_ID(100),
    INELIGIBLE_REPLICA(107),
    INVALID_UPDATE_VERSION(108);

    private final short code;

    PartitionError(int code) {
        this.code = (short) code;
    }

    /** The Kafka protocol error code. */
    public short code() {
        return code;
    }
}

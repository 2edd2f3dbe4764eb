package io.weir.broker.topic;

/**
 * Why one topic of an admin request failed. Each value maps to exactly one Kafka error code (named
 * in brackets); the handlers do the mapping.
 */
public enum TopicError {
    /** The name breaks Kafka's rules or collides with an existing topic [INVALID_TOPIC_EXCEPTION]. */
    INVALID_TOPIC_NAME,
    /** A topic of that name already exists [TOPIC_ALREADY_EXISTS]. */
    TOPIC_ALREADY_EXISTS,
    /** No topic of that name [UNKNOWN_TOPIC_OR_PARTITION]. */
    UNKNOWN_TOPIC,
    /** No topic of that id [UNKNOWN_TOPIC_ID]. */
    UNKNOWN_TOPIC_ID,
    /** A partition count that is not positive, not an increase, or above the limit [INVALID_PARTITIONS]. */
    INVALID_PARTITIONS,
    /** A replication factor that is not positive or exceeds the brokers [INVALID_REPLICATION_FACTOR]. */
    INVALID_REPLICATION_FACTOR,
    /** An explicit replica assignment that cannot be used [INVALID_REPLICA_ASSIGNMENT]. */
    INVALID_REPLICA_ASSIGNMENT,
    /** A topic configuration the validator refuses [INVALID_CONFIG]. */
    INVALID_CONFIG,
    /** The entry contradicts itself or another entry of the request [INVALID_REQUEST]. */
    INVALID_REQUEST,
    /** {@code delete.topic.enable} is false [TOPIC_DELETION_DISABLED]. */
    TOPIC_DELETION_DISABLED,
    /** No active controller answered in time; the client retries [NOT_CONTROLLER]. */
    NOT_CONTROLLER,
    /** Something unexpected, logged at ERROR where it happened [UNKNOWN_SERVER_ERROR]. */
    UNKNOWN_SERVER_ERROR
}

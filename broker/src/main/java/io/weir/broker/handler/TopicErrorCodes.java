package io.weir.broker.handler;

import io.weir.broker.topic.TopicError;
import org.apache.kafka.common.protocol.Errors;

/** The one mapping from topic management's {@link TopicError} to Kafka error codes. Stateless. */
final class TopicErrorCodes {

    private TopicErrorCodes() {}

    static Errors of(TopicError error) {
        return switch (error) {
            case INVALID_TOPIC_NAME -> Errors.INVALID_TOPIC_EXCEPTION;
            case TOPIC_ALREADY_EXISTS -> Errors.TOPIC_ALREADY_EXISTS;
            case UNKNOWN_TOPIC -> Errors.UNKNOWN_TOPIC_OR_PARTITION;
            case UNKNOWN_TOPIC_ID -> Errors.UNKNOWN_TOPIC_ID;
            case INVALID_PARTITIONS -> Errors.INVALID_PARTITIONS;
            case INVALID_REPLICATION_FACTOR -> Errors.INVALID_REPLICATION_FACTOR;
            case INVALID_REPLICA_ASSIGNMENT -> Errors.INVALID_REPLICA_ASSIGNMENT;
            case INVALID_CONFIG -> Errors.INVALID_CONFIG;
            case INVALID_REQUEST -> Errors.INVALID_REQUEST;
            case TOPIC_DELETION_DISABLED -> Errors.TOPIC_DELETION_DISABLED;
            case NOT_CONTROLLER -> Errors.NOT_CONTROLLER;
            case UNKNOWN_SERVER_ERROR -> Errors.UNKNOWN_SERVER_ERROR;
        };
    }
}

package io.weir.broker.fetch;

/** The Kafka error codes fetches answer with, by their Kafka names. */
final class FetchErrors {
    static final short NONE = 0;
    static final short OFFSET_OUT_OF_RANGE = 1;
    static final short UNKNOWN_TOPIC_OR_PARTITION = 3;
    static final short NOT_LEADER_OR_FOLLOWER = 6;
    static final short KAFKA_STORAGE_ERROR = 56;
    static final short FETCH_SESSION_ID_NOT_FOUND = 70;
    static final short INVALID_FETCH_SESSION_EPOCH = 71;
    static final short FENCED_LEADER_EPOCH = 74;
    static final short UNKNOWN_LEADER_EPOCH = 75;
    static final short OFFSET_NOT_AVAILABLE = 78;
    static final short UNKNOWN_TOPIC_ID = 100;
    static final short FETCH_SESSION_TOPIC_ID_ERROR = 106;

    private FetchErrors() {}
}

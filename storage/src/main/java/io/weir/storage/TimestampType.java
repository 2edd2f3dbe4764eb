package io.weir.storage;

/**
 * Which clock a topic's record timestamps come from ({@code message.timestamp.type}).
 * Thread-safety: immutable.
 */
public enum TimestampType {
    /** The producer's timestamps are kept as sent. */
    CREATE_TIME,
    /** The broker stamps each batch with its own clock when appending (attribute bit 3 set). */
    LOG_APPEND_TIME
}

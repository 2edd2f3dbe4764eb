package io.weir.storage;

import java.util.OptionalInt;

/**
 * A ListOffsets answer: the timestamp found (-1 when the query was not by time), the offset, and
 * the leader epoch of that offset when the epoch cache knows it. Thread-safety: immutable.
 */
public record TimestampAndOffset(long timestampMs, long offset, OptionalInt leaderEpoch) {
    /** The ListOffsets sentinel for "no timestamp". */
    public static final long NO_TIMESTAMP = -1;
}

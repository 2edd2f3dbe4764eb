package io.weir.broker.replica;

/**
 * A ListOffsets answer for one partition. Thread-safety: immutable.
 *
 * @param timestampMs the record timestamp found, -1 for the sentinels that have none
 * @param offset the offset found, -1 when there is none
 * @param leaderEpoch the leader epoch of that offset, -1 when unknown
 */
public record OffsetLookup(long timestampMs, long offset, int leaderEpoch) {
    /** Nothing matched: Kafka's answer with error NONE and offset -1. */
    public static final OffsetLookup NOT_FOUND = new OffsetLookup(-1, -1, -1);
}

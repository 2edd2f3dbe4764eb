package io.weir.broker.group;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One committed offset. Immutable.
 *
 * @param offset the next offset the group will consume
 * @param leaderEpoch the leader epoch of the last consumed record, or -1
 * @param metadata the client's metadata string (never null: absent is "")
 * @param commitTimestampMs when the coordinator accepted the commit
 * @param expireTimestampMs when an explicit retention time (OffsetCommit v2-4) runs out, if one was given
 */
public record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestampMs, OptionalLong expireTimestampMs) {
    public CommittedOffset {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(expireTimestampMs, "expireTimestampMs");
    }
}

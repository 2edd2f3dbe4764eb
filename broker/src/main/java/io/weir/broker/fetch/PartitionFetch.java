package io.weir.broker.fetch;

/**
 * One partition of a Fetch request (or of a session). Immutable.
 *
 * @param id the partition
 * @param fetchOffset the first offset wanted
 * @param currentLeaderEpoch the leader epoch the client believes current, or -1 (no check)
 * @param lastFetchedEpoch the epoch of the last fetched batch, or -1 (v12+, for divergence checks)
 * @param partitionMaxBytes the most record bytes to return for this partition (KIP-74)
 */
public record PartitionFetch(PartitionId id, long fetchOffset, int currentLeaderEpoch, int lastFetchedEpoch, int partitionMaxBytes) {}

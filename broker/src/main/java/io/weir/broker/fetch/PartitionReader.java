package io.weir.broker.fetch;

import io.weir.storage.AbortedTxn;
import io.weir.storage.EpochEndOffset;
import io.weir.storage.LogReadResult;
import io.weir.storage.LogSlice;
import io.weir.storage.PartitionLog;
import io.weir.storage.errors.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads the partitions of one fetch within its limits.
 *
 * <ul>
 *   <li>Each partition gives at most its {@code partitionMaxBytes}, all together at most the
 *       request's {@code maxBytes}; but until some partition has returned data, a first batch
 *       larger than both is still returned whole (KIP-74), so a consumer can always progress.
 *   <li>Consumers read up to the high watermark, read_committed consumers up to the last stable
 *       offset, followers up to the log end. Every consumer is told the last stable offset;
 *       read_committed consumers also get the aborted transactions that overlap the range
 *       from the fetch offset to the last stable offset (from the log's transaction index), so
 *       that they drop those records themselves (KIP-98).
 *   <li>KIP-392, with a replica selector configured: a leader answers a consumer whose rack holds
 *       a better in-sync replica with that replica's id and no records; a follower serves
 *       consumers (Fetch v11+) up to its own high watermark, with the same errors as a leader.
 *   <li>Errors per partition: unknown topic (id), not the leader, FENCED_LEADER_EPOCH /
 *       UNKNOWN_LEADER_EPOCH (v9+ current leader epoch older / newer than the log's),
 *       OFFSET_OUT_OF_RANGE outside [log start, log end], OFFSET_NOT_AVAILABLE for consumers
 *       while a new leader's high watermark lags the start of its epoch, storage errors by their codes. A
 *       fetcher whose last fetched epoch ends before its fetch offset gets the diverging epoch.
 * </ul>
 *
 * <p>The total is clamped to 1 GiB so that, with one over-sized batch, a response stays below
 * the protocol's 2 GiB. Stateless and thread-safe: reads take no lock (see {@link PartitionLog}).
 */
final class PartitionReader {

    /** Keeps a response (limit plus one batch no larger than a segment) below 2 GiB. */
    static final int MAX_RESPONSE_RECORD_BYTES = 1 << 30;

    private final FetchablePartitions partitions;

    PartitionReader(FetchablePartitions partitions) {
        this.partitions = partitions;
    }

    /**
     * The reads of one fetch attempt; the caller owns (and must release) the slices. {@code
     * mustAnswer}: an error, a diverging epoch or a preferred read replica, which the fetcher must
     * see without waiting.
     */
    record Reads(List<PartitionResult> results, long recordBytes, boolean mustAnswer) {
        void release() {
            results.forEach(r -> r.records().release());
        }
    }

    Reads readAll(List<PartitionFetch> fetches, FetchRequest request) {
        List<PartitionResult> results = new ArrayList<>(fetches.size());
        long remaining = Math.min(Math.max(request.maxBytes(), 0), MAX_RESPONSE_RECORD_BYTES);
        long total = 0;
        boolean mustAnswer = false;
        for (PartitionFetch fetch : fetches) {
            int limit = (int) Math.min(remaining, Math.max(fetch.partitionMaxBytes(), 0));
            PartitionResult result = read(fetch, request, limit, total == 0);
            results.add(result);
            total += result.recordBytes();
            remaining = Math.max(0, remaining - result.recordBytes());
            mustAnswer |= result.errorCode() != FetchErrors.NONE || result.divergingEpoch().isPresent()
                    || result.preferredReadReplica().isPresent();
        }
        return new Reads(results, total, mustAnswer);
    }

    PartitionResult read(PartitionFetch fetch, FetchRequest request, int maxBytes, boolean minOneBatch) {
        PartitionId id = fetch.id();
        Optional<FetchablePartition> found = id.usesTopicId()
                ? partitions.partition(id.topicId(), id.partition())
                : partitions.partition(id.topic(), id.partition());
        if (found.isEmpty()) {
            return PartitionResult.error(id, id.usesTopicId() ? FetchErrors.UNKNOWN_TOPIC_ID : FetchErrors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        FetchablePartition partition = found.get();
        boolean asFollower = !partition.isLeader() && servesConsumerAsFollower(partition, request);
        if (!partition.isLeader() && !asFollower) {
            return PartitionResult.error(id, FetchErrors.NOT_LEADER_OR_FOLLOWER);
        }
        if (fetch.currentLeaderEpoch() >= 0 && fetch.currentLeaderEpoch() != partition.leaderEpoch()) {
            short code = fetch.currentLeaderEpoch() < partition.leaderEpoch()
                    ? FetchErrors.FENCED_LEADER_EPOCH : FetchErrors.UNKNOWN_LEADER_EPOCH;
            // The current leader (KIP-951) is sent as this node: a follower names none.
            return new PartitionResult(id, code, -1, -1, -1, LogSlice.empty(), Optional.empty(),
                    asFollower ? OptionalInt.empty() : OptionalInt.of(partition.leaderEpoch()));
        }
        if (!request.isFromFollower() && partition.isLeader() && !partition.highWatermarkSettled()) {
            return PartitionResult.error(id, FetchErrors.OFFSET_NOT_AVAILABLE);
        }
        OptionalInt preferred = preferredReadReplica(partition, request, fetch.fetchOffset());
        if (preferred.isPresent()) {
            return redirect(fetch, partition.log(), preferred);
        }
        try {
            return readLog(fetch, request, partition.log(), maxBytes, minOneBatch);
        } catch (StorageException e) {
            return storageError(fetch, partition.log(), e, asFollower);
        }
    }

    /** KIP-392: a follower serves consumers of Fetch v11+ when a replica selector is configured. */
    private boolean servesConsumerAsFollower(FetchablePartition partition, FetchRequest request) {
        return partition.isFollower() && !request.isFromFollower() && request.clientRackId().isPresent()
                && partitions.followersServeConsumers();
    }

    /** KIP-392: as leader, the replica in the consumer's rack it should read from, if any. */
    private OptionalInt preferredReadReplica(FetchablePartition partition, FetchRequest request, long fetchOffset) {
        if (request.isFromFollower() || !partition.isLeader()) {
            return OptionalInt.empty();
        }
        Optional<String> rack = request.clientRackId().filter(r -> !r.isEmpty());
        return rack.isPresent() ? partitions.preferredReadReplica(partition, rack.get(), fetchOffset) : OptionalInt.empty();
    }

    /** No records, the offsets as a read would report them, and the replica to read from. */
    private static PartitionResult redirect(PartitionFetch fetch, PartitionLog log, OptionalInt preferred) {
        // Read before the high watermark: the reported last stable offset never exceeds it.
        long lastStableOffset = log.lastStableOffset();
        long hw = log.highWatermark();
        return new PartitionResult(fetch.id(), FetchErrors.NONE, hw, lastStableOffset, log.logStartOffset(), LogSlice.empty(),
                Optional.empty(), OptionalInt.empty(), Optional.empty(), preferred);
    }

    /**
     * A storage error by its code; except that a follower answers a consumer that sent no leader
     * epoch with no records rather than OFFSET_OUT_OF_RANGE: such a consumer may be here on stale
     * metadata and would reset its position instead of asking the leader (as Kafka does).
     */
    private static PartitionResult storageError(PartitionFetch fetch, PartitionLog log, StorageException e, boolean asFollower) {
        boolean emptyInstead = asFollower && fetch.currentLeaderEpoch() < 0 && e.errorCode() == FetchErrors.OFFSET_OUT_OF_RANGE;
        return new PartitionResult(fetch.id(), emptyInstead ? FetchErrors.NONE : e.errorCode(), log.highWatermark(),
                log.lastStableOffset(), log.logStartOffset(), LogSlice.empty(), Optional.empty(), OptionalInt.empty());
    }

    private static PartitionResult readLog(PartitionFetch fetch, FetchRequest request, PartitionLog log, int maxBytes,
            boolean minOneBatch) {
        Optional<EpochEndOffset> diverging = divergingEpoch(fetch, log);
        // Read before the high watermark: the reported last stable offset never exceeds it.
        long lastStableOffset = log.lastStableOffset();
        long hw = log.highWatermark();
        if (diverging.isPresent()) {
            return new PartitionResult(fetch.id(), FetchErrors.NONE, hw, lastStableOffset, log.logStartOffset(),
                    LogSlice.empty(), diverging, OptionalInt.empty());
        }
        boolean readCommitted = request.readCommitted() && !request.isFromFollower();
        long bound = request.isFromFollower() ? Long.MAX_VALUE : readCommitted ? lastStableOffset : hw;
        LogReadResult read = log.read(fetch.fetchOffset(), maxBytes, bound, minOneBatch);
        Optional<List<AbortedTxn>> aborted = readCommitted
                ? Optional.of(read.slice().isEmpty() ? List.of() : log.collectAbortedTransactions(fetch.fetchOffset(), bound))
                : Optional.empty();
        return new PartitionResult(fetch.id(), FetchErrors.NONE, read.highWatermark(), lastStableOffset,
                read.logStartOffset(), read.slice(), Optional.empty(), OptionalInt.empty(), aborted);
    }

    /** KIP-595/KIP-320: the fetcher's last epoch ends before its fetch offset, or the log knows a smaller epoch. */
    private static Optional<EpochEndOffset> divergingEpoch(PartitionFetch fetch, PartitionLog log) {
        if (fetch.lastFetchedEpoch() < 0) {
            return Optional.empty();
        }
        EpochEndOffset end = log.endOffsetForEpoch(fetch.lastFetchedEpoch());
        if (end.leaderEpoch() == EpochEndOffset.UNDEFINED_EPOCH || end.endOffset() == EpochEndOffset.UNDEFINED_OFFSET) {
            return Optional.empty();
        }
        if (end.leaderEpoch() < fetch.lastFetchedEpoch() || end.endOffset() < fetch.fetchOffset()) {
            return Optional.of(end);
        }
        return Optional.empty();
    }
}

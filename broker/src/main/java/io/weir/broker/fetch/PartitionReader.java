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
     * mustAnswer}: an error or a diverging epoch, which the fetcher must see without waiting.
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
            mustAnswer |= result.errorCode() != FetchErrors.NONE || result.divergingEpoch().isPresent();
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
        if (!partition.isLeader()) {
            return PartitionResult.error(id, FetchErrors.NOT_LEADER_OR_FOLLOWER);
        }
        if (fetch.currentLeaderEpoch() >= 0 && fetch.currentLeaderEpoch() != partition.leaderEpoch()) {
            short code = fetch.currentLeaderEpoch() < partition.leaderEpoch()
                    ? FetchErrors.FENCED_LEADER_EPOCH : FetchErrors.UNKNOWN_LEADER_EPOCH;
            return new PartitionResult(id, code, -1, -1, -1, LogSlice.empty(), Optional.empty(),
                    OptionalInt.of(partition.leaderEpoch()));
        }
        if (!request.isFromFollower() && !partition.highWatermarkSettled()) {
            return PartitionResult.error(id, FetchErrors.OFFSET_NOT_AVAILABLE);
        }
        try {
            return readLog(fetch, request, partition.log(), maxBytes, minOneBatch);
        } catch (StorageException e) {
            PartitionLog log = partition.log();
            long hw = log.highWatermark();
            return new PartitionResult(id, e.errorCode(), hw, log.lastStableOffset(), log.logStartOffset(), LogSlice.empty(),
                    Optional.empty(), OptionalInt.empty());
        }
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

package io.weir.storage.cleaner;

import io.weir.storage.CleanableSegment;
import io.weir.storage.CleanedSegment;
import io.weir.storage.LogConfig;
import io.weir.storage.PartitionLog;
import io.weir.storage.RecordBatchView;
import io.weir.storage.TopicPartitionKey;
import io.weir.storage.errors.CorruptRecordException;
import io.weir.storage.errors.KafkaStorageException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts logs whose cleanup.policy includes compact: keeps, for each key, only its latest record
 * in the closed segments below the first uncleanable offset (see {@link CleaningWindow}); the
 * active segment is never touched and offsets never change (cleaned logs have gaps).
 *
 * <p>One pass over a log: (1) build an {@link OffsetMap} (key to latest offset) over the dirty
 * section, from the cleaner checkpoint; when the map fills, only the prefix it covers is cleaned
 * this pass; (2) rewrite the cleanable segments from the log start up to the mapped end, grouped
 * into runs whose original sizes fit in {@code segment.bytes} so that small cleaned segments merge,
 * each run into one {@link CleanedSegment} through a {@link BatchFilter}; (3) install each run
 * with {@link PartitionLog#replaceSegments} (crash-safe); (4) move the checkpoint to the mapped
 * end. A log changed under the pass (truncation, retention) discards the rest of the pass.
 * Transactions are cleaned as Kafka cleans them (see {@link BatchFilter}): aborted records go,
 * committed ones are compacted, and markers go after {@code delete.retention.ms} once their
 * transaction has nothing left in the log.
 *
 * <p>Choosing a log: a compacted log needs cleaning when its dirty ratio reaches
 * {@code min.cleanable.dirty.ratio}, when its oldest dirty segment's first batch is older than
 * {@code max.compaction.lag.ms}, or when a tombstone kept by an earlier pass has reached its delete
 * horizon (remembered in memory since startup).
 *
 * <p>State: per partition, the first dirty offset (persisted by {@code LogManager} as
 * {@code cleaner-offset-checkpoint} in each log directory), the last clean time and the last
 * pass's figures. Thread-safety: safe for concurrent use; a log is cleaned by one thread at a
 * time (others skip it), and each pass runs on its caller's thread. Owns no threads.
 */
public final class LogCleaner {
    private static final Logger log = LoggerFactory.getLogger(LogCleaner.class);

    private final CleanerConfig config;
    private final Clock clock;
    private final Map<TopicPartitionKey, PartitionState> states = new ConcurrentHashMap<>();
    private final Set<TopicPartitionKey> inProgress = ConcurrentHashMap.newKeySet();

    /** The cleaner's memory of one partition; replaced whole on each change. */
    private record PartitionState(long firstDirtyOffset, OptionalLong lastCleanTimeMs, long lastBytesRead,
            long lastBytesWritten, OptionalLong pendingHorizonMs) {}

    public LogCleaner(CleanerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public CleanerConfig config() {
        return config;
    }

    /** Sets the first dirty offsets read from the checkpoint files at startup. */
    public void loadCheckpoints(Map<TopicPartitionKey, Long> firstDirtyOffsets) {
        firstDirtyOffsets.forEach((key, offset) -> states.merge(key,
                new PartitionState(offset, OptionalLong.empty(), 0, 0, OptionalLong.empty()),
                (old, loaded) -> old));
    }

    /** The first dirty offset of every partition cleaned or loaded so far, for the checkpoint files. */
    public Map<TopicPartitionKey, Long> firstDirtyOffsets() {
        Map<TopicPartitionKey, Long> offsets = new HashMap<>();
        states.forEach((key, state) -> offsets.put(key, state.firstDirtyOffset()));
        return offsets;
    }

    /** Forgets a deleted partition. */
    public void forget(TopicPartitionKey key) {
        states.remove(key);
    }

    /** The partition's dirty ratio now and what the last pass did; computed from the log's segments. */
    public CleanerStats stats(TopicPartitionKey key, PartitionLog partitionLog) {
        PartitionState state = stateOf(key);
        CleaningWindow window = CleaningWindow.of(partitionLog, state.firstDirtyOffset(), clock.millis());
        return new CleanerStats(window.dirtyRatio(), window.dirtyBytes(), window.cleanBytes() + window.dirtyBytes(),
                window.firstDirtyOffset(), state.lastCleanTimeMs(), state.lastBytesRead(), state.lastBytesWritten());
    }

    private PartitionState stateOf(TopicPartitionKey key) {
        return states.getOrDefault(key, new PartitionState(0, OptionalLong.empty(), 0, 0, OptionalLong.empty()));
    }

    /**
     * How urgently the log needs cleaning: empty when it does not (not compacted, nothing
     * cleanable, ratio below min.cleanable.dirty.ratio and no lag or tombstone deadline passed),
     * else its dirty ratio, or 1 plus it when a deadline passed.
     */
    public OptionalLong priority(TopicPartitionKey key, PartitionLog partitionLog) {
        LogConfig cfg = partitionLog.config();
        if (!cfg.cleanupPolicy().compact() || partitionLog.isClosed()) {
            return OptionalLong.empty();
        }
        long nowMs = clock.millis();
        PartitionState state = stateOf(key);
        CleaningWindow window = CleaningWindow.of(partitionLog, state.firstDirtyOffset(), nowMs);
        if (window.cleanable().isEmpty()) {
            return OptionalLong.empty();
        }
        boolean horizonPassed = state.pendingHorizonMs().isPresent() && nowMs >= state.pendingHorizonMs().getAsLong();
        boolean lagPassed = !window.dirty().isEmpty() && window.dirty().get(0).firstBatchTimestampMs()
                .stream().anyMatch(first -> nowMs - first > cfg.maxCompactionLagMs());
        long ratioPermille = Math.round(window.dirtyRatio() * 1000);
        if (horizonPassed || lagPassed) {
            return OptionalLong.of(1000 + ratioPermille);
        }
        if (window.dirtyBytes() > 0 && window.dirtyRatio() >= cfg.minCleanableDirtyRatio()) {
            return OptionalLong.of(ratioPermille);
        }
        return OptionalLong.empty();
    }

    /**
     * Cleans the most urgent of {@code logs} that no other thread is cleaning, if any needs it.
     * Returns the pass's result.
     */
    public Optional<CleanResult> cleanDirtiest(Map<TopicPartitionKey, PartitionLog> logs) {
        TopicPartitionKey best = null;
        long bestPriority = -1;
        for (Map.Entry<TopicPartitionKey, PartitionLog> entry : logs.entrySet()) {
            if (inProgress.contains(entry.getKey())) {
                continue;
            }
            OptionalLong priority = priority(entry.getKey(), entry.getValue());
            if (priority.isPresent() && priority.getAsLong() > bestPriority) {
                best = entry.getKey();
                bestPriority = priority.getAsLong();
            }
        }
        return best == null ? Optional.empty() : clean(best, logs.get(best));
    }

    /**
     * Runs one pass over the log now, whatever its dirty ratio. Empty when another thread is
     * cleaning it or its policy does not include compact.
     */
    public Optional<CleanResult> clean(TopicPartitionKey key, PartitionLog partitionLog) {
        if (!partitionLog.config().cleanupPolicy().compact() || !inProgress.add(key)) {
            return Optional.empty();
        }
        try {
            CleanResult result = runPass(key, partitionLog);
            PartitionState old = stateOf(key);
            long nowMs = clock.millis();
            PartitionState next = result.completed()
                    ? new PartitionState(result.nextFirstDirtyOffset(), OptionalLong.of(nowMs), result.bytesRead(),
                            result.bytesAfter(), result.pendingDeleteHorizonMs())
                    : old;
            states.put(key, next);
            return Optional.of(result);
        } finally {
            inProgress.remove(key);
        }
    }

    private CleanResult runPass(TopicPartitionKey key, PartitionLog partitionLog) {
        try {
            return new CleanerPass(key, partitionLog).run();
        } catch (KafkaStorageException | CorruptRecordException e) {
            log.warn("[cleaner {}] cleaning pass failed; the log is left as it was: {}", key.dirName(), e.toString());
            long firstDirty = stateOf(key).firstDirtyOffset();
            return new CleanResult(false, 0, 0, 0, 0, 0, 0, firstDirty, OptionalLong.empty());
        }
    }

    /** One pass over one log; see the class comment. Not thread-safe. */
    private final class CleanerPass {
        private final TopicPartitionKey key;
        private final PartitionLog partitionLog;
        private final String logPrefix;
        private final Throttler throttler = Throttler.sleeping(config.ioMaxBytesPerSecond());
        private AbortedTransactions aborted = new AbortedTransactions(List.of());
        private long bytesRead;

        CleanerPass(TopicPartitionKey key, PartitionLog partitionLog) {
            this.key = key;
            this.partitionLog = partitionLog;
            this.logPrefix = "[cleaner " + key.dirName() + "]";
        }

        CleanResult run() {
            long nowMs = clock.millis();
            CleaningWindow window = CleaningWindow.of(partitionLog, stateOf(key).firstDirtyOffset(), nowMs);
            aborted = new AbortedTransactions(partitionLog.collectAbortedTransactions(partitionLog.logStartOffset(),
                    window.firstUncleanableOffset()));
            OffsetMap map = new OffsetMap(mapBytes(window));
            long mapEnd = buildMap(map, window);
            if (!window.dirty().isEmpty() && mapEnd <= window.firstDirtyOffset()) {
                log.warn("{} the offset map ({} keys) cannot hold one batch's keys; raise log.cleaner.dedupe.buffer.size",
                        logPrefix, map.maxEntries());
                return new CleanResult(false, 0, bytesRead, 0, 0, 0, 0, window.firstDirtyOffset(), OptionalLong.empty());
            }
            List<CleanableSegment> toRewrite = new ArrayList<>();
            for (CleanableSegment segment : window.cleanable()) {
                if (segment.baseOffset() >= mapEnd && !window.dirty().isEmpty()) {
                    break;
                }
                toRewrite.add(segment);
            }
            BatchFilter filter = new BatchFilter(map, nowMs, partitionLog.config().deleteRetentionMs(),
                    partitionLog.producerLastBatchOffsets(), aborted);
            long before = 0;
            long after = 0;
            int replaced = 0;
            for (List<CleanableSegment> group : groupBySize(toRewrite, partitionLog.config().segmentBytes())) {
                before += group.stream().mapToLong(CleanableSegment::sizeInBytes).sum();
                OptionalLong written = rewriteGroup(group, filter);
                if (written.isEmpty()) {
                    return new CleanResult(false, replaced, bytesRead, before, after, filter.recordsRead(),
                            filter.recordsKept(), window.firstDirtyOffset(), filter.pendingHorizonMs());
                }
                after += written.getAsLong();
                replaced += group.size();
            }
            long nextDirty = window.dirty().isEmpty() ? window.firstDirtyOffset() : mapEnd;
            log.info("{} cleaned {} segment(s) up to offset {}: {} -> {} bytes, kept {} of {} records", logPrefix,
                    replaced, nextDirty, before, after, filter.recordsKept(), filter.recordsRead());
            return new CleanResult(true, replaced, bytesRead, before, after, filter.recordsRead(), filter.recordsKept(),
                    nextDirty, filter.pendingHorizonMs());
        }

        /** A share of the dedupe buffer, but no more than 24 bytes per 8 dirty bytes. */
        private long mapBytes(CleaningWindow window) {
            long wanted = Math.max(1024L * OffsetMap.ENTRY_BYTES, window.dirtyBytes() / 8 * OffsetMap.ENTRY_BYTES);
            return Math.min(config.dedupeBufferBytesPerThread(), wanted);
        }

        /**
         * Puts every keyed record (but those of aborted transactions) of the dirty segments from the first dirty
         * offset into the map, segment by segment; returns the offset the map covers up to (the
         * end of the last segment that fit, or, when not even the first fit, of the last batch).
         */
        private long buildMap(OffsetMap map, CleaningWindow window) {
            long mapEnd = window.firstDirtyOffset();
            for (CleanableSegment segment : window.dirty()) {
                long[] batchEnd = {mapEnd};
                boolean[] full = {false};
                segment.forEachBatch(batch -> {
                    if (full[0] || batch.lastOffset() < window.firstDirtyOffset()) {
                        return;
                    }
                    bytesRead += batch.sizeInBytes();
                    throttler.maybeThrottle(batch.sizeInBytes());
                    if (!mapBatch(map, batch)) {
                        full[0] = true;
                        return;
                    }
                    batchEnd[0] = batch.lastOffset() + 1;
                });
                if (full[0]) {
                    boolean firstSegment = segment == window.dirty().get(0);
                    log.info("{} offset map full with {} keys; cleaning up to offset {} this pass", logPrefix,
                            map.size(), firstSegment ? batchEnd[0] : mapEnd);
                    return firstSegment ? batchEnd[0] : mapEnd;
                }
                mapEnd = segment.endOffset();
            }
            return mapEnd;
        }

        /** False, with part of the batch possibly put, when the map filled up. */
        private boolean mapBatch(OffsetMap map, RecordBatchView batch) {
            if (batch.isControl() || (batch.isTransactional() && aborted.isAborted(batch))) {
                return true;
            }
            for (LogRecord record : RecordBatchCodec.records(batch)) {
                if (record.key().isPresent() && !map.put(record.key().get(), record.offset())) {
                    return false;
                }
            }
            return true;
        }

        /** Writes one group into a cleaned segment and swaps it in; the bytes written, or empty if aborted. */
        private OptionalLong rewriteGroup(List<CleanableSegment> group, BatchFilter filter) {
            CleanedSegment cleaned = partitionLog.createCleanedSegment(group.get(0).baseOffset());
            try {
                for (CleanableSegment segment : group) {
                    segment.forEachBatch(batch -> {
                        bytesRead += batch.sizeInBytes();
                        Optional<ByteBuffer> out = filter.filter(batch);
                        out.ifPresent(cleaned::append);
                        throttler.maybeThrottle(batch.sizeInBytes() + out.map(ByteBuffer::remaining).orElse(0));
                    });
                }
                filter.takeDroppedAbortMarkers().forEach(cleaned::dropAbortedTransaction);
                int size = cleaned.sizeInBytes();
                cleaned.setLastModifiedMs(group.stream().mapToLong(CleanableSegment::largestTimestampMs).max().orElseThrow());
                return partitionLog.replaceSegments(cleaned, group) ? OptionalLong.of(size) : OptionalLong.empty();
            } catch (KafkaStorageException e) {
                log.info("{} segment group from {} could not be cleaned: {}", logPrefix, group.get(0).baseOffset(),
                        e.getMessage());
                return OptionalLong.empty();
            } finally {
                cleaned.close();
            }
        }
    }

    /**
     * Consecutive runs whose original sizes add up to at most {@code segmentBytes} and whose offsets
     * span at most Integer.MAX_VALUE (the indexes store offsets relative to the base).
     */
    static List<List<CleanableSegment>> groupBySize(List<CleanableSegment> segments, int segmentBytes) {
        List<List<CleanableSegment>> groups = new ArrayList<>();
        List<CleanableSegment> current = new ArrayList<>();
        long currentBytes = 0;
        for (CleanableSegment segment : segments) {
            boolean fits = current.isEmpty() || (currentBytes + segment.sizeInBytes() <= segmentBytes
                    && segment.endOffset() - 1 - current.get(0).baseOffset() <= Integer.MAX_VALUE);
            if (!fits) {
                groups.add(current);
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(segment);
            currentBytes += segment.sizeInBytes();
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }
}

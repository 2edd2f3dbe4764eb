package io.weir.storage;

import io.weir.storage.cleaner.LogRecord;
import io.weir.storage.cleaner.RecordBatchCodec;
import io.weir.storage.errors.InvalidRecordException;
import io.weir.storage.errors.KafkaStorageException;
import io.weir.storage.errors.OffsetOutOfRangeException;
import io.weir.storage.errors.RecordBatchTooLargeException;
import io.weir.storage.errors.UnexpectedAppendOffsetException;
import io.weir.storage.producer.AppendOrigin;
import io.weir.storage.producer.BatchMetadata;
import io.weir.storage.producer.CompletedTransaction;
import io.weir.storage.producer.PendingProducerAppend;
import io.weir.storage.producer.ProducerAppendResult;
import io.weir.storage.producer.ProducerBatch;
import io.weir.storage.producer.ProducerStateEntry;
import io.weir.storage.producer.ProducerStateManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one partition: a directory {@code <topic>-<partition>} of {@link LogSegment}s
 * ({@code <20-digit base offset>.log} with {@code .index} and {@code .timeindex}), the
 * {@code leader-epoch-checkpoint} of its {@link LeaderEpochCache}, and the producer-state
 * snapshots ({@code <20-digit offset>.snapshot}) of its {@link ProducerStateManager}, and, for
 * segments in which a transaction was aborted, a {@code <base>.txnindex} ({@link TransactionIndex})
 * that {@link #collectAbortedTransactions} reads for {@code read_committed} fetches. Batches are
 * stored byte for byte as produced except the broker-assigned baseOffset and partitionLeaderEpoch
 * (and, for LogAppendTime topics, the timestamp-type bit and maxTimestamp; for CreateTime topics,
 * a maxTimestamp below the batch's baseTimestamp, which is replaced by the largest record timestamp
 * as Kafka does).
 *
 * <p>Producer state (KIP-98 idempotence): leader appends are checked against it before anything is
 * written (a retry of one of the producer's last five batches is answered as a duplicate with the
 * original offsets and not written again); follower appends update it. A snapshot is taken at each
 * roll (at the new segment's base offset) and at {@link #close()} (at the log end); open and
 * truncation reload the newest snapshot at or below the log end and replay the batch headers after
 * it; retention deletes the snapshots below the oldest remaining segment.
 *
 * <p>Thread-safety: one lock serialises every writer (appends, rolls, truncation, retention, log
 * start offset and high watermark moves, flush, close). Reads ({@link #read}, the offset getters,
 * {@link #fetchOffsetByTimestamp}) take no lock: they use the segments map (concurrent) and the
 * volatile published log end, high watermark and log start offset; segment references keep a
 * segment's file readable while a slice of it is out, even after retention removed it. The log
 * owns no thread; periodic work is driven by {@link LogManager}.
 *
 * <p>Deleted segments: their files are renamed to {@code .deleted} at once and removed by the
 * first retention pass (or close) at which no slice holds them and {@code file.delete.delay.ms} has
 * passed since the rename. Leftover {@code .deleted} files are removed when the log is opened.
 *
 * <p>Compaction: the log cleaner ({@code io.weir.storage.cleaner}) reads {@link #closedSegments()},
 * writes a {@link CleanedSegment} and installs it with {@link #replaceSegments}, which checks under
 * the lock that the replaced segments are unchanged and swaps them crash-safely (see there); the
 * active segment is never replaced. For a compacted log the active segment also rolls once it is
 * {@code max.compaction.lag.ms} old, so that no record escapes compaction longer than that.
 *
 * <p>Size: this class is the partition's single writer and its public face, so every operation
 * that must hold the lock lives here (about 1000 lines); loading and recovery
 * ({@link LogLoader}), producer-state replay ({@link ProducerStateLoader}), per-segment work
 * ({@link LogSegment}) and timestamp searches ({@link TimestampSearch}) are kept out of it.
 */
public final class PartitionLog implements AutoCloseable {
    /** Recovery point meaning "the last shutdown was clean": no segment is scanned on open. */
    public static final long CLEAN_SHUTDOWN_RECOVERY_POINT = Long.MAX_VALUE;
    /** ListOffsets timestamp sentinels. */
    public static final long LATEST_TIMESTAMP = -1;
    public static final long EARLIEST_TIMESTAMP = -2;
    public static final long MAX_TIMESTAMP = -3;
    public static final long EARLIEST_LOCAL_TIMESTAMP = -4;

    private static final Logger log = LoggerFactory.getLogger(PartitionLog.class);
    private static final int READ_ATTEMPTS = 100;

    private final Path dir;
    private final String logPrefix;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentSkipListMap<Long, LogSegment> segments;
    private final LeaderEpochCache epochCache;
    private final List<LogSegment> pendingDeletes = new ArrayList<>();
    private final ProducerStateManager producerState;
    private final TransactionIndexes txnIndexes;
    private volatile LogConfig config;
    private volatile OffsetPosition logEnd;
    private volatile OffsetPosition highWatermark;
    private volatile long logStartOffset;
    private volatile long recoveryPoint;
    private volatile long lastFlushMs;
    /** The producer state's first unstable offset, or -1 if none; published for lock-free reads. */
    private volatile long firstUnstableOffset = -1;
    private volatile boolean closed;
    private long unflushedRecords;
    /** Whether the last append failed on I/O (logged once per run of failures); guarded by the lock. */
    private boolean writesFailing;
    private boolean dirtyDirectory;
    /** Producer-state snapshots written at a roll and not yet fsynced; guarded by the lock. */
    private final List<Path> unsyncedSnapshots = new ArrayList<>();

    PartitionLog(Path dir, LogConfig config, Clock clock, ConcurrentSkipListMap<Long, LogSegment> segments,
            LeaderEpochCache epochCache, long logEndOffset, long logStartOffset, long recoveryPoint, String logPrefix) {
        this.dir = dir;
        this.config = config;
        this.clock = clock;
        this.segments = segments;
        this.epochCache = epochCache;
        this.logPrefix = logPrefix;
        LogSegment active = segments.lastEntry().getValue();
        this.logEnd = new OffsetPosition(logEndOffset, active.baseOffset(), active.sizeInBytes());
        this.logStartOffset = logStartOffset;
        this.recoveryPoint = Math.min(recoveryPoint, logEndOffset);
        this.highWatermark = new OffsetPosition(logStartOffset, segments.firstKey(), 0);
        this.lastFlushMs = clock.millis();
        this.producerState = new ProducerStateManager(dir, "log " + dir.getFileName());
        this.txnIndexes = new TransactionIndexes(dir);
    }

    /**
     * Rebuilds the producer state at open (snapshot, then replay to the log end; see
     * {@link LogLoader}) and the aborted-transaction indexes: loaded from their files, with the
     * entries from the replayed range rebuilt from the replay.
     */
    void loadProducerState() {
        this.<Void>locked(() -> {
            txnIndexes.load(segments.keySet());
            int replayed = reloadProducerState(logEnd.offset());
            log.info("{} loaded producer state of {} producer(s), replaying {} batch(es)", logPrefix,
                    producerState.producerCount(), replayed);
            return null;
        });
    }

    /** Reloads the producer state for a log ending at {@code endOffset}; re-indexes replayed aborts. */
    private int reloadProducerState(long endOffset) throws IOException {
        ProducerStateLoader.Replay replay = ProducerStateLoader.reload(producerState, segments, endOffset);
        txnIndexes.truncateTo(replay.fromOffset());
        for (CompletedTransaction txn : replay.completed()) {
            if (txn.aborted()) {
                txnIndexes.append(segments.floorKey(txn.lastOffset()), toAbortedTxn(txn));
            }
        }
        producerState.onHighWatermarkUpdated(highWatermark.offset());
        publishProducerState();
        return replay.batches();
    }

    private static AbortedTxn toAbortedTxn(CompletedTransaction txn) {
        return new AbortedTxn(txn.producerId(), txn.firstOffset(), txn.lastOffset(), txn.lastStableOffset());
    }

    /** Indexes the aborts among transactions completed by batches just written to the active segment. */
    private void indexAborted(List<CompletedTransaction> completed) throws IOException {
        for (CompletedTransaction txn : completed) {
            if (txn.aborted()) {
                txnIndexes.append(segments.lastKey(), toAbortedTxn(txn));
                log.debug("{} indexed aborted transaction of producer {} at offsets {}..{}", logPrefix,
                        txn.producerId(), txn.firstOffset(), txn.lastOffset());
            }
        }
    }

    private void publishProducerState() {
        firstUnstableOffset = producerState.firstUnstableOffset().orElse(-1L);
    }

    /**
     * Opens (creating if needed) the log in {@code dir}: removes leftover {@code .deleted},
     * {@code .cleaned} and {@code .tmp} files, completes interrupted {@code .swap} renames, scans
     * every segment from the one holding {@code recoveryPoint} onwards (truncating at the first
     * torn or corrupt batch, deleting later segments, rebuilding indexes), and sets the log start
     * offset to the larger of {@code logStartOffset} and the first segment's base offset. The high
     * watermark starts at the log start offset. Pass {@link #CLEAN_SHUTDOWN_RECOVERY_POINT} after a
     * clean shutdown to skip scanning.
     */
    public static PartitionLog open(Path dir, LogConfig config, Clock clock, long recoveryPoint, long logStartOffset) {
        try {
            Files.createDirectories(dir);
            return LogLoader.load(dir, config, clock, recoveryPoint, logStartOffset);
        } catch (IOException e) {
            throw new KafkaStorageException("[log " + dir.getFileName() + "] opening the log failed", e);
        }
    }

    /**
     * Appends batches from a producer. Validates each (see
     * {@link RecordBatchView#validateFromProducer}), assigns offsets from the log end by rewriting
     * baseOffset in place in {@code records} (which is therefore modified, unless read-only, in
     * which case it is copied), stamps {@code leaderEpoch}, applies LogAppendTime when configured,
     * rolls first when needed, and writes all batches with one write. A partial trailing batch is
     * dropped; no complete batch at all appends nothing. Batches with a producer id are checked
     * against the producer state first: a retry of one of the producer's last five batches writes
     * nothing and returns the original offsets with {@link AppendResult#duplicate()} set.
     *
     * @throws io.weir.storage.producer.ProducerStateException its subclass's error code
     *     (OUT_OF_ORDER_SEQUENCE_NUMBER, INVALID_PRODUCER_EPOCH, ...); nothing is written
     * @throws io.weir.storage.errors.CorruptRecordException CORRUPT_MESSAGE
     * @throws InvalidRecordException INVALID_RECORD; also for a record without a key when the
     *     cleanup policy includes compact (the records of such batches are decoded to check)
     * @throws io.weir.storage.errors.RecordTooLargeException MESSAGE_TOO_LARGE
     * @throws RecordBatchTooLargeException RECORD_LIST_TOO_LARGE: larger than a segment
     * @throws KafkaStorageException KAFKA_STORAGE_ERROR
     */
    public AppendResult appendAsLeader(ByteBuffer records, int leaderEpoch) {
        return appendAsLeader(records, leaderEpoch, AppendOrigin.CLIENT, 0);
    }

    /**
     * {@link #appendAsLeader(ByteBuffer, int)} for a given origin. {@link AppendOrigin#COORDINATOR}
     * appends are the broker's own: transaction markers (control batches, see
     * {@link ControlBatches}) and transactional offset commits; their batches are checked for
     * structure and against the producer state's epochs and coordinator epochs (KIP-890 rules for
     * {@code transactionVersion} 2), not for sequences. A marker that aborts a transaction adds the
     * transaction to the aborted-transaction index.
     *
     * @param transactionVersion the {@code transaction.version} the marker was written under (0, 1
     *     or 2); ignored for data batches
     * @throws InvalidRecordException a control batch from a client, or a control batch that is not
     *     an end-transaction marker from a coordinator
     */
    public AppendResult appendAsLeader(ByteBuffer records, int leaderEpoch, AppendOrigin origin, int transactionVersion) {
        ByteBuffer written = writableCopy(records);
        return locked(() -> {
            LogConfig cfg = config;
            ByteBuffer input = written;
            List<RecordBatchView> batches = origin == AppendOrigin.COORDINATOR
                    ? BatchValidator.fromCoordinator(input)
                    : BatchValidator.fromProducer(input, cfg.maxMessageBytes());
            int validBytes = BatchValidator.validBytes(input, batches);
            if (batches.isEmpty()) {
                return emptyAppend();
            }
            if (origin == AppendOrigin.CLIENT && needsRecompression(batches, cfg.compression())) {
                input = recompress(batches, cfg.compression());
                batches = BatchValidator.fromProducer(input, cfg.maxMessageBytes());
                validBytes = input.remaining();
            }
            if (cfg.cleanupPolicy().compact()) {
                requireKeys(batches);
            }
            if (validBytes > cfg.segmentBytes()) {
                throw new RecordBatchTooLargeException(validBytes + " bytes exceed segment.bytes " + cfg.segmentBytes());
            }
            long nowMs = clock.millis();
            boolean logAppendTime = cfg.timestampType() == TimestampType.LOG_APPEND_TIME;
            if (origin == AppendOrigin.CLIENT && !logAppendTime) {
                repairMaxTimestamps(batches);
            }
            ProducerAppendResult verdict =
                    producerState.prepare(producerBatches(batches, logAppendTime, nowMs), origin, transactionVersion);
            if (verdict instanceof ProducerAppendResult.Duplicate duplicate) {
                return duplicateAppend(duplicate.original(), logAppendTime);
            }
            PendingProducerAppend pending = ((ProducerAppendResult.Accepted) verdict).pending();
            long firstOffset = logEnd.offset();
            long next = firstOffset;
            for (RecordBatchView batch : batches) {
                batch.setBaseOffset(next);
                batch.setPartitionLeaderEpoch(leaderEpoch);
                batch.setMaxTimestamp(cfg.timestampType(), logAppendTime ? nowMs : batch.maxTimestamp());
                next = batch.lastOffset() + 1;
            }
            epochCache.assign(leaderEpoch, firstOffset);
            AppendResult result = summarize(batches, validBytes, logAppendTime ? nowMs : -1);
            appendValidated(input.duplicate().limit(validBytes), batches, nowMs);
            List<CompletedTransaction> completed = pending.commitContiguous(firstOffset);
            publishProducerState();
            indexAborted(completed);
            return result;
        });
    }

    private static boolean needsRecompression(List<RecordBatchView> batches, Compression compression) {
        OptionalInt codecId = compression.type().codecId();
        return codecId.isPresent() && batches.stream().anyMatch(batch -> batch.compressionCodec() != codecId.getAsInt());
    }

    /**
     * The batches re-encoded with the topic's codec ({@code compression.type}), each keeping its
     * records, offsets deltas, timestamps and producer fields; the one place a produce is
     * decompressed.
     */
    private static ByteBuffer recompress(List<RecordBatchView> batches, Compression compression) {
        int codecId = compression.type().codecId().getAsInt();
        List<ByteBuffer> rewritten = new ArrayList<>(batches.size());
        int bytes = 0;
        for (RecordBatchView batch : batches) {
            ByteBuffer encoded = batch.compressionCodec() == codecId ? batch.bytes()
                    : RecordBatchCodec.recompress(batch, codecId, compression.level());
            rewritten.add(encoded);
            bytes += encoded.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(bytes);
        rewritten.forEach(all::put);
        return all.flip();
    }

    /**
     * Kafka stores a CreateTime batch with its largest record timestamp as maxTimestamp, whatever
     * the producer wrote there. A header whose maxTimestamp is at least its baseTimestamp (the
     * first record's) is trusted, so well-behaved producers' batches are not decompressed; one
     * below it (Sarama 1.22 writes -1 in every batch) is recomputed from the records.
     *
     * @throws io.weir.storage.errors.CorruptRecordException if such a batch's records do not decode
     */
    private static void repairMaxTimestamps(List<RecordBatchView> batches) {
        for (RecordBatchView batch : batches) {
            if (batch.maxTimestamp() < batch.baseTimestamp()) {
                long largest = RecordBatchCodec.records(batch).stream().mapToLong(LogRecord::timestampMs).max()
                        .orElse(batch.maxTimestamp());
                batch.setMaxTimestamp(TimestampType.CREATE_TIME, largest);
            }
        }
    }

    /** Kafka's rule for compacted topics: every record needs a key (else INVALID_RECORD). */
    private void requireKeys(List<RecordBatchView> batches) {
        for (RecordBatchView batch : batches) {
            if (RecordBatchCodec.hasRecordWithoutKey(batch)) {
                throw new InvalidRecordException(logPrefix + " compacted topic cannot accept a record without a key");
            }
        }
    }

    private List<ProducerBatch> producerBatches(List<RecordBatchView> batches, boolean logAppendTime, long nowMs) {
        List<ProducerBatch> result = new ArrayList<>(batches.size());
        for (RecordBatchView batch : batches) {
            if (batch.isControl()) {
                result.add(ProducerBatches.fromStored(batch).orElseThrow(() -> new InvalidRecordException(logPrefix
                        + " control batch at position " + batch.position() + " is not an end-transaction marker")));
            } else {
                result.add(ProducerBatches.fromProducer(batch, logAppendTime ? nowMs : batch.maxTimestamp()));
            }
        }
        return result;
    }

    private AppendResult duplicateAppend(BatchMetadata original, boolean logAppendTime) {
        log.debug("{} duplicate batch: sequences {}..{} were written at offsets {}..{}", logPrefix,
                original.firstSequence(), original.lastSequence(), original.firstOffset(), original.lastOffset());
        return new AppendResult(original.firstOffset(), original.lastOffset(), logAppendTime ? original.timestamp() : -1,
                logStartOffset, original.timestamp(), original.lastOffset(), 0, 0, true);
    }

    /**
     * Appends batches a leader already assigned offsets and epochs to. Checks structure and CRC,
     * that the first offset is not below the log end and that offsets increase (gaps are allowed:
     * compacted leaders have them), and updates the epoch cache from the batches'
     * partitionLeaderEpoch. Size limits are the leader's business and not checked here.
     *
     * @throws UnexpectedAppendOffsetException offsets below the log end or not increasing
     */
    public AppendResult appendAsFollower(ByteBuffer records) {
        ByteBuffer input = records.slice();
        return locked(() -> {
            List<RecordBatchView> batches = BatchValidator.fromLeader(input);
            if (batches.isEmpty()) {
                return emptyAppend();
            }
            long expected = logEnd.offset();
            for (RecordBatchView batch : batches) {
                if (batch.baseOffset() < expected || batch.lastOffsetDelta() < 0) {
                    throw new UnexpectedAppendOffsetException(logPrefix + " follower batch " + batch.baseOffset() + ".."
                            + batch.lastOffset() + " does not follow offset " + (expected - 1));
                }
                expected = batch.lastOffset() + 1;
            }
            for (RecordBatchView batch : batches) {
                epochCache.assign(batch.partitionLeaderEpoch(), batch.baseOffset());
            }
            int validBytes = BatchValidator.validBytes(input, batches);
            AppendResult result = summarize(batches, validBytes, -1);
            appendValidated(input.duplicate().limit(validBytes), batches, clock.millis());
            List<CompletedTransaction> completed = new ArrayList<>(0);
            for (RecordBatchView batch : batches) {
                ProducerBatches.fromStored(batch).flatMap(producerBatch ->
                        producerState.updateFromAppendedBatch(producerBatch, batch.baseOffset())).ifPresent(completed::add);
            }
            publishProducerState();
            indexAborted(completed);
            return result;
        });
    }

    private AppendResult summarize(List<RecordBatchView> batches, int validBytes, long logAppendTimeMs) {
        long maxTimestamp = -1;
        long offsetOfMaxTimestamp = -1;
        int records = 0;
        for (RecordBatchView batch : batches) {
            if (batch.maxTimestamp() > maxTimestamp) {
                maxTimestamp = batch.maxTimestamp();
                offsetOfMaxTimestamp = batch.lastOffset();
            }
            records += batch.recordsCount();
        }
        long first = batches.get(0).baseOffset();
        long last = batches.get(batches.size() - 1).lastOffset();
        return new AppendResult(first, last, logAppendTimeMs, logStartOffset, maxTimestamp, offsetOfMaxTimestamp, validBytes, records, false);
    }

    private AppendResult emptyAppend() {
        long end = logEnd.offset();
        return new AppendResult(end, end - 1, -1, logStartOffset, -1, -1, 0, 0, false);
    }

    private static ByteBuffer writableCopy(ByteBuffer records) {
        if (!records.isReadOnly()) {
            return records.slice();
        }
        ByteBuffer copy = ByteBuffer.allocate(records.remaining());
        copy.put(records.duplicate()).flip();
        return copy;
    }

    private void appendValidated(ByteBuffer data, List<RecordBatchView> batches, long nowMs) throws IOException {
        RecordBatchView first = batches.get(0);
        RecordBatchView last = batches.get(batches.size() - 1);
        long incomingMaxTimestamp = batches.stream().mapToLong(RecordBatchView::maxTimestamp).max().orElse(-1);
        LogSegment active;
        try {
            maybeRoll(data.remaining(), first.baseOffset(), last.lastOffset(), incomingMaxTimestamp, nowMs);
            active = segments.lastEntry().getValue();
            active.append(data);
        } catch (IOException e) {
            if (!writesFailing) {
                writesFailing = true;
                log.error("{} appends fail, answered KAFKA_STORAGE_ERROR until the disk takes writes again: {}", logPrefix,
                        e.toString());
            }
            throw e;
        }
        if (writesFailing) {
            writesFailing = false;
            log.info("{} appends succeed again", logPrefix);
        }
        int records = batches.stream().mapToInt(RecordBatchView::recordsCount).sum();
        logEnd = new OffsetPosition(last.lastOffset() + 1, active.baseOffset(), active.sizeInBytes());
        unflushedRecords += records;
        if (unflushedRecords >= config.flushMessages()) {
            flushLocked();
        }
    }

    private void maybeRoll(int bytes, long firstOffset, long lastOffset, long incomingMaxTimestampMs, long nowMs)
            throws IOException {
        LogConfig cfg = config;
        LogSegment active = segments.lastEntry().getValue();
        boolean offsetOverflow = lastOffset - active.baseOffset() > Integer.MAX_VALUE;
        boolean full = active.sizeInBytes() > 0
                && ((long) active.sizeInBytes() + bytes > cfg.segmentBytes()
                        || active.isIndexFull()
                        || active.shouldRollByTime(nowMs, incomingMaxTimestampMs, cfg.maxSegmentMs()));
        if (full || offsetOverflow) {
            roll(firstOffset, nowMs);
        }
    }

    private void roll(long newBaseOffset, long nowMs) throws IOException {
        LogSegment old = segments.lastEntry().getValue();
        if (old.sizeInBytes() == 0) {
            if (old.baseOffset() == newBaseOffset) {
                return;
            }
            deleteSegments(List.of(old), nowMs);
        } else {
            old.onBecomeInactive();
        }
        LogSegment created = LogSegment.create(dir, newBaseOffset, config, nowMs, logPrefix);
        segments.put(newBaseOffset, created);
        dirtyDirectory = true;
        logEnd = new OffsetPosition(logEnd.offset(), newBaseOffset, 0);
        // The fsync is left to fsyncProducerSnapshots (scheduler) or the next flush, off this lock.
        unsyncedSnapshots.add(producerState.takeSnapshotWithoutFsync(newBaseOffset));
        log.info("{} rolled new segment at offset {} ({} segments)", logPrefix, newBaseOffset, segments.size());
    }

    /**
     * Whole batches starting with the one that contains {@code startOffset}, not reaching
     * {@code maxOffsetExclusive} (the high watermark for consumers, the log end for followers),
     * at most {@code maxBytes} unless {@code minOneBatch} and the first batch alone is larger.
     * {@code startOffset} equal to the log end (or not below the bound) gives an empty slice.
     *
     * @throws OffsetOutOfRangeException startOffset below the log start or above the log end
     */
    public LogReadResult read(long startOffset, int maxBytes, long maxOffsetExclusive, boolean minOneBatch) {
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            OffsetPosition end = logEnd;
            OffsetPosition hw = highWatermark;
            long start = logStartOffset;
            if (closed) {
                throw new KafkaStorageException(logPrefix + " log is closed");
            }
            if (startOffset < start || startOffset > end.offset()) {
                throw new OffsetOutOfRangeException(logPrefix + " offset " + startOffset + " is outside [" + start + ", "
                        + end.offset() + "]");
            }
            long maxOffset = Math.min(maxOffsetExclusive, end.offset());
            try {
                Optional<LogSlice> slice = readSegments(startOffset, maxBytes, maxOffset, minOneBatch, end, hw);
                if (slice.isPresent()) {
                    return new LogReadResult(slice.get(), hw.offset(), start, end.offset());
                }
            } catch (IOException e) {
                throw new KafkaStorageException(logPrefix + " read at offset " + startOffset + " failed", e);
            }
            // A segment went away under the read (retention, truncation): look again.
        }
        throw new KafkaStorageException(logPrefix + " read at offset " + startOffset + " kept racing with segment deletion");
    }

    private Optional<LogSlice> readSegments(long startOffset, int maxBytes, long maxOffset, boolean minOneBatch,
            OffsetPosition end, OffsetPosition hw) throws IOException {
        if (startOffset >= maxOffset) {
            return Optional.of(LogSlice.empty());
        }
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(startOffset);
        if (entry == null) {
            // The first segment starts above the offset (an empty log rolled forward): read from it.
            entry = segments.firstEntry();
        }
        while (entry != null && entry.getKey() < maxOffset) {
            LogSegment segment = entry.getValue();
            if (!segment.tryRetain()) {
                return Optional.empty();
            }
            boolean handedOut = false;
            try {
                int maxPosition = maxPosition(segment, maxOffset, end, hw);
                Optional<LogSlice> slice = segment.read(startOffset, maxBytes, maxPosition, minOneBatch);
                if (slice.isPresent()) {
                    handedOut = !slice.get().isEmpty();
                    return slice;
                }
            } finally {
                if (!handedOut) {
                    segment.release();
                }
            }
            entry = segments.higherEntry(entry.getKey());
        }
        return Optional.of(LogSlice.empty());
    }

    private static int maxPosition(LogSegment segment, long maxOffset, OffsetPosition end, OffsetPosition hw)
            throws IOException {
        OffsetPosition known = end.offset() == maxOffset ? end : hw.offset() == maxOffset ? hw : null;
        if (known != null) {
            if (segment.baseOffset() == known.segmentBaseOffset()) {
                return known.position();
            }
            return segment.baseOffset() < known.segmentBaseOffset() ? Integer.MAX_VALUE : 0;
        }
        return segment.translateOffset(maxOffset).map(BatchLocation::position).orElse(Integer.MAX_VALUE);
    }

    public long highWatermark() {
        return highWatermark.offset();
    }

    /**
     * Raises the high watermark to {@code offset}, clamped to the log end; never lowers it (only
     * truncation does). Returns whether it moved. The batch position of the new high watermark is
     * kept so that consumer reads bounded by it need no index search.
     */
    public boolean updateHighWatermark(long offset) {
        return locked(() -> {
            long clamped = Math.min(offset, logEnd.offset());
            if (clamped <= highWatermark.offset()) {
                return false;
            }
            highWatermark = positionOf(clamped);
            producerState.onHighWatermarkUpdated(clamped);
            publishProducerState();
            return true;
        });
    }

    private OffsetPosition positionOf(long offset) throws IOException {
        OffsetPosition end = logEnd;
        if (offset >= end.offset()) {
            return new OffsetPosition(offset, end.segmentBaseOffset(), end.position());
        }
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(offset);
        if (entry == null) {
            return new OffsetPosition(offset, segments.firstKey(), 0);
        }
        LogSegment segment = entry.getValue();
        return segment.translateOffset(offset)
                .map(location -> new OffsetPosition(offset, segment.baseOffset(), location.position()))
                .orElse(new OffsetPosition(offset, segment.baseOffset(), segment.sizeInBytes()));
    }

    public long logEndOffset() {
        return logEnd.offset();
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    /** Offset below which every byte is fsynced. */
    public long recoveryPoint() {
        return recoveryPoint;
    }

    /**
     * DeleteRecords: moves the log start offset up to {@code newStartOffset} and deletes the
     * segments wholly below it. Returns whether it moved.
     *
     * @throws OffsetOutOfRangeException beyond the high watermark
     */
    public boolean maybeIncrementLogStartOffset(long newStartOffset) {
        return locked(() -> {
            if (newStartOffset > highWatermark.offset()) {
                throw new OffsetOutOfRangeException(logPrefix + " cannot move the log start offset to " + newStartOffset
                        + " beyond the high watermark " + highWatermark.offset());
            }
            if (newStartOffset <= logStartOffset) {
                return false;
            }
            logStartOffset = newStartOffset;
            epochCache.truncateFromStart(newStartOffset);
            deleteOldSegments((segment, next) -> next.baseOffset() <= logStartOffset, "log start offset " + newStartOffset);
            return true;
        });
    }

    /**
     * Follower divergence: removes every batch at or after {@code offset} (the whole batch holding
     * it, so the log may end below it), fixes the indexes, the epoch cache, the recovery point and
     * the high watermark. Returns whether any batch was removed. At or past the log end no batch
     * goes, but an epoch that starts there (a leadership that appended nothing) does: it holds no
     * record, and a follower that kept it would name it as its last fetched epoch and be told it
     * diverges on every fetch.
     */
    public boolean truncateTo(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("cannot truncate to negative offset " + offset);
        }
        return locked(() -> {
            if (offset >= logEnd.offset()) {
                epochCache.truncateFromEnd(offset);
                return false;
            }
            if (offset <= segments.firstKey() || offset < logStartOffset) {
                truncateFullyLocked(offset);
                return true;
            }
            long nowMs = clock.millis();
            deleteSegments(new ArrayList<>(segments.tailMap(offset, false).values()), nowMs);
            LogSegment last = segments.lastEntry().getValue();
            last.truncateTo(offset);
            last.makeActive();
            long newEnd = last.readNextOffset();
            logEnd = new OffsetPosition(newEnd, last.baseOffset(), last.sizeInBytes());
            epochCache.truncateFromEnd(newEnd);
            recoveryPoint = Math.min(recoveryPoint, newEnd);
            highWatermark = positionOf(Math.min(highWatermark.offset(), newEnd));
            txnIndexes.truncateTo(newEnd);
            reloadProducerState(newEnd);
            log.info("{} truncated to offset {}; log end offset is now {}", logPrefix, offset, newEnd);
            return true;
        });
    }

    /** Removes every segment and starts an empty log at {@code offset} (also the new log start). */
    public void truncateFullyAndStartAt(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("cannot start a log at negative offset " + offset);
        }
        this.<Void>locked(() -> {
            truncateFullyLocked(offset);
            return null;
        });
    }

    private void truncateFullyLocked(long offset) throws IOException {
        long nowMs = clock.millis();
        deleteSegments(new ArrayList<>(segments.values()), nowMs);
        LogSegment fresh = LogSegment.create(dir, offset, config, nowMs, logPrefix);
        segments.put(offset, fresh);
        dirtyDirectory = true;
        logEnd = new OffsetPosition(offset, offset, 0);
        logStartOffset = offset;
        highWatermark = logEnd;
        recoveryPoint = offset;
        unflushedRecords = 0;
        epochCache.clear();
        producerState.truncateFully();
        txnIndexes.clear();
        publishProducerState();
        log.info("{} truncated fully; the log now starts at offset {}", logPrefix, offset);
    }

    /** {@link #fetchOffsetByTimestamp(long, long)} bounded by the log end offset. */
    public Optional<TimestampAndOffset> fetchOffsetByTimestamp(long timestampMs) {
        return fetchOffsetByTimestamp(timestampMs, logEnd.offset());
    }

    /**
     * ListOffsets: {@link #EARLIEST_TIMESTAMP} (-2) and {@link #EARLIEST_LOCAL_TIMESTAMP} (-4) give
     * the log start offset; {@link #LATEST_TIMESTAMP} (-1) gives {@code maxOffsetExclusive} (pass
     * the high watermark or the log end as the isolation level requires); {@link #MAX_TIMESTAMP}
     * (-3) the offset of the record with the largest timestamp; a timestamp {@code >= 0} the first
     * offset whose record timestamp is at least it (time index, then a batch scan, then the
     * records of that batch). Results at or beyond {@code maxOffsetExclusive}, unknown sentinels and
     * searches that find nothing give empty. The leader epoch is that of the answer's offset.
     */
    public Optional<TimestampAndOffset> fetchOffsetByTimestamp(long timestampMs, long maxOffsetExclusive) {
        try {
            return TimestampSearch.search(this, timestampMs, maxOffsetExclusive);
        } catch (IOException e) {
            throw new KafkaStorageException(logPrefix + " offset lookup by timestamp failed", e);
        }
    }

    TimestampAndOffset withEpoch(long timestampMs, long offset) {
        OptionalInt epoch = epochCache.epochForOffset(offset);
        return new TimestampAndOffset(timestampMs, offset, epoch);
    }

    Iterable<LogSegment> segmentsSnapshot() {
        return new ArrayList<>(segments.values());
    }

    public LeaderEpochCache leaderEpochCache() {
        return epochCache;
    }

    /** OffsetForLeaderEpoch against this log's end offset. */
    public EpochEndOffset endOffsetForEpoch(int leaderEpoch) {
        return epochCache.endOffsetFor(leaderEpoch, logEnd.offset());
    }

    /** fsyncs every segment from the recovery point on; the recovery point becomes the log end. */
    public void flush() {
        this.<Void>locked(() -> {
            flushLocked();
            return null;
        });
    }

    /** Flushes when {@code flush.ms} has passed since the last flush and data is unflushed. */
    public boolean maybeFlushByTime() {
        LogConfig cfg = config;
        if (cfg.flushMs() == Long.MAX_VALUE || recoveryPoint >= logEnd.offset()
                || clock.millis() - lastFlushMs < cfg.flushMs()) {
            return false;
        }
        flush();
        return true;
    }

    /**
     * Makes the producer-state snapshots written at segment rolls durable (each file, then the
     * directory), without holding the append lock during the fsyncs. For the flush scheduler; a
     * snapshot lost to a crash before this only means a longer replay at open. Returns how many.
     */
    public int fsyncProducerSnapshots() {
        List<Path> pending = locked(() -> {
            List<Path> taken = List.copyOf(unsyncedSnapshots);
            unsyncedSnapshots.clear();
            return taken;
        });
        if (pending.isEmpty()) {
            return 0;
        }
        try {
            for (Path snapshot : pending) {
                ProducerStateManager.fsyncSnapshot(snapshot);
            }
            CheckpointFile.fsyncDirectory(dir);
        } catch (IOException e) {
            throw new KafkaStorageException(logPrefix + " fsync of producer state snapshots failed", e);
        }
        return pending.size();
    }

    private void flushLocked() throws IOException {
        long end = logEnd.offset();
        Long from = segments.floorKey(recoveryPoint);
        for (LogSegment segment : (from == null ? segments : segments.tailMap(from, true)).values()) {
            segment.flush();
        }
        for (Path snapshot : unsyncedSnapshots) {
            ProducerStateManager.fsyncSnapshot(snapshot);
        }
        if (dirtyDirectory || !unsyncedSnapshots.isEmpty()) {
            CheckpointFile.fsyncDirectory(dir);
            dirtyDirectory = false;
        }
        unsyncedSnapshots.clear();
        recoveryPoint = end;
        unflushedRecords = 0;
        lastFlushMs = clock.millis();
    }

    /**
     * Deletes whole non-active segments that retention allows: when cleanup.policy includes delete,
     * by time (largest timestamp older than retention.ms) and by size (beyond retention.bytes,
     * oldest first); under any policy the segments wholly below the log start
     * offset, never past the high watermark; moves the log start offset to the first remaining
     * segment; removes deleted files no slice holds any more. Returns segments deleted.
     */
    public int deleteRetentionSegments() {
        return locked(() -> {
            LogConfig cfg = config;
            long nowMs = clock.millis();
            int deleted = 0;
            boolean deletePolicy = cfg.cleanupPolicy().delete();
            if (deletePolicy && cfg.retentionMs() >= 0) {
                deleted += deleteOldSegments((segment, next) -> nowMs - segment.largestTimestamp() > cfg.retentionMs(),
                        "retention.ms " + cfg.retentionMs());
            }
            if (deletePolicy && cfg.retentionBytes() >= 0) {
                long[] excess = {size() - cfg.retentionBytes()};
                deleted += deleteOldSegments((segment, next) -> {
                    if (excess[0] - segment.sizeInBytes() < 0) {
                        return false;
                    }
                    excess[0] -= segment.sizeInBytes();
                    return true;
                }, "retention.bytes " + cfg.retentionBytes());
            }
            deleted += deleteOldSegments((segment, next) -> next.baseOffset() <= logStartOffset, "log start offset");
            sweepPendingDeletes(nowMs, cfg.fileDeleteDelayMs());
            return deleted;
        });
    }

    /** Decides whether a segment (with its successor) may go; may throw IOException. */
    @FunctionalInterface
    private interface SegmentPredicate {
        boolean test(LogSegment segment, LogSegment next) throws IOException;
    }

    private int deleteOldSegments(SegmentPredicate predicate, String reason) throws IOException {
        List<LogSegment> deletable = new ArrayList<>();
        Iterator<LogSegment> it = segments.values().iterator();
        LogSegment current = it.hasNext() ? it.next() : null;
        while (current != null && it.hasNext()) {
            LogSegment next = it.next();
            if (next.baseOffset() > highWatermark.offset() || !predicate.test(current, next)) {
                break;
            }
            deletable.add(current);
            current = next;
        }
        if (deletable.isEmpty()) {
            return 0;
        }
        deleteSegments(deletable, clock.millis());
        logStartOffset = Math.max(logStartOffset, segments.firstKey());
        epochCache.truncateFromStart(logStartOffset);
        producerState.deleteSnapshotsBefore(segments.firstKey());
        log.info("{} deleted {} segment(s) for {}; log start offset is now {}", logPrefix, deletable.size(), reason,
                logStartOffset);
        return deletable.size();
    }

    private void deleteSegments(List<LogSegment> toDelete, long nowMs) throws IOException {
        for (LogSegment segment : toDelete) {
            segments.remove(segment.baseOffset(), segment);
            segment.renameToDeleted(nowMs);
            segment.release();
            pendingDeletes.add(segment);
            txnIndexes.remove(segment.baseOffset());
        }
        sweepPendingDeletes(nowMs, config.fileDeleteDelayMs());
    }

    private void sweepPendingDeletes(long nowMs, long delayMs) throws IOException {
        for (Iterator<LogSegment> it = pendingDeletes.iterator(); it.hasNext(); ) {
            if (it.next().deleteFilesIfUnused(nowMs, delayMs)) {
                it.remove();
            }
        }
    }

    /**
     * The closed segments (all but the active one), oldest first, each with the offset it ends
     * before; a snapshot for the log cleaner.
     */
    public List<CleanableSegment> closedSegments() {
        List<CleanableSegment> closedSegments = new ArrayList<>();
        LogSegment previous = null;
        for (LogSegment segment : segments.values()) {
            if (previous != null) {
                closedSegments.add(new CleanableSegment(previous, segment.baseOffset(), logPrefix));
            }
            previous = segment;
        }
        return closedSegments;
    }

    /**
     * Closes the active segment and starts a new one at the log end, unless the active segment is
     * empty; its records then become cleanable (and subject to retention). Returns whether it rolled.
     */
    public boolean roll() {
        return locked(() -> {
            LogSegment active = segments.lastEntry().getValue();
            if (active.sizeInBytes() == 0) {
                return false;
            }
            roll(logEnd.offset(), clock.millis());
            return true;
        });
    }

    /** The base offset of the active segment (the cleaner never touches it). */
    public long activeSegmentBaseOffset() {
        return segments.lastKey();
    }

    /**
     * A new, empty segment for the cleaner, in files {@code <base>.log.cleaned} and its indexes,
     * to replace closed segments starting at {@code baseOffset}.
     */
    public CleanedSegment createCleanedSegment(long baseOffset) {
        try {
            LogSegment segment = LogSegment.createWithSuffix(dir, baseOffset, config, clock.millis(), logPrefix,
                    LogFileNames.CLEANED_SUFFIX);
            return new CleanedSegment(segment, logPrefix);
        } catch (IOException e) {
            throw new KafkaStorageException(logPrefix + " creating cleaned segment " + baseOffset + " failed", e);
        }
    }

    /**
     * Installs {@code cleaned} in place of {@code replaced} (consecutive closed segments, the first
     * with the cleaned segment's base offset), crash-safely: the cleaned files are flushed and
     * renamed to {@code .swap} (indexes first, the {@code .log} last: the commit point), the old
     * segments' files are renamed to {@code .deleted} (removed later, once no slice holds them),
     * and the {@code .swap} files get their final names. A crash before the {@code .log.swap}
     * exists leaves the old segments; after it, {@link LogLoader} finishes the swap. Readers never
     * see a gap: the new segment takes the first old one's key in one step. Returns false, and
     * removes the cleaned files, when the log changed meanwhile (a replaced segment is gone, or
     * the range is no longer below the active segment and the high watermark).
     */
    public boolean replaceSegments(CleanedSegment cleaned, List<CleanableSegment> replaced) {
        if (replaced.isEmpty() || replaced.get(0).baseOffset() != cleaned.baseOffset()) {
            throw new IllegalArgumentException("cleaned segment " + cleaned.baseOffset() + " must replace segments from its base");
        }
        boolean done = locked(() -> {
            long end = replaced.get(replaced.size() - 1).endOffset();
            boolean current = end <= segments.lastKey() && end <= highWatermark.offset()
                    && replaced.stream().allMatch(old -> segments.get(old.baseOffset()) == old.segment());
            if (!current) {
                log.info("{} the log changed while segments {}..{} were cleaned; discarding the result", logPrefix,
                        cleaned.baseOffset(), end);
                return false;
            }
            swapIn(cleaned, replaced);
            return true;
        });
        if (!done) {
            cleaned.close();
        }
        return done;
    }

    private void swapIn(CleanedSegment cleaned, List<CleanableSegment> replaced) throws IOException {
        LogSegment fresh = cleaned.segment();
        fresh.onBecomeInactive();
        fresh.flush();
        fresh.renameFiles(LogFileNames.SWAP_SUFFIX);
        CheckpointFile.fsyncDirectory(dir);
        long nowMs = clock.millis();
        segments.put(fresh.baseOffset(), fresh);
        cleaned.markInstalled();
        for (CleanableSegment old : replaced) {
            LogSegment segment = old.segment();
            if (segment.baseOffset() != fresh.baseOffset()) {
                segments.remove(segment.baseOffset(), segment);
            }
            segment.renameToDeleted(nowMs);
            segment.release();
            pendingDeletes.add(segment);
        }
        fresh.renameFiles("");
        txnIndexes.merge(fresh.baseOffset(), replaced.stream().map(CleanableSegment::baseOffset).toList(), cleaned.droppedAbortMarkers());
        CheckpointFile.fsyncDirectory(dir);
        sweepPendingDeletes(nowMs, config.fileDeleteDelayMs());
        log.info("{} replaced {} segment(s) from offset {} by a cleaned segment of {} bytes", logPrefix,
                replaced.size(), fresh.baseOffset(), fresh.sizeInBytes());
    }

    /**
     * For each producer with batches in the producer state, the last offset of its latest batch:
     * the cleaner keeps that batch (empty if need be) so the producer's sequence stays known.
     */
    public Map<Long, Long> producerLastBatchOffsets() {
        return locked(() -> {
            Map<Long, Long> lastOffsets = new HashMap<>();
            producerState.activeProducers().forEach((producerId, entry) -> {
                if (!entry.batches().isEmpty()) {
                    lastOffsets.put(producerId, entry.batches().get(entry.batches().size() - 1).lastOffset());
                }
            });
            return lastOffsets;
        });
    }

    /** Total bytes of all segment files. */
    public long size() {
        long total = 0;
        for (LogSegment segment : segments.values()) {
            total += segment.sizeInBytes();
        }
        return total;
    }

    public int numberOfSegments() {
        return segments.size();
    }

    public Path dir() {
        return dir;
    }

    public LogConfig config() {
        return config;
    }

    /** New settings apply from the next append; index sizes from the next segment. */
    public void updateConfig(LogConfig newConfig) {
        this.config = newConfig;
    }

    /**
     * The first offset of the oldest transaction still open or whose marker is not yet below the
     * high watermark; empty if none. Lock-free (a value published after each change).
     */
    public OptionalLong firstUnstableOffset() {
        long first = firstUnstableOffset;
        return first < 0 ? OptionalLong.empty() : OptionalLong.of(first);
    }

    /** The last stable offset: {@code min(firstUnstableOffset, highWatermark)}. Lock-free. */
    public long lastStableOffset() {
        long first = firstUnstableOffset;
        long hw = highWatermark.offset();
        return first < 0 ? hw : Math.min(first, hw);
    }

    /**
     * The aborted transactions a {@code read_committed} fetch from {@code fetchOffset} must report:
     * every one with an offset in {@code [fetchOffset, upperBoundOffset)} (pass the offset after the
     * last batch returned, or the last stable offset), in marker order, from the
     * {@code .txnindex} files of the segments from the one holding {@code fetchOffset} on.
     * Lock-free.
     */
    public List<AbortedTxn> collectAbortedTransactions(long fetchOffset, long upperBoundOffset) {
        if (upperBoundOffset <= fetchOffset) {
            return List.of();
        }
        return txnIndexes.collect(fetchOffset, upperBoundOffset);
    }

    /**
     * Whether the producer has a transaction open on this partition at this epoch: a transactional
     * batch of it was appended and no marker followed yet (the leader then needs no KIP-890 check).
     */
    public boolean hasOngoingTransaction(long producerId, short producerEpoch) {
        return locked(() -> producerState.hasOngoingTransaction(producerId, producerEpoch));
    }

    /** Every producer's state (DescribeProducers, tests); an immutable copy. */
    public Map<Long, ProducerStateEntry> activeProducers() {
        return locked(producerState::activeProducers);
    }

    /** The offsets of the producer-state snapshot files present, ascending. */
    public List<Long> producerSnapshotOffsets() {
        return locked(producerState::snapshotOffsets);
    }

    /**
     * Drops producers idle for {@code producerIdExpirationMs} ({@code producer.id.expiration.ms})
     * with no open transaction, by this log's clock. Returns how many were dropped.
     */
    public int removeExpiredProducers(long producerIdExpirationMs) {
        return locked(() -> producerState.removeExpiredProducers(clock.millis(), producerIdExpirationMs));
    }

    /** Where the producer-state snapshot taken at {@code offset} belongs (reserved name). */
    public Path producerSnapshotFile(long offset) {
        return LogFileNames.snapshotFile(dir, offset);
    }

    /**
     * Writes a producer-state snapshot at the log end, finalises the active segment's indexes and
     * closes the files. Does not flush: call {@link #flush()} first for a clean shutdown. Slices still out stay readable until released.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            snapshotProducerStateAtClose();
            segments.lastEntry().getValue().onBecomeInactive();
            for (LogSegment segment : segments.values()) {
                segment.release();
            }
            sweepPendingDeletes(Long.MAX_VALUE, 0);
            log.info("{} closed at log end offset {}", logPrefix, logEnd.offset());
        } catch (IOException e) {
            throw new KafkaStorageException(logPrefix + " closing the log failed", e);
        } finally {
            lock.unlock();
        }
    }

    /** The next open then loads this snapshot and replays nothing; without it, it replays more. */
    private void snapshotProducerStateAtClose() {
        try {
            producerState.takeSnapshot(logEnd.offset());
        } catch (IOException e) {
            log.warn("{} could not write the producer state snapshot at close; the next open replays the log: {}",
                    logPrefix, e.toString());
        }
    }

    /** Closes the log and removes its directory (DeleteTopics). */
    public void delete() {
        close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
            log.info("{} deleted", logPrefix);
        } catch (IOException e) {
            throw new KafkaStorageException(logPrefix + " deleting the log directory failed", e);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "PartitionLog(" + dir.getFileName() + ", start=" + logStartOffset + ", end=" + logEnd.offset()
                + ", hw=" + highWatermark.offset() + ")";
    }

    /** A writer action that may fail with an IOException. */
    @FunctionalInterface
    private interface LockedAction<T> {
        T run() throws IOException;
    }

    private <T> T locked(LockedAction<T> action) {
        lock.lock();
        try {
            if (closed) {
                throw new KafkaStorageException(logPrefix + " log is closed");
            }
            return action.run();
        } catch (IOException e) {
            throw new KafkaStorageException(logPrefix + " I/O failure", e);
        } finally {
            lock.unlock();
        }
    }
}

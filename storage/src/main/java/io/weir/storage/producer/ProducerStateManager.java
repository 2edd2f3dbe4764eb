package io.weir.storage.producer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer state of one partition: for each idempotent or transactional producer, its epoch, its
 * last {@value ProducerStateEntry#MAX_RETAINED_BATCHES} batches, its coordinator epoch and its open
 * transaction; plus the open and recently completed transactions from which the log derives its last
 * stable offset.
 *
 * <p><b>Leader append</b>: {@link #prepare} validates the batches of one append in order, each against
 * the state as the earlier ones would leave it (KIP-98 sequences with wrap-around, epoch fencing,
 * KIP-360 acceptance of producers with no retained state, KIP-890 marker epochs), without changing
 * anything. The log then writes and calls {@link PendingProducerAppend#commit}. A retry of one of the
 * last five batches comes back as {@link ProducerAppendResult.Duplicate}; refusals throw a
 * {@link ProducerStateException}.
 *
 * <p><b>Follower append and recovery</b>: {@link #updateFromAppendedBatch} applies a batch already in
 * the log, without validation.
 *
 * <p><b>Snapshots</b>: {@link #takeSnapshot} writes the whole state to {@code <offset>.snapshot} in the
 * partition directory (format in {@link ProducerStateSnapshotFile}); {@link #loadLatestSnapshot} and
 * {@link #truncateAndReload} restore it, after which the log replays its batches from the returned
 * offset. Snapshots hold the open transactions but not the completed-but-unreplicated ones.
 *
 * <p><b>How the partition log drives it</b>:
 *
 * <ul>
 *   <li>open / recovery: {@code from = truncateAndReload(recoveredLogEndOffset)}, then replay every batch
 *       from {@code from} (or the log start offset) to the end with {@link #updateFromAppendedBatch},
 *       then {@link #onHighWatermarkUpdated} with the checkpointed high watermark and
 *       {@link #removeExpiredProducers};
 *   <li>leader append: {@link #prepare} before writing, {@link PendingProducerAppend#commit} after;
 *       aborted {@link CompletedTransaction}s go to the aborted-transactions index;
 *   <li>follower append: {@link #updateFromAppendedBatch} for each batch after writing it;
 *   <li>high watermark moves: {@link #onHighWatermarkUpdated}; last stable offset is
 *       {@code min(firstUnstableOffset(), highWatermark)};
 *   <li>segment roll: {@link #takeSnapshotWithoutFsync} with the new segment's base offset, forced
 *       later ({@link #fsyncSnapshot}) off the append path; segment deletion:
 *       {@link #deleteSnapshotsBefore} with the new oldest segment's base offset;
 *   <li>truncation to offset {@code t}: {@code truncateAndReload(t)}, then replay from the returned
 *       offset up to {@code t}; full truncation: {@link #truncateFully};
 *   <li>periodically ({@code producer.id.expiration.check.interval.ms}): {@link #removeExpiredProducers}.
 * </ul>
 *
 * <p><b>Thread-safety</b>: none. The partition log's writer lock must guard every call, including
 * reads; the values returned ({@link ProducerStateEntry}, {@link #activeProducers()}) are immutable
 * and may be handed to other threads.
 */
public final class ProducerStateManager {
    private static final Logger log = LoggerFactory.getLogger(ProducerStateManager.class);

    private final Path partitionDir;
    private final String logContext;
    private final Map<Long, ProducerStateEntry> producers = new HashMap<>();
    /** Open transactions: first offset to producer id. */
    private final TreeMap<Long, Long> ongoingTransactions = new TreeMap<>();
    /** Transactions whose marker is not yet below the high watermark, by first offset. */
    private final TreeMap<Long, CompletedTransaction> unreplicatedTransactions = new TreeMap<>();
    /** Bumped on every change, so that a pending append can tell it was prepared on stale state. */
    private long stateVersion;

    /**
     * @param partitionDir the partition's directory, where snapshot files live
     * @param logContext the log line prefix, such as {@code "node 1 orders-3"}
     */
    public ProducerStateManager(Path partitionDir, String logContext) {
        this.partitionDir = Objects.requireNonNull(partitionDir, "partitionDir");
        this.logContext = Objects.requireNonNull(logContext, "logContext");
    }

    public Path partitionDir() {
        return partitionDir;
    }

    /** Validates the batches of a Produce request's append; same as {@code prepare(batches, CLIENT, 0)}. */
    public ProducerAppendResult prepare(List<ProducerBatch> batches) {
        return prepare(batches, AppendOrigin.CLIENT, 0);
    }

    /**
     * Validates the batches of one leader append, in order, without changing any state.
     *
     * <p>For {@link AppendOrigin#CLIENT} appends, a batch that repeats one of its producer's last five
     * batches (same epoch, first and last sequence) makes the whole append a duplicate, as in Kafka.
     * Batches without a producer id are skipped.
     *
     * @param batches every batch of the append in order, including those without a producer id
     * @param origin who is appending
     * @param transactionVersion the {@code transaction.version} of a WriteTxnMarkers marker (0, 1 or
     *     2); only used for control batches
     * @throws ProducerStateException if any batch is refused; nothing is written then
     * @throws IllegalArgumentException if a client append contains a control batch
     */
    public ProducerAppendResult prepare(List<ProducerBatch> batches, AppendOrigin origin, int transactionVersion) {
        Map<Long, ProducerStateEntry> pending = new HashMap<>(4);
        long relativeOffset = 0; // offsets within the append; validation never looks at their values
        for (ProducerBatch batch : batches) {
            long firstOffset = relativeOffset;
            relativeOffset += batch.lastOffsetDelta() + 1L;
            if (!batch.hasProducerId()) {
                continue;
            }
            if (origin == AppendOrigin.CLIENT) {
                if (batch.isControl()) {
                    throw new IllegalArgumentException("control batch in a client append");
                }
                Optional<BatchMetadata> duplicate = lastEntry(batch.producerId()).flatMap(e ->
                        e.findDuplicate(batch.producerEpoch(), batch.baseSequence(), batch.lastSequence()));
                if (duplicate.isPresent()) {
                    return new ProducerAppendResult.Duplicate(duplicate.get());
                }
            }
            ProducerStateEntry entry = pending.get(batch.producerId());
            if (entry == null) {
                entry = lastEntry(batch.producerId()).orElseGet(() -> ProducerStateEntry.empty(batch.producerId()));
            }
            pending.put(batch.producerId(), validateAndApply(entry, batch, origin, transactionVersion, firstOffset));
        }
        return new ProducerAppendResult.Accepted(new PendingProducerAppend(this, batches, stateVersion));
    }

    private ProducerStateEntry validateAndApply(
            ProducerStateEntry entry, ProducerBatch batch, AppendOrigin origin, int transactionVersion, long offset) {
        if (batch.isControl()) {
            ProducerBatchValidator.validateMarker(entry, batch, transactionVersion, logContext);
            return entry.withMarker(
                    batch.producerEpoch(), batch.marker().orElseThrow().coordinatorEpoch(), batch.maxTimestamp());
        }
        ProducerBatchValidator.validateData(entry, batch, origin, logContext);
        return entry.withDataBatch(batch.producerEpoch(), metadata(batch, offset), batch.isTransactional());
    }

    private static BatchMetadata metadata(ProducerBatch batch, long baseOffset) {
        return new BatchMetadata(
                batch.baseSequence(),
                batch.lastSequence(),
                baseOffset,
                baseOffset + batch.lastOffsetDelta(),
                batch.maxTimestamp());
    }

    /**
     * Applies a batch that is already in the log, without validation: follower appends (the leader
     * validated) and recovery replay. Batches without a producer id are ignored.
     *
     * @param batch the batch's producer fields
     * @param baseOffset the batch's base offset in the log
     * @return the transaction the batch closed, if it is a marker for an open transaction
     */
    public Optional<CompletedTransaction> updateFromAppendedBatch(ProducerBatch batch, long baseOffset) {
        if (!batch.hasProducerId()) {
            return Optional.empty();
        }
        stateVersion++;
        long producerId = batch.producerId();
        ProducerStateEntry entry = lastEntry(producerId).orElseGet(() -> ProducerStateEntry.empty(producerId));
        if (batch.isControl()) {
            TransactionMarker marker = batch.marker().orElseThrow();
            long markerOffset = baseOffset + batch.lastOffsetDelta();
            Optional<CompletedTransaction> completed = entry.currentTxnFirstOffset().isPresent()
                    ? Optional.of(complete(producerId, entry.currentTxnFirstOffset().getAsLong(), markerOffset, marker))
                    : Optional.empty();
            producers.put(
                    producerId,
                    entry.withMarker(batch.producerEpoch(), marker.coordinatorEpoch(), batch.maxTimestamp()));
            return completed;
        }
        ProducerStateEntry next =
                entry.withDataBatch(batch.producerEpoch(), metadata(batch, baseOffset), batch.isTransactional());
        if (entry.currentTxnFirstOffset().isEmpty() && next.currentTxnFirstOffset().isPresent()) {
            ongoingTransactions.put(next.currentTxnFirstOffset().getAsLong(), producerId);
        }
        producers.put(producerId, next);
        return Optional.empty();
    }

    private CompletedTransaction complete(
            long producerId, long firstOffset, long markerOffset, TransactionMarker marker) {
        ongoingTransactions.remove(firstOffset);
        long lastStableOffset = ongoingTransactions.isEmpty() ? markerOffset + 1 : ongoingTransactions.firstKey();
        CompletedTransaction completed =
                new CompletedTransaction(producerId, firstOffset, markerOffset, marker.isAbort(), lastStableOffset);
        unreplicatedTransactions.put(firstOffset, completed);
        return completed;
    }

    /**
     * The first offset of the oldest transaction that is still open, or whose marker is not yet below
     * the high watermark. The log's last stable offset is the smaller of this and the high watermark.
     */
    public OptionalLong firstUnstableOffset() {
        long first = Long.MAX_VALUE;
        if (!ongoingTransactions.isEmpty()) {
            first = ongoingTransactions.firstKey();
        }
        if (!unreplicatedTransactions.isEmpty()) {
            first = Math.min(first, unreplicatedTransactions.firstKey());
        }
        return first == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(first);
    }

    /**
     * Forgets completed transactions whose marker is below the new high watermark. The log must call
     * this whenever its high watermark moves (leader and follower), or those transactions keep the
     * first unstable offset, and so the last stable offset, from advancing.
     */
    public void onHighWatermarkUpdated(long highWatermark) {
        unreplicatedTransactions.values().removeIf(txn -> txn.lastOffset() < highWatermark);
    }

    /** Whether the producer has an open transaction in this epoch (KIP-890 verification hook). */
    public boolean hasOngoingTransaction(long producerId, short producerEpoch) {
        return lastEntry(producerId)
                .filter(e -> e.producerEpoch() == producerEpoch && e.currentTxnFirstOffset().isPresent())
                .isPresent();
    }

    public Optional<ProducerStateEntry> lastEntry(long producerId) {
        return Optional.ofNullable(producers.get(producerId));
    }

    /** An immutable copy of every producer's state (for DescribeProducers and tests). */
    public Map<Long, ProducerStateEntry> activeProducers() {
        return Map.copyOf(producers);
    }

    public int producerCount() {
        return producers.size();
    }

    /**
     * Drops producers with no open transaction whose last batch or marker timestamp is at least
     * {@code producerIdExpirationMs} before {@code nowMs} ({@code producer.id.expiration.ms}, Kafka's
     * default 86400000). An expired producer that writes again is accepted at any sequence (KIP-360).
     *
     * @return how many producers were dropped
     */
    public int removeExpiredProducers(long nowMs, long producerIdExpirationMs) {
        int before = producers.size();
        producers.values().removeIf(e -> e.currentTxnFirstOffset().isEmpty()
                && nowMs - e.lastTimestamp() >= producerIdExpirationMs);
        int removed = before - producers.size();
        if (removed > 0) {
            stateVersion++;
            log.debug("[{}] Expired {} producer ids", logContext, removed);
        }
        return removed;
    }

    /**
     * Writes the whole state to {@code <offset>.snapshot}, atomically. {@code offset} must be the log
     * end offset the state corresponds to: every batch below it has been applied, none above. The log
     * takes one at each segment roll (with the new segment's base offset) and at clean shutdown.
     */
    public void takeSnapshot(long offset) throws IOException {
        ProducerStateSnapshotFile.write(partitionDir, offset, producers.values());
        log.debug(
                "[{}] Wrote producer state snapshot at offset {} ({} producers)",
                logContext,
                offset,
                producers.size());
    }

    /**
     * Like {@link #takeSnapshot} but without fsync, for a segment roll on the append path: the
     * caller makes it durable later with {@link #fsyncSnapshot} and an fsync of the partition
     * directory. Until then a crash may leave no file or a torn one (rejected by its CRC on load,
     * after which the log replays from an older snapshot or its start).
     *
     * @return the snapshot file, to pass to {@link #fsyncSnapshot}
     */
    public Path takeSnapshotWithoutFsync(long offset) throws IOException {
        Path file = ProducerStateSnapshotFile.writeWithoutFsync(partitionDir, offset, producers.values());
        log.debug("[{}] Wrote producer state snapshot at offset {} ({} producers), fsync deferred",
                logContext, offset, producers.size());
        return file;
    }

    /**
     * Forces a snapshot file written by {@link #takeSnapshotWithoutFsync}; one deleted since is
     * skipped. Touches no state, so it may run on any thread without the log's lock.
     */
    public static void fsyncSnapshot(Path file) throws IOException {
        ProducerStateSnapshotFile.force(file);
    }

    /**
     * Replaces the state with the newest valid snapshot at or below {@code maxOffset}. Corrupt
     * snapshots are logged, deleted and skipped; leftover temporary files are deleted.
     *
     * @return the offset the loaded snapshot covers, from which the log must replay its batches (up to
     *     its end) through {@link #updateFromAppendedBatch}; empty if there was none, in which case the
     *     state is empty and the log replays from its start offset
     */
    public OptionalLong loadLatestSnapshot(long maxOffset) throws IOException {
        clearState();
        ProducerStateSnapshotFile.deleteTemporaryFiles(partitionDir);
        List<Long> offsets = ProducerStateSnapshotFile.list(partitionDir);
        for (int i = offsets.size() - 1; i >= 0; i--) {
            long offset = offsets.get(i);
            if (offset > maxOffset) {
                continue;
            }
            Path file = ProducerStateSnapshotFile.path(partitionDir, offset);
            try {
                install(ProducerStateSnapshotFile.read(file).producers());
                log.info("[{}] Loaded producer state snapshot at offset {} ({} producers)",
                        logContext, offset, producers.size());
                return OptionalLong.of(offset);
            } catch (ProducerStateSnapshotFile.CorruptSnapshotException e) {
                log.warn("[{}] Deleting corrupt producer state snapshot: {}", logContext, e.getMessage());
                Files.deleteIfExists(file);
            }
        }
        log.info("[{}] No producer state snapshot at or below offset {}", logContext, maxOffset);
        return OptionalLong.empty();
    }

    private void install(List<ProducerStateEntry> entries) {
        for (ProducerStateEntry entry : entries) {
            producers.put(entry.producerId(), entry);
            entry.currentTxnFirstOffset().ifPresent(first -> ongoingTransactions.put(first, entry.producerId()));
        }
    }

    private void clearState() {
        stateVersion++;
        producers.clear();
        ongoingTransactions.clear();
        unreplicatedTransactions.clear();
    }

    /**
     * Rewinds the state for a log truncated to {@code truncationOffset} (its new end offset): deletes
     * the snapshots above it and reloads the newest one at or below it. The log then replays its
     * batches from the returned offset (or its start offset if empty) up to {@code truncationOffset}.
     */
    public OptionalLong truncateAndReload(long truncationOffset) throws IOException {
        deleteSnapshotsAfter(truncationOffset);
        return loadLatestSnapshot(truncationOffset);
    }

    /** Forgets everything and deletes every snapshot (the log was emptied and restarted elsewhere). */
    public void truncateFully() throws IOException {
        clearState();
        deleteSnapshotsAfter(-1L);
    }

    /** Deletes snapshots below {@code offset} (after the segments they precede were deleted). */
    public void deleteSnapshotsBefore(long offset) throws IOException {
        deleteSnapshotsWhere(o -> o < offset);
    }

    /** Deletes snapshots above {@code offset} (they describe data a truncation removed). */
    public void deleteSnapshotsAfter(long offset) throws IOException {
        deleteSnapshotsWhere(o -> o > offset);
    }

    private void deleteSnapshotsWhere(LongPredicate doomed) throws IOException {
        boolean deleted = false;
        for (long offset : ProducerStateSnapshotFile.list(partitionDir)) {
            if (doomed.test(offset)) {
                deleted |= Files.deleteIfExists(ProducerStateSnapshotFile.path(partitionDir, offset));
            }
        }
        if (deleted) {
            ProducerStateSnapshotFile.forceDirectory(partitionDir);
        }
    }

    /** The offsets of the snapshot files present, ascending. */
    public List<Long> snapshotOffsets() throws IOException {
        return ProducerStateSnapshotFile.list(partitionDir);
    }

    /** The newest snapshot's offset, if any. */
    public OptionalLong latestSnapshotOffset() throws IOException {
        List<Long> offsets = snapshotOffsets();
        return offsets.isEmpty() ? OptionalLong.empty() : OptionalLong.of(offsets.get(offsets.size() - 1));
    }

    long stateVersion() {
        return stateVersion;
    }
}

package io.weir.broker.txn;

import io.weir.storage.TopicPartitionKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction coordinator state of one {@code __transaction_state} partition: the metadata of
 * its transactional ids, rebuilt by {@link #replay}ing the partition's records and changed by
 * requests. Every change is written to the log before it is applied in memory or answered; while a
 * change of an id is being written, other requests for that id get CONCURRENT_TRANSACTIONS.
 * Ending a transaction writes Prepare*, answers, then {@link TxnMarkers} writes the markers and
 * Complete*.
 *
 * <p>Producer epochs: InitProducerId bumps the epoch of an existing id (a new producer id once the
 * epoch is exhausted), fencing older producers; an open transaction is aborted first (the client
 * retries on CONCURRENT_TRANSACTIONS). A client ending transactions at EndTxn v5 (transaction
 * version 2, KIP-890 part 2) gets a bumped epoch with every EndTxn; the markers carry it. A
 * transaction open longer than its timeout is aborted with a bumped epoch, fencing its producer.
 *
 * <p>Thread-safety: not thread-safe. Every method runs on the shard's lane; tests drive it with a
 * direct executor, a manual timer, an in-memory log and a fake marker writer.
 */
final class TxnShard {
    private static final Logger log = LoggerFactory.getLogger(TxnShard.class);
    private static final String ABORT_CHECK_KEY = "abort-timed-out";
    private static final String EXPIRE_CHECK_KEY = "remove-expired";
    private static final short MAX_EPOCH = Short.MAX_VALUE - 1;

    private final TxnShardContext ctx;
    private final Map<String, TxnMetadata> txns = new HashMap<>();
    private final Set<String> pending = new HashSet<>();
    private final TxnMarkers markers;
    private boolean loaded = true;

    TxnShard(TxnShardContext ctx) {
        this.ctx = ctx;
        this.markers = new TxnMarkers(ctx, this::persist, () -> loaded);
    }

    /** Applies one record read back from the log. */
    void replay(TxnRecord record) {
        if (record.value().isPresent()) {
            txns.put(record.transactionalId(), record.value().get());
        } else {
            txns.remove(record.transactionalId());
        }
    }

    /** Loading is over: finish transactions left in a Prepare state, start the periodic checks. */
    void onLoaded() {
        for (TxnMetadata m : List.copyOf(txns.values())) {
            if (m.state() == TxnState.PREPARE_COMMIT || m.state() == TxnState.PREPARE_ABORT) {
                log.info("{} completing {} of {} left from before the load", ctx.logPrefix, m.state().kafkaName(), m.transactionalId());
                markers.complete(m);
            } else if (m.state() == TxnState.PREPARE_EPOCH_FENCE) {
                prepareEnd(m.withState(TxnState.ONGOING, m.lastUpdateTimestampMs()), false, true, m.clientTransactionVersion());
            }
        }
        scheduleAbortCheck();
        scheduleExpireCheck();
        log.debug("{} loaded {} transactional id(s)", ctx.logPrefix, txns.size());
    }

    /** This node no longer coordinates the partition: stop timers and forget everything. */
    void unload() {
        loaded = false;
        ctx.cancelAll();
        txns.clear();
        pending.clear();
    }

    private CompletableFuture<TxnMetadata> persist(TxnMetadata next) {
        String id = next.transactionalId();
        pending.add(id);
        return ctx.write(List.of(TxnRecord.of(next))).handle((ignored, failure) -> {
            pending.remove(id);
            if (!loaded) {
                throw new TxnException(TxnError.NOT_COORDINATOR, "no longer coordinating " + id);
            }
            if (failure != null) {
                throw new CompletionException(new TxnException(TxnException.errorOf(failure), "writing " + id + " failed"));
            }
            txns.put(id, next);
            return next;
        });
    }

    private CompletableFuture<Long> allocateProducerId(String id) {
        pending.add(id);
        CompletableFuture<Long> allocated;
        try {
            allocated = ctx.producerIds.nextProducerId()
                    .exceptionallyCompose(e -> CompletableFuture.failedFuture(producerIdsUnavailable(e)));
        } catch (RuntimeException e) {
            allocated = CompletableFuture.failedFuture(producerIdsUnavailable(e));
        }
        return ctx.onLane(allocated).whenComplete((ignored, failure) -> pending.remove(id));
    }

    /** No id block could be reserved now (no active controller, say): the client retries. */
    private static TxnException producerIdsUnavailable(Throwable failure) {
        return new TxnException(TxnError.COORDINATOR_LOAD_IN_PROGRESS, "no producer id can be reserved now: " + failure);
    }

    private void checkNotPending(String id) {
        if (pending.contains(id)) {
            throw new TxnException(TxnError.CONCURRENT_TRANSACTIONS, "a change of " + id + " is being written");
        }
    }

    private static ProducerIdAndEpoch idAndEpoch(TxnMetadata m) {
        return new ProducerIdAndEpoch(m.producerId(), m.producerEpoch());
    }

    /**
     * InitProducerId with a transactional id.
     *
     * @param expectedProducerId the producer's current id (KIP-360, v3+), or -1
     * @param expectedEpoch the producer's current epoch, or -1
     */
    CompletableFuture<ProducerIdAndEpoch> initProducerId(String id, int timeoutMs, long expectedProducerId, short expectedEpoch) {
        if (timeoutMs <= 0 || timeoutMs > ctx.config.maxTimeoutMs()) {
            throw new TxnException(TxnError.INVALID_TRANSACTION_TIMEOUT, "timeout " + timeoutMs + " ms");
        }
        checkNotPending(id);
        TxnMetadata current = txns.get(id);
        if (current == null) {
            return allocateProducerId(id)
                    .thenCompose(producerId -> persist(TxnMetadata.fresh(id, producerId, timeoutMs, ctx.nowMs())))
                    .thenApply(TxnShard::idAndEpoch);
        }
        if (expectedProducerId != -1 && isInitRetry(current, expectedProducerId, expectedEpoch)) {
            return CompletableFuture.completedFuture(idAndEpoch(current));
        }
        if (current.state().isPreparing()) {
            throw new TxnException(TxnError.CONCURRENT_TRANSACTIONS, id + " is completing a transaction");
        }
        if (current.state() == TxnState.ONGOING) {
            log.info("{} fencing {} at epoch {}: aborting its open transaction", ctx.logPrefix, id, current.producerEpoch());
            prepareEnd(current, false, true, current.clientTransactionVersion());
            throw new TxnException(TxnError.CONCURRENT_TRANSACTIONS, "aborting the open transaction of " + id);
        }
        CompletableFuture<ProducerIdAndEpoch> next = current.producerEpoch() < MAX_EPOCH
                ? CompletableFuture.completedFuture(new ProducerIdAndEpoch(current.producerId(), (short) (current.producerEpoch() + 1)))
                : allocateProducerId(id).thenApply(producerId -> new ProducerIdAndEpoch(producerId, (short) 0));
        return next.thenCompose(bumped -> persist(current.withEpoch(bumped.producerId(), bumped.epoch()).withTimeout(timeoutMs)
                .withPartitions(Set.of(), -1).withClientTransactionVersion((short) 1).withState(TxnState.EMPTY, ctx.nowMs())))
                .thenApply(TxnShard::idAndEpoch);
    }

    /** KIP-360: true for a retry of an InitProducerId already applied; PRODUCER_FENCED for an older producer. */
    private static boolean isInitRetry(TxnMetadata current, long expectedProducerId, short expectedEpoch) {
        if (expectedProducerId == current.producerId()) {
            if (expectedEpoch == current.producerEpoch()) {
                return false;
            }
            if (expectedEpoch == current.lastProducerEpoch() && current.state().isIdle()) {
                return true;
            }
        } else if (expectedProducerId == current.previousProducerId() && current.lastProducerEpoch() == -1
                && current.state().isIdle()) {
            return true;
        }
        throw new TxnException(TxnError.PRODUCER_FENCED, "producer " + expectedProducerId + " epoch " + expectedEpoch
                + " is not the current producer of " + current.transactionalId());
    }

    private TxnMetadata checkProducer(String id, long producerId, short epoch) {
        TxnMetadata current = txns.get(id);
        if (current == null || current.producerId() != producerId) {
            throw new TxnException(TxnError.INVALID_PRODUCER_ID_MAPPING, "producer " + producerId + " does not own " + id);
        }
        if (current.producerEpoch() != epoch) {
            throw new TxnException(TxnError.PRODUCER_FENCED, "epoch " + epoch + " of " + id + " is fenced by " + current.producerEpoch());
        }
        return current;
    }

    /** AddPartitionsToTxn and AddOffsetsToTxn: adds the partitions to the open transaction, opening one if needed. */
    CompletableFuture<Void> addPartitions(String id, long producerId, short epoch, Collection<TopicPartitionKey> partitions) {
        TxnMetadata current = checkProducer(id, producerId, epoch);
        checkNotPending(id);
        if (current.state().isPreparing()) {
            throw new TxnException(TxnError.CONCURRENT_TRANSACTIONS, id + " is completing a transaction");
        }
        if (current.state() == TxnState.DEAD) {
            throw new TxnException(TxnError.INVALID_TXN_STATE, id + " is " + current.state().kafkaName());
        }
        boolean ongoing = current.state() == TxnState.ONGOING;
        if (ongoing && current.partitions().containsAll(partitions)) {
            return CompletableFuture.completedFuture(null);
        }
        Set<TopicPartitionKey> all = new HashSet<>(current.partitions());
        all.addAll(partitions);
        long nowMs = ctx.nowMs();
        TxnMetadata next = current.withPartitions(all, ongoing ? current.txnStartTimestampMs() : nowMs).withState(TxnState.ONGOING, nowMs);
        return persist(next).thenApply(ignored -> null);
    }

    /** AddPartitionsToTxn v4+ verify-only: per partition, NONE when it is in the open transaction. */
    Map<TopicPartitionKey, TxnError> verifyPartitions(String id, long producerId, short epoch, Collection<TopicPartitionKey> partitions) {
        Map<TopicPartitionKey, TxnError> results = new LinkedHashMap<>();
        TxnError error;
        try {
            TxnMetadata current = checkProducer(id, producerId, epoch);
            partitions.forEach(p -> results.put(p, current.state() == TxnState.ONGOING && current.partitions().contains(p)
                    ? TxnError.NONE : TxnError.INVALID_TXN_STATE));
            return results;
        } catch (TxnException e) {
            error = e.error();
        }
        TxnError all = error;
        partitions.forEach(p -> results.put(p, all));
        return results;
    }

    /**
     * EndTxn. Answers once PrepareCommit/PrepareAbort is written (the markers follow), with the
     * producer id and epoch the client uses next: bumped for transaction version 2.
     */
    CompletableFuture<ProducerIdAndEpoch> endTxn(String id, long producerId, short epoch, boolean commit, short transactionVersion) {
        TxnMetadata current = txns.get(id);
        if (current == null || current.producerId() != producerId) {
            throw new TxnException(TxnError.INVALID_PRODUCER_ID_MAPPING, "producer " + producerId + " does not own " + id);
        }
        boolean v2 = transactionVersion >= 2;
        boolean v2Retry = v2 && epoch == current.lastProducerEpoch() && epoch != current.producerEpoch();
        if (v2Retry && endsAs(current.state(), commit)) {
            return CompletableFuture.completedFuture(idAndEpoch(current));
        }
        if (v2Retry && !commit && current.state() == TxnState.COMPLETE_COMMIT) {
            throw new TxnException(TxnError.INVALID_TXN_STATE, "cannot abort " + id + ": its transaction committed");
        }
        if (epoch != current.producerEpoch()) {
            throw new TxnException(TxnError.PRODUCER_FENCED, "epoch " + epoch + " of " + id + " is fenced by " + current.producerEpoch());
        }
        checkNotPending(id);
        TxnState state = current.state();
        if (state == TxnState.ONGOING || (v2 && !commit && state.isIdle())) {
            return prepareEnd(current, commit, v2, transactionVersion).thenApply(TxnShard::idAndEpoch);
        }
        if (!v2 && endsAs(state, commit) && !state.isPreparing()) {
            return CompletableFuture.completedFuture(idAndEpoch(current));
        }
        if (endsAs(state, commit) && state.isPreparing()) {
            throw new TxnException(TxnError.CONCURRENT_TRANSACTIONS, id + " is completing its transaction");
        }
        throw new TxnException(TxnError.INVALID_TXN_STATE, "cannot " + (commit ? "commit " : "abort ") + id + " in state "
                + state.kafkaName());
    }

    private static boolean endsAs(TxnState state, boolean commit) {
        return commit
                ? state == TxnState.PREPARE_COMMIT || state == TxnState.COMPLETE_COMMIT
                : state == TxnState.PREPARE_ABORT || state == TxnState.COMPLETE_ABORT;
    }

    /** Writes PrepareCommit/PrepareAbort (bumping the epoch when asked and possible), then completes the transaction. */
    private CompletableFuture<TxnMetadata> prepareEnd(TxnMetadata current, boolean commit, boolean bumpEpoch, short transactionVersion) {
        TxnMetadata prepared = bumpEpoch && current.producerEpoch() < MAX_EPOCH
                ? current.withEpoch(current.producerId(), (short) (current.producerEpoch() + 1))
                : current;
        prepared = prepared.withClientTransactionVersion(transactionVersion)
                .withState(commit ? TxnState.PREPARE_COMMIT : TxnState.PREPARE_ABORT, ctx.nowMs());
        return persist(prepared).whenComplete((written, failure) -> {
            if (failure == null) {
                markers.complete(written);
            }
        });
    }

    private void scheduleAbortCheck() {
        ctx.schedule(ABORT_CHECK_KEY, ctx.config.abortTimedOutCheckIntervalMs(), () -> {
            abortTimedOut();
            scheduleAbortCheck();
        });
    }

    private void scheduleExpireCheck() {
        ctx.schedule(EXPIRE_CHECK_KEY, ctx.config.removeExpiredCheckIntervalMs(), () -> {
            removeExpired();
            scheduleExpireCheck();
        });
    }

    /** Aborts, with an epoch bump that fences the producer, every transaction open longer than its timeout. */
    void abortTimedOut() {
        long nowMs = ctx.nowMs();
        for (TxnMetadata m : List.copyOf(txns.values())) {
            if (m.state() == TxnState.ONGOING && !pending.contains(m.transactionalId())
                    && nowMs > m.txnStartTimestampMs() + m.timeoutMs()) {
                log.info("{} aborting the transaction of {}: open longer than its timeout of {} ms", ctx.logPrefix, m.transactionalId(),
                        m.timeoutMs());
                prepareEnd(m, false, true, m.clientTransactionVersion());
            }
        }
    }

    /** Forgets (with a tombstone) transactional ids idle for {@code transactional.id.expiration.ms}. */
    void removeExpired() {
        long nowMs = ctx.nowMs();
        List<TxnRecord> tombstones = new ArrayList<>();
        for (TxnMetadata m : txns.values()) {
            if (m.state().isIdle() && !pending.contains(m.transactionalId())
                    && nowMs - m.lastUpdateTimestampMs() >= ctx.config.transactionalIdExpirationMs()) {
                tombstones.add(new TxnRecord(m.transactionalId(), Optional.empty()));
            }
        }
        if (tombstones.isEmpty()) {
            return;
        }
        tombstones.forEach(t -> pending.add(t.transactionalId()));
        ctx.write(tombstones).whenComplete((ignored, failure) -> {
            tombstones.forEach(t -> pending.remove(t.transactionalId()));
            if (failure != null || !loaded) {
                return;
            }
            tombstones.forEach(t -> txns.remove(t.transactionalId()));
            log.info("{} removed {} expired transactional id(s)", ctx.logPrefix, tombstones.size());
        });
    }

    Optional<TxnMetadata> describe(String id) {
        return Optional.ofNullable(txns.get(id));
    }

    /** Every transactional id of the shard (ListTransactions filters them). */
    List<TxnMetadata> list() {
        return List.copyOf(txns.values());
    }
}

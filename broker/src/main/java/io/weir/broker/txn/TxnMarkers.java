package io.weir.broker.txn;

import io.weir.storage.TopicPartitionKey;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second half of ending a transaction: once PrepareCommit or PrepareAbort is in the log,
 * write the marker into every partition of the transaction (retrying failed partitions after
 * {@link TxnConfig#markerRetryBackoffMs()}; a partition that no longer exists is skipped), tell the
 * {@link TxnCompletionListener} (retried the same way until it succeeds), then record
 * CompleteCommit or CompleteAbort. Runs after a restart
 * too, for transactions loaded in a Prepare state.
 *
 * <p>Thread-safety: lane-confined, like its shard.
 */
final class TxnMarkers {
    private static final Logger log = LoggerFactory.getLogger(TxnMarkers.class);
    private static final short NONE = 0;
    private static final short UNKNOWN_TOPIC_OR_PARTITION = 3;

    private final TxnShardContext ctx;
    private final Function<TxnMetadata, CompletableFuture<TxnMetadata>> persist;
    private final BooleanSupplier loaded;

    TxnMarkers(TxnShardContext ctx, Function<TxnMetadata, CompletableFuture<TxnMetadata>> persist, BooleanSupplier loaded) {
        this.ctx = ctx;
        this.persist = persist;
        this.loaded = loaded;
    }

    /** Completes a transaction whose Prepare record is written. */
    void complete(TxnMetadata prepared) {
        boolean commit = prepared.state() == TxnState.PREPARE_COMMIT;
        if (prepared.partitions().isEmpty()) {
            recordCompletion(prepared, commit);
        } else {
            send(prepared, commit, prepared.partitions());
        }
    }

    private void send(TxnMetadata prepared, boolean commit, Set<TopicPartitionKey> remaining) {
        CompletableFuture<java.util.Map<TopicPartitionKey, Short>> written;
        try {
            written = ctx.markers.write(prepared.producerId(), prepared.producerEpoch(), ctx.coordinatorEpoch, commit,
                    prepared.clientTransactionVersion(), remaining);
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        ctx.onLane(written).whenComplete((results, failure) -> {
            if (!loaded.getAsBoolean()) {
                return;
            }
            Set<TopicPartitionKey> retry = new HashSet<>();
            for (TopicPartitionKey partition : remaining) {
                short code = failure != null ? -1 : results.getOrDefault(partition, (short) -1);
                if (code != NONE && code != UNKNOWN_TOPIC_OR_PARTITION) {
                    retry.add(partition);
                }
            }
            if (retry.isEmpty()) {
                notifyListener(prepared, commit);
                return;
            }
            log.warn("{} writing {} markers of {} failed for {} partition(s){}; retrying", ctx.logPrefix, commit ? "commit" : "abort",
                    prepared.transactionalId(), retry.size(), failure == null ? "" : ": " + failure);
            ctx.schedule("markers/" + prepared.transactionalId(), ctx.config.markerRetryBackoffMs(), () -> send(prepared, commit, retry));
        });
    }

    private void notifyListener(TxnMetadata prepared, boolean commit) {
        CompletableFuture<Void> notified;
        try {
            notified = ctx.completions.onMarkersWritten(prepared.producerId(), commit, prepared.partitions());
        } catch (RuntimeException e) {
            notified = CompletableFuture.failedFuture(e);
        }
        ctx.onLane(notified).whenComplete((ignored, failure) -> {
            if (!loaded.getAsBoolean()) {
                return;
            }
            if (failure == null) {
                recordCompletion(prepared, commit);
                return;
            }
            log.warn("{} completing the offsets of {} failed: {}; retrying", ctx.logPrefix, prepared.transactionalId(), failure.toString());
            ctx.schedule("offsets/" + prepared.transactionalId(), ctx.config.markerRetryBackoffMs(), () -> notifyListener(prepared, commit));
        });
    }

    private void recordCompletion(TxnMetadata prepared, boolean commit) {
        TxnMetadata completed = prepared.withPartitions(Set.of(), prepared.txnStartTimestampMs())
                .withState(commit ? TxnState.COMPLETE_COMMIT : TxnState.COMPLETE_ABORT, ctx.nowMs());
        persist.apply(completed).whenComplete((ignored, failure) -> {
            if (failure == null) {
                log.debug("{} {} {}", ctx.logPrefix, commit ? "committed" : "aborted", prepared.transactionalId());
            } else if (loaded.getAsBoolean()) {
                log.warn("{} recording the end of {} failed: {}; retrying", ctx.logPrefix, prepared.transactionalId(), failure.toString());
                ctx.schedule("complete/" + prepared.transactionalId(), ctx.config.markerRetryBackoffMs(),
                        () -> recordCompletion(prepared, commit));
            }
        });
    }
}

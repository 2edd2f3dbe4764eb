package io.weir.broker.txn;

import io.weir.storage.TopicPartitionKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link TxnMarkerWriter} of a partition leader: writes the markers into the partitions this
 * node leads through {@code appender} (the replica manager), then tells {@code completions} about
 * every partition whose marker is written, so that the group coordinator of a
 * {@code __consumer_offsets} partition completes the transaction's pending offsets on the node
 * that leads it, whichever node coordinates the transaction (Kafka does this in its
 * WriteTxnMarkers handling too). A partition whose completion fails answers NOT_COORDINATOR, so
 * that the transaction coordinator writes its marker again (to the new leader) and completes it
 * there.
 *
 * <p>Thread-safety: any thread; it never blocks.
 */
public final class LeaderTxnMarkerWriter implements TxnMarkerWriter {
    private static final short NONE = 0;
    private static final short NOT_COORDINATOR = 16;

    private final TxnMarkerWriter appender;
    private final TxnCompletionListener completions;

    public LeaderTxnMarkerWriter(TxnMarkerWriter appender, TxnCompletionListener completions) {
        this.appender = appender;
        this.completions = completions;
    }

    @Override
    public CompletableFuture<Map<TopicPartitionKey, Short>> write(long producerId, short producerEpoch, int coordinatorEpoch,
            boolean commit, int transactionVersion, Collection<TopicPartitionKey> partitions) {
        return appender.write(producerId, producerEpoch, coordinatorEpoch, commit, transactionVersion, partitions).thenCompose(appended -> {
            Map<TopicPartitionKey, Short> codes = new ConcurrentHashMap<>(appended);
            List<TopicPartitionKey> written = new ArrayList<>();
            codes.forEach((partition, code) -> {
                if (code == NONE) {
                    written.add(partition);
                }
            });
            List<CompletableFuture<Void>> completed = new ArrayList<>();
            for (TopicPartitionKey partition : written) {
                CompletableFuture<Void> done;
                try {
                    done = completions.onMarkersWritten(producerId, commit, List.of(partition));
                } catch (RuntimeException e) {
                    done = CompletableFuture.failedFuture(e);
                }
                completed.add(done.whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        codes.put(partition, NOT_COORDINATOR);
                    }
                }));
            }
            return CompletableFuture.allOf(completed.toArray(CompletableFuture[]::new)).handle((ignored, failure) -> codes);
        });
    }
}

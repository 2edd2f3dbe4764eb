package io.weir.broker.txn;

import io.weir.broker.group.LogCoordinatorLoader;
import io.weir.broker.group.RecordBatches;
import io.weir.broker.group.ReplicaPartitionWriter;
import io.weir.broker.replica.ReplicaManager;
import io.weir.metadata.TopicNames;
import io.weir.storage.TopicPartitionKey;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * {@code __transaction_state} through the replica manager: appends one uncompressed batch per
 * call as the partition's leader, and replays a hosted partition from its log start to its high
 * watermark (the group coordinator's batch format and reader). Thread-safe.
 */
public final class ReplicaTxnLog implements TxnLog {
    private final ReplicaManager replicas;
    private final Clock clock;

    public ReplicaTxnLog(ReplicaManager replicas, Clock clock) {
        this.replicas = replicas;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Void> append(int partition, List<TxnRecord> records) {
        List<RecordBatches.Entry> entries = records.stream()
                .map(r -> new RecordBatches.Entry(TxnRecordCodec.key(r), TxnRecordCodec.value(r))).toList();
        return ReplicaPartitionWriter.appendBatch(replicas, key(partition), RecordBatches.encodeEntries(entries, clock.millis()));
    }

    @Override
    public long load(int partition, Consumer<TxnRecord> sink) {
        long[] count = new long[1];
        LogCoordinatorLoader.replay(replicas, key(partition), (k, v) -> {
            count[0]++;
            sink.accept(TxnRecordCodec.decode(k, v));
        });
        return count[0];
    }

    private static TopicPartitionKey key(int partition) {
        return new TopicPartitionKey(TopicNames.TRANSACTION_STATE, partition);
    }
}

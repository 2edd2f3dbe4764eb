package io.weir.broker.group;

import io.weir.broker.replica.ReplicaManager;
import io.weir.metadata.TopicNames;
import io.weir.storage.LogReadResult;
import io.weir.storage.PartitionLog;
import io.weir.storage.TopicPartitionKey;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Reads a hosted {@code __consumer_offsets} partition from its log start offset to its high
 * watermark, {@value #READ_BYTES} bytes at a time, decoding each batch with {@link RecordBatches}.
 * Blocks on disk: call it on a coordinator thread. Thread-safe.
 */
public final class LogCoordinatorLoader implements CoordinatorLoader {
    private static final int READ_BYTES = 1024 * 1024;

    private final ReplicaManager replicas;

    public LogCoordinatorLoader(ReplicaManager replicas) {
        this.replicas = replicas;
    }

    @Override
    public long load(int partition, Consumer<CoordinatorRecord> sink) {
        TopicPartitionKey key = new TopicPartitionKey(TopicNames.CONSUMER_OFFSETS, partition);
        PartitionLog log = replicas.partition(key).orElseThrow(() -> new IllegalStateException(key + " is not hosted")).log();
        long offset = log.logStartOffset();
        long highWatermark = log.highWatermark();
        long[] count = new long[1];
        Consumer<CoordinatorRecord> counting = record -> {
            count[0]++;
            sink.accept(record);
        };
        while (offset < highWatermark) {
            LogReadResult read = log.read(offset, READ_BYTES, highWatermark, true);
            ByteBuffer bytes;
            try {
                bytes = read.slice().readFully();
            } finally {
                read.slice().release();
            }
            long next = RecordBatches.decode(bytes, counting);
            if (next <= offset) {
                break;
            }
            offset = next;
        }
        return count[0];
    }
}

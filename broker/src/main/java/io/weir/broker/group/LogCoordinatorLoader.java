package io.weir.broker.group;

import io.weir.broker.replica.ReplicaManager;
import io.weir.metadata.TopicNames;
import io.weir.storage.LogReadResult;
import io.weir.storage.PartitionLog;
import io.weir.storage.TopicPartitionKey;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Reads a hosted {@code __consumer_offsets} partition from its log start offset to its log end
 * offset, {@value #READ_BYTES} bytes at a time, decoding each batch with {@link RecordBatches}.
 * Blocks on disk: call it on a coordinator thread. Thread-safe.
 *
 * <p>Why the log end and not the high watermark: the loader runs on the partition's new leader.
 * Its records past its high watermark were replicated from the previous leader while this node was
 * in the ISR, and a leader never truncates its own log, so they become committed as soon as the
 * followers catch up; skipping them would leave the coordinator's state without them while its
 * own next writes go after them. Should this node later follow again and truncate, it resigns the
 * partition first and loads it anew on its next leadership (as Kafka's coordinator loader does).
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
        long[] count = new long[1];
        replay(replicas, key, (k, v) -> RecordCodec.decode(k, v).ifPresent(record -> {
            count[0]++;
            sink.accept(record);
        }));
        return count[0];
    }

    /**
     * Reads a hosted coordinator partition ({@code __consumer_offsets}, {@code __transaction_state})
     * from its log start offset to its log end offset and hands every key/value record to
     * {@code sink}, in log order. Blocks on disk.
     *
     * @throws IllegalStateException when the partition is not hosted here
     */
    public static void replay(ReplicaManager replicas, TopicPartitionKey key, RecordBatches.EntrySink sink) {
        PartitionLog log = replicas.partition(key).orElseThrow(() -> new IllegalStateException(key + " is not hosted")).log();
        long offset = log.logStartOffset();
        long logEndOffset = log.logEndOffset();
        while (offset < logEndOffset) {
            LogReadResult read = log.read(offset, READ_BYTES, logEndOffset, true);
            ByteBuffer bytes;
            try {
                bytes = read.slice().readFully();
            } finally {
                read.slice().release();
            }
            long next = RecordBatches.decodeEntries(bytes, sink);
            if (next <= offset) {
                break;
            }
            offset = next;
        }
    }
}

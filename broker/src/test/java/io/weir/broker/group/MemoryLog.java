package io.weir.broker.group;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * An in-memory {@code __consumer_offsets}: a {@link PartitionWriter} that encodes each append as a
 * real record batch and a {@link CoordinatorLoader} that decodes them back, so replay tests cover
 * the byte format too. Appends complete at once, or fail while {@link #failWith} is set.
 */
final class MemoryLog implements PartitionWriter, CoordinatorLoader {
    private final List<List<ByteBuffer>> batchesByPartition = new ArrayList<>();
    private final List<CoordinatorRecord> appended = new ArrayList<>();
    private GroupError failure = GroupError.NONE;

    MemoryLog(int partitions) {
        for (int i = 0; i < partitions; i++) {
            batchesByPartition.add(new ArrayList<>());
        }
    }

    void failWith(GroupError error) {
        failure = error;
    }

    /** Every record appended so far, in order. */
    List<CoordinatorRecord> appended() {
        return List.copyOf(appended);
    }

    @Override
    public synchronized CompletableFuture<Void> append(int partition, List<CoordinatorRecord> records) {
        if (failure != GroupError.NONE) {
            return CompletableFuture.failedFuture(new GroupException(failure, "injected"));
        }
        batchesByPartition.get(partition).add(RecordBatches.encode(records, 0));
        appended.addAll(records);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized long load(int partition, Consumer<CoordinatorRecord> sink) {
        long[] count = new long[1];
        for (ByteBuffer batch : batchesByPartition.get(partition)) {
            RecordBatches.decode(batch.duplicate(), record -> {
                count[0]++;
                sink.accept(record);
            });
        }
        return count[0];
    }
}

package io.weir.broker.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.storage.TopicPartitionKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LeaderTxnMarkerWriterTest {
    private static final TopicPartitionKey OFFSETS = new TopicPartitionKey("__consumer_offsets", 4);
    private static final TopicPartitionKey DATA = new TopicPartitionKey("orders", 0);
    private static final TopicPartitionKey NOT_LED = new TopicPartitionKey("orders", 1);

    private final TxnMarkerWriter appender = (producerId, epoch, coordinatorEpoch, commit, version, partitions) -> {
        Map<TopicPartitionKey, Short> codes = new LinkedHashMap<>();
        partitions.forEach(p -> codes.put(p, p.equals(NOT_LED) ? (short) 6 : (short) 0));
        return CompletableFuture.completedFuture(codes);
    };

    @Test
    void writtenPartitionsAreCompletedAndAFailedCompletionAsksForTheMarkerAgain() {
        List<TopicPartitionKey> completed = new ArrayList<>();
        TxnCompletionListener listener = (producerId, commit, partitions) -> {
            completed.addAll(partitions);
            return partitions.contains(OFFSETS) ? CompletableFuture.failedFuture(new IllegalStateException("not loaded"))
                    : CompletableFuture.completedFuture(null);
        };

        Map<TopicPartitionKey, Short> codes = new LeaderTxnMarkerWriter(appender, listener)
                .write(9L, (short) 2, 3, true, 2, List.of(OFFSETS, DATA, NOT_LED)).join();

        assertThat(completed).containsExactlyInAnyOrder(OFFSETS, DATA);
        assertThat(codes).containsEntry(DATA, (short) 0).containsEntry(NOT_LED, (short) 6).containsEntry(OFFSETS, (short) 16);
    }
}

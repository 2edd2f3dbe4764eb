package io.weir.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.storage.RecordBatchView;
import java.util.OptionalInt;
import java.util.Random;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.Test;

class RecordTimestampsTest {

    @Test
    void findsTheFirstRecordOutsideTheBoundsInBatchesBuiltByKafkaClients() {
        Random random = new Random(20_240_937L);
        for (int round = 0; round < 300; round++) {
            long base = random.nextLong(0, 1L << 45);
            long[] timestamps = new long[1 + random.nextInt(40)];
            for (int i = 0; i < timestamps.length; i++) {
                timestamps[i] = base + random.nextLong(-1_000_000_000L, 1_000_000_000L);
            }
            long limit = base + random.nextLong(-1_000_000_000L, 1_000_000_000L);
            RecordBatchView batch = new RecordBatchView(TestBatches.batchAt(Compression.NONE, timestamps), 0);

            OptionalInt found = RecordTimestamps.firstRejected(batch, ts -> ts <= limit);

            assertThat(found).isEqualTo(expected(timestamps, limit));
        }
    }

    private static OptionalInt expected(long[] timestamps, long limit) {
        for (int i = 0; i < timestamps.length; i++) {
            if (timestamps[i] > limit) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }
}

package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;

/**
 * Reads a stopped node's partition log straight from its segment files ({@code <base offset>.log},
 * Kafka's record-batch format v2 back to back: base offset int64, batch length int32, then the rest
 * of the batch), so that replicas can be compared batch by batch and byte for byte.
 *
 * <p>Thread-safety: stateless.
 */
final class ReplicaLogs {
    private static final int LOG_OVERHEAD = 12;
    private static final int LAST_OFFSET_DELTA_POSITION = 23;

    /** One batch as stored: its offsets and its bytes from the base offset field to its end. */
    record StoredBatch(long baseOffset, long lastOffset, byte[] bytes) {
        /** The batch's records as {@code offset:key:value}, after checking its CRC. */
        List<String> records() {
            MutableRecordBatch batch = MemoryRecords.readableRecords(ByteBuffer.wrap(bytes)).batches().iterator().next();
            batch.ensureValid();
            List<String> records = new ArrayList<>();
            for (Record record : batch) {
                records.add(record.offset() + ":" + text(record.key()) + ":" + text(record.value()));
            }
            return records;
        }

        private static String text(ByteBuffer buffer) {
            if (buffer == null) {
                return "<null>";
            }
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private ReplicaLogs() {}

    /** Every batch of the partition in {@code partitionDir} whose last offset is below {@code highWatermark}. */
    static List<StoredBatch> batchesBelow(Path partitionDir, long highWatermark) {
        List<StoredBatch> batches = new ArrayList<>();
        for (Path segment : segments(partitionDir)) {
            ByteBuffer buffer = ByteBuffer.wrap(readAll(segment));
            while (buffer.remaining() >= LOG_OVERHEAD) {
                int position = buffer.position();
                long baseOffset = buffer.getLong(position);
                int length = buffer.getInt(position + 8);
                if (length <= 0 || length + LOG_OVERHEAD > buffer.remaining()) {
                    break;
                }
                long lastOffset = baseOffset + buffer.getInt(position + LAST_OFFSET_DELTA_POSITION);
                byte[] bytes = new byte[length + LOG_OVERHEAD];
                buffer.get(bytes);
                if (lastOffset < highWatermark) {
                    batches.add(new StoredBatch(baseOffset, lastOffset, bytes));
                }
            }
        }
        return batches;
    }

    private static List<Path> segments(Path partitionDir) {
        try (Stream<Path> files = Files.list(partitionDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks that every node of the stopped {@code cluster} holds the same batches of each partition
     * of {@code topic}, byte for byte, up to its high watermark in {@code highWatermarks}, and that
     * they are contiguous from offset 0 to it. Returns node 1's batches of each partition.
     */
    static Map<Integer, List<StoredBatch>> checkIdenticalBelow(ClusterProcesses cluster, String topic,
            Map<Integer, Long> highWatermarks) {
        Map<Integer, List<StoredBatch>> references = new TreeMap<>();
        for (Map.Entry<Integer, Long> partition : highWatermarks.entrySet()) {
            String name = topic + "-" + partition.getKey();
            long highWatermark = partition.getValue();
            List<StoredBatch> reference = batchesBelow(cluster.dataDir(1).resolve(name), highWatermark);
            checkContiguous(name, reference, highWatermark);
            for (int node : cluster.nodeIds()) {
                List<StoredBatch> replica = batchesBelow(cluster.dataDir(node).resolve(name), highWatermark);
                assertThat(replica).as("batches of %s on node %d", name, node).hasSameSizeAs(reference);
                for (int i = 0; i < reference.size(); i++) {
                    assertThat(replica.get(i).bytes())
                            .as("batch %d of %s on node %d vs node 1", reference.get(i).baseOffset(), name, node)
                            .isEqualTo(reference.get(i).bytes());
                }
            }
            references.put(partition.getKey(), reference);
        }
        return references;
    }

    private static void checkContiguous(String name, List<StoredBatch> batches, long highWatermark) {
        long next = 0;
        for (StoredBatch batch : batches) {
            assertThat(batch.baseOffset()).as("%s batch base offset", name).isEqualTo(next);
            next = batch.lastOffset() + 1;
        }
        assertThat(next).as("%s end of stored batches", name).isEqualTo(highWatermark);
    }

    /** The active (last) segment of every partition folder of {@code topic} under {@code dataDir}. */
    static List<Path> activeSegments(Path dataDir, String topic) {
        try (Stream<Path> dirs = Files.list(dataDir)) {
            return dirs.filter(d -> d.getFileName().toString().matches(java.util.regex.Pattern.quote(topic) + "-[0-9]+"))
                    .map(d -> segments(d))
                    .filter(s -> !s.isEmpty())
                    .map(s -> s.get(s.size() - 1))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

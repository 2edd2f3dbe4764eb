package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The checks of what a {@link ContinuousProducer} wrote: every acknowledged write is in the topic
 * exactly once, at the offset it was acknowledged with and in send order; and a replica's stored
 * records are exactly those a consumer read.
 *
 * <p>Thread-safety: stateless.
 */
final class AcknowledgedWrites {
    private AcknowledgedWrites() {}

    /**
     * Reads {@code topic} from the beginning and checks {@code acks} against it: no value twice in a
     * partition, every acknowledged value at its acknowledged offset, acknowledged offsets rising in
     * send order. Returns what was read, as partition to offset to value.
     */
    static Map<Integer, Map<Long, String>> checkOnceAndInOrder(String bootstrapServers, String topic,
            List<ContinuousProducer.Ack> acks) {
        List<ConsumerRecord<String, String>> records = Clients.readAll(bootstrapServers, topic);
        Map<Integer, Map<Long, String>> logged = new TreeMap<>();
        for (ConsumerRecord<String, String> record : records) {
            logged.computeIfAbsent(record.partition(), p -> new TreeMap<>()).put(record.offset(), record.value());
        }
        for (Map.Entry<Integer, Map<Long, String>> partition : logged.entrySet()) {
            List<String> values = new ArrayList<>(partition.getValue().values());
            assertThat(new HashSet<>(values)).as("no duplicates in %s-%d", topic, partition.getKey())
                    .hasSameSizeAs(values);
        }
        for (ContinuousProducer.Ack ack : acks) {
            assertThat(logged.getOrDefault(ack.partition(), Map.of()).get(ack.offset()))
                    .as("acknowledged %s in %s", ack, topic)
                    .isEqualTo(ack.value());
        }
        Map<Integer, List<ContinuousProducer.Ack>> byPartition = acks.stream()
                .sorted(Comparator.comparingLong(ContinuousProducer.Ack::sequence))
                .collect(Collectors.groupingBy(ContinuousProducer.Ack::partition));
        byPartition.forEach((partition, sent) -> assertThat(sent)
                .extracting(ContinuousProducer.Ack::offset)
                .as("acknowledged offsets of %s-%d in send order", topic, partition)
                .isSorted()
                .doesNotHaveDuplicates());
        return logged;
    }

    /**
     * The records of {@code stored} (one replica's batches of a partition) are exactly {@code
     * consumed} (offset to value), with the key {@link ContinuousProducer} gives each value.
     */
    static void checkStoredAsConsumed(String partitionName, List<ReplicaLogs.StoredBatch> stored,
            Map<Long, String> consumed) {
        List<String> storedRecords = stored.stream().flatMap(b -> b.records().stream()).toList();
        List<String> consumedRecords = consumed.entrySet().stream()
                .map(e -> e.getKey() + ":k-" + e.getValue().substring(2) + ":" + e.getValue())
                .toList();
        assertThat(storedRecords).as("records of %s on disk vs consumed", partitionName)
                .containsExactlyElementsOf(consumedRecords);
    }
}

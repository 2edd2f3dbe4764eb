package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An idempotent kafka-clients producer whose acknowledgements are lost on the way back (the
 * connection closes after the broker appended the batch) retries the same batches with the same
 * sequences; Weir keeps each record exactly once and in order.
 */
class IdempotentRetriesIT {
    static final int RECORDS = 10_000;

    @TempDir
    Path tmp;

    @Test
    void lostAcknowledgementsAreRetriedWithoutDuplicatesOrReordering() throws Exception {
        String topic = "lost-acks";
        try (DroppingProxy proxy = new DroppingProxy();
                NodeProcess node = NodeProcess.start(tmp.resolve("data"), advertised(proxy))) {
            proxy.forwardTo(node.bootstrapServers());
            Clients.createTopic(proxy.address(), topic, 1, Map.of());
            proxy.dropProduceResponses(12, 5);
            try (KafkaProducer<String, String> producer = Clients.producer(proxy.address(), retryingProducer())) {
                List<RecordMetadata> acks = sendAll(producer, topic, 0, RECORDS);
                assertThat(acks).extracting(RecordMetadata::offset)
                        .isEqualTo(IntStream.range(0, RECORDS).mapToObj(Long::valueOf).toList());
            }
            assertThat(proxy.dropped()).isEqualTo(12);
            List<ConsumerRecord<String, String>> records = Clients.readAll(node.bootstrapServers(), topic);
            assertThat(records).extracting(ConsumerRecord::value).containsExactlyElementsOf(values(0, RECORDS));
        }
    }

    /** The node setting that sends clients to the proxy rather than to the node's own listener. */
    static String advertised(DroppingProxy proxy) {
        return "advertised.listeners=PLAINTEXT://" + proxy.address();
    }

    /** Small batches (many Produce requests), several in flight, quick reconnects, patient delivery. */
    static Map<String, Object> retryingProducer() {
        return Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.BATCH_SIZE_CONFIG, 2_048,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 20,
                ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, 20,
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
    }

    static List<RecordMetadata> sendAll(KafkaProducer<String, String> producer, String topic, int from, int to)
            throws Exception {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (int i = from; i < to; i++) {
            sends.add(producer.send(new ProducerRecord<>(topic, 0, "k", Integer.toString(i))));
        }
        producer.flush();
        List<RecordMetadata> acks = new ArrayList<>();
        for (Future<RecordMetadata> send : sends) {
            acks.add(send.get(Clients.DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        }
        return acks;
    }

    static List<String> values(int from, int to) {
        return IntStream.range(from, to).mapToObj(Integer::toString).toList();
    }
}

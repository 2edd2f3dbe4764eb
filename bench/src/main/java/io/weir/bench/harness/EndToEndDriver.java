package io.weir.bench.harness;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end latency without a consumer group, measured as Kafka's {@code EndToEndLatency} does
 * (producer with {@code linger.ms=0}, consumer with {@code fetch.max.wait.ms=0}, one record in
 * flight: send, wait for the ack, poll until the record is back) but with {@code assign()} and no
 * offset commit after each record. The first {@code RECORDS/10} round trips are warm-up and not
 * counted. Prints {@code records=, p50Ms=, p99Ms=, p999Ms=, avgMs=} (milliseconds, 3 decimals).
 *
 * <p>Usage: {@code EndToEndDriver BOOTSTRAP TOPIC RECORDS ACKS RECORD_BYTES}. Single-threaded.
 */
public final class EndToEndDriver {
  private static final long RECORD_TIMEOUT_MS = 10_000;

  private EndToEndDriver() {}

  public static void main(String[] args) throws Exception {
    String topic = args[1];
    int records = Integer.parseInt(args[2]);
    int warmupRecords = records / 10;
    byte[] value = new byte[Integer.parseInt(args[4])];
    new Random(42).nextBytes(value);
    TopicPartition partition = new TopicPartition(topic, 0);
    long[] latenciesNs = new long[records];
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(args[0], args[3]));
         KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(args[0]))) {
      consumer.assign(List.of(partition));
      consumer.seekToEnd(List.of(partition));
      consumer.position(partition);
      for (int i = 0; i < warmupRecords + records; i++) {
        long startNs = System.nanoTime();
        producer.send(new ProducerRecord<>(topic, 0, null, value)).get();
        awaitOne(consumer);
        if (i >= warmupRecords) {
          latenciesNs[i - warmupRecords] = System.nanoTime() - startNs;
        }
      }
    }
    report(latenciesNs);
  }

  private static void awaitOne(KafkaConsumer<byte[], byte[]> consumer) {
    long deadlineNs = System.nanoTime() + RECORD_TIMEOUT_MS * 1_000_000L;
    int received = 0;
    while (received == 0) {
      if (System.nanoTime() > deadlineNs) {
        throw new IllegalStateException("a record did not come back within " + RECORD_TIMEOUT_MS + " ms");
      }
      ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(RECORD_TIMEOUT_MS));
      received = batch.count();
    }
    if (received != 1) {
      throw new IllegalStateException("expected one record back, got " + received);
    }
  }

  private static void report(long[] latenciesNs) {
    long[] sorted = latenciesNs.clone();
    Arrays.sort(sorted);
    double avgMs = Arrays.stream(sorted).average().orElse(0) / 1e6;
    System.out.printf("records=%d p50Ms=%.3f p99Ms=%.3f p999Ms=%.3f avgMs=%.3f%n", sorted.length,
        percentileMs(sorted, 0.50), percentileMs(sorted, 0.99), percentileMs(sorted, 0.999), avgMs);
  }

  private static double percentileMs(long[] sorted, double quantile) {
    int index = (int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length));
    return sorted[index] / 1e6;
  }

  private static Properties producerProps(String bootstrap, String acks) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    props.put(ProducerConfig.ACKS_CONFIG, acks);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }

  private static Properties consumerProps(String bootstrap) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 0);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }
}

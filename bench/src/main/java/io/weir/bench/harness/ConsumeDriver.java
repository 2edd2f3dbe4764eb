package io.weir.bench.harness;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Consumer throughput without a consumer group: {@code assign()} every partition of a topic,
 * seek to the beginning and poll until the expected number of records has arrived. Measures what
 * Kafka's {@code ConsumerPerformance} reports as {@code fetch.MB.sec}: bytes of keys and values
 * over the time from the first poll to the last record, in MiB (2^20 bytes) per second. Uses the
 * same consumer settings as that tool (2 MiB socket receive buffer, 1 MiB per partition per
 * fetch, no CRC check). Prints {@code records=, bytes=, elapsedMs=, mibPerSec=, recordsPerSec=}.
 *
 * <p>Usage: {@code ConsumeDriver BOOTSTRAP TOPIC RECORDS TIMEOUT_MS}. Single-threaded.
 */
public final class ConsumeDriver {
  private ConsumeDriver() {}

  public static void main(String[] args) {
    String topic = args[1];
    long expectedRecords = Long.parseLong(args[2]);
    long timeoutMs = Long.parseLong(args[3]);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props(args[0]))) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long records = 0;
      long bytes = 0;
      long startNs = System.nanoTime();
      long deadlineNs = startNs + timeoutMs * 1_000_000L;
      while (records < expectedRecords && System.nanoTime() < deadlineNs) {
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
        for (ConsumerRecord<byte[], byte[]> record : batch) {
          records++;
          bytes += (record.key() == null ? 0 : record.key().length)
              + (record.value() == null ? 0 : record.value().length);
        }
      }
      long elapsedNs = System.nanoTime() - startNs;
      report(records, bytes, elapsedNs);
      if (records < expectedRecords) {
        System.err.println("consumed " + records + " of " + expectedRecords + " records before the timeout");
        System.exit(1);
      }
    }
  }

  private static void report(long records, long bytes, long elapsedNs) {
    double seconds = elapsedNs / 1e9;
    System.out.printf("records=%d bytes=%d elapsedMs=%.0f mibPerSec=%.2f recordsPerSec=%.0f%n",
        records, bytes, seconds * 1e3, bytes / 1048576.0 / seconds, records / seconds);
  }

  private static Properties props(String bootstrap) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "weir-bench-consumer");
    props.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, 2 * 1024 * 1024);
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024 * 1024);
    props.put(ConsumerConfig.CHECK_CRCS_CONFIG, false);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }
}

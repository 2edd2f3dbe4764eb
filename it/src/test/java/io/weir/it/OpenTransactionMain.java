package io.weir.it;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A transactional producer that begins a transaction, writes one record to a partition, prints
 * {@code open} and then waits to be killed. Run in a child JVM by {@link TransactionsToolIT}.
 * Arguments: bootstrap servers, transactional id, topic, partition.
 */
final class OpenTransactionMain {
    private OpenTransactionMain() {}

    public static void main(String[] args) throws Exception {
        KafkaProducer<String, String> producer = Clients.producer(args[0], Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, args[1],
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 600_000));
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(args[2], Integer.parseInt(args[3]), "k", "left-open")).get();
        System.out.println("open");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}

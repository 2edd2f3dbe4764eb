package io.weir.examples.balance;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The service: keeps every account's balance in memory, applies the events of
 * {@code account-events} (consumer group {@value #GROUP_ID}) and writes each new balance to the
 * compacted {@code account-balances}.
 *
 * <p>Delivery: the producer is <em>idempotent</em> (a retried send is stored once), each poll's
 * balances are flushed before the group's offsets are committed, and every balance carries the
 * offset of the last event applied to it ({@link Balance}). A crash between the flush and the commit
 * makes the group deliver those events again; the service skips each event whose offset is not
 * above its account's stored one, so no event is counted twice and none is lost. Transactions would
 * give the same guarantee, but compaction then has to deal with transaction markers; this needs
 * nothing beyond the idempotent producer. Run one instance at a time: with several, each would need
 * to reload the balances of the partitions it is assigned.
 *
 * <p>Thread-safety: not thread-safe; one thread calls {@link #pollOnce}, any thread may call
 * {@link #wakeup}.
 */
final class BalanceService implements AutoCloseable {
    static final String GROUP_ID = "account-balance-service";

    private final Map<String, Balance> balances;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> events;

    private BalanceService(Map<String, Balance> balances, KafkaProducer<String, String> producer,
            KafkaConsumer<String, String> events) {
        this.balances = balances;
        this.producer = producer;
        this.events = events;
    }

    /** Creates the topics if needed, rebuilds the state from {@code account-balances}, joins the group. */
    static BalanceService start(String bootstrapServers) throws InterruptedException, ExecutionException {
        Topics.ensure(bootstrapServers);
        Map<String, Balance> balances = new HashMap<>(BalanceTopic.readAll(bootstrapServers));
        KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(bootstrapServers));
        KafkaConsumer<String, String> events = new KafkaConsumer<>(consumerConfig(bootstrapServers));
        events.subscribe(List.of(Topics.EVENTS));
        return new BalanceService(balances, producer, events);
    }

    /** The current balance of every account. */
    Map<String, Long> balances() {
        Map<String, Long> amounts = new HashMap<>();
        balances.forEach((account, balance) -> amounts.put(account, balance.amount()));
        return amounts;
    }

    /** Polls once, applies what came, stores the balances, then commits; reports each event. */
    void pollOnce(Duration timeout, Consumer<String> report) {
        ConsumerRecords<String, String> records = events.poll(timeout);
        if (records.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> consumed = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            apply(record, report);
            consumed.put(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1));
        }
        producer.flush(); // every balance is stored (acks=all) before its events count as consumed
        events.commitSync(consumed);
    }

    private void apply(ConsumerRecord<String, String> record, Consumer<String> report) {
        var parsed = AccountEvent.parse(record.key(), record.value());
        if (parsed.isEmpty()) {
            report.accept("skipped a malformed event at offset " + record.offset() + ": " + record.value());
            return;
        }
        AccountEvent event = parsed.get();
        Balance before = balances.getOrDefault(event.account(), Balance.NONE);
        if (record.offset() <= before.eventOffset()) {
            return; // delivered again after a crash; already counted
        }
        // A refused withdrawal still moves the account's event offset, so that it is not retried.
        Balance after = new Balance(event.applyTo(before.amount()).orElse(before.amount()), record.offset());
        balances.put(event.account(), after);
        producer.send(after.toRecord(event.account()));
        report.accept(event.applyTo(before.amount()).isPresent()
                ? event.account() + ": " + before.amount() + " -> " + after.amount() + " (" + event.value() + ")"
                : event.account() + ": " + event.value() + " refused, the balance is " + before.amount());
    }

    /** Makes a blocked {@link #pollOnce} throw {@code WakeupException}: how {@code serve} stops. */
    void wakeup() {
        events.wakeup();
    }

    @Override
    public void close() {
        events.close();
        producer.close();
    }

    private static Properties producerConfig(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return config;
    }

    private static Properties consumerConfig(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"); // committed after the flush
        return config;
    }
}

package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Producer and transaction state across a SIGKILL of the node (no flush, no snapshot, no clean
 * shutdown): an idempotent producer's retry of a batch the killed node had appended is recognised
 * after the restart, and a transaction left open by the kill never shows to read_committed readers,
 * whether the coordinator aborts it on its timeout or a new producer with the same id takes over.
 */
class TransactionsKillNineIT {
    private static final String[] TXN_NODE = {"transaction.state.log.num.partitions=3",
        "offsets.topic.num.partitions=3", "group.initial.rebalance.delay.ms=0"};

    @TempDir
    Path tmp;

    @Test
    void aBatchAppendedBeforeTheKillAndRetriedAfterTheRestartIsKeptOnce() throws Exception {
        String topic = "retried-across-kill";
        Path data = tmp.resolve("data");
        try (DroppingProxy proxy = new DroppingProxy()) {
            NodeProcess first = NodeProcess.start(data, IdempotentRetriesIT.advertised(proxy));
            proxy.forwardTo(first.bootstrapServers());
            Clients.createTopic(proxy.address(), topic, 1, Map.of());
            try (KafkaProducer<String, String> producer = Clients.producer(proxy.address(),
                    IdempotentRetriesIT.retryingProducer())) {
                IdempotentRetriesIT.sendAll(producer, topic, 0, 500);
                proxy.goOfflineAfterNextDrop();
                proxy.dropProduceResponses(1, 1);
                List<Future<RecordMetadata>> sends = new ArrayList<>();
                for (int i = 500; i < 1_000; i++) {
                    sends.add(producer.send(new ProducerRecord<>(topic, 0, "k", Integer.toString(i))));
                }
                await().atMost(Clients.DEADLINE).until(() -> proxy.dropped() == 1);
                first.killNine();
                try (NodeProcess second = NodeProcess.start(data, IdempotentRetriesIT.advertised(proxy))) {
                    proxy.forwardTo(second.bootstrapServers());
                    List<Long> offsets = new ArrayList<>();
                    for (Future<RecordMetadata> send : sends) {
                        offsets.add(send.get(Clients.DEADLINE.toMillis(), TimeUnit.MILLISECONDS).offset());
                    }
                    assertThat(offsets).isEqualTo(LongRange.of(500, 1_000));
                    assertThat(Clients.readAll(second.bootstrapServers(), topic)).extracting(ConsumerRecord::value)
                            .containsExactlyElementsOf(IdempotentRetriesIT.values(0, 1_000));
                }
            } finally {
                first.close();
            }
        }
    }

    @Test
    void aTransactionOpenAtTheKillIsAbortedAndItsIdCanCommitAgain() throws Exception {
        String topic = "ledger";
        Path data = tmp.resolve("data");
        List<KafkaProducer<String, String>> abandoned = new ArrayList<>();
        try (NodeProcess first = NodeProcess.start(data, TXN_NODE)) {
            Clients.createTopic(first.bootstrapServers(), topic, 2, Map.of());
            for (String id : List.of("timed-out", "taken-over")) {
                int timeoutMs = id.equals("timed-out") ? 3_000 : 120_000;
                KafkaProducer<String, String> producer = transactional(first.bootstrapServers(), id, timeoutMs);
                abandoned.add(producer);
                producer.initTransactions();
                sendInTransaction(producer, topic, id + "-committed-", 100);
                producer.commitTransaction();
                sendInTransaction(producer, topic, id + "-open-", 100);
                producer.flush();
                // Left open: the node is killed under it and the client is never closed cleanly.
            }
            first.killNine();
        }
        abandoned.forEach(producer -> producer.close(Duration.ZERO));
        try (NodeProcess second = NodeProcess.start(data, TXN_NODE)) {
            String bootstrap = second.bootstrapServers();
            try (KafkaProducer<String, String> successor = transactional(bootstrap, "taken-over", 120_000)) {
                successor.initTransactions();
                sendInTransaction(successor, topic, "taken-over-after-", 50);
                successor.commitTransaction();
            }
            awaitNoOpenTransaction(bootstrap, topic);
            List<String> committed = values(readAll(bootstrap, topic, "read_committed"));
            assertThat(committed).containsExactlyInAnyOrderElementsOf(concat(
                    named("timed-out-committed-", 100), named("taken-over-committed-", 100),
                    named("taken-over-after-", 50)));
            assertThat(values(readAll(bootstrap, topic, "read_uncommitted")))
                    .containsAll(named("timed-out-open-", 100)).containsAll(named("taken-over-open-", 100));
        }
    }

    private static KafkaProducer<String, String> transactional(String bootstrap, String id, int timeoutMs) {
        return Clients.producer(bootstrap, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, timeoutMs, ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000));
    }

    private static void sendInTransaction(KafkaProducer<String, String> producer, String topic, String prefix,
            int count) {
        producer.beginTransaction();
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, i % 2, "k", prefix + i));
        }
    }

    /** Waits until read_committed readers may read to the end of every partition (no open transaction). */
    private static void awaitNoOpenTransaction(String bootstrap, String topic) {
        List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
        try (Admin admin = Clients.admin(bootstrap)) {
            await().atMost(Clients.DEADLINE).until(() ->
                    latest(admin, partitions, IsolationLevel.READ_COMMITTED)
                            .equals(latest(admin, partitions, IsolationLevel.READ_UNCOMMITTED)));
        }
    }

    private static Map<TopicPartition, Long> latest(Admin admin, List<TopicPartition> partitions,
            IsolationLevel isolation) throws Exception {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(partition -> specs.put(partition, OffsetSpec.latest()));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(specs, new ListOffsetsOptions(isolation)).all().get(30, TimeUnit.SECONDS)
                .forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic, String isolation) {
        try (KafkaConsumer<String, String> consumer = Clients.consumer(bootstrap,
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation))) {
            List<TopicPartition> partitions = Clients.partitionsOf(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return Clients.pollUntil(consumer, consumer.endOffsets(partitions, Clients.DEADLINE));
        }
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    private static List<String> named(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    /** Offsets {@code from..to-1}, boxed, for comparing with acknowledged offsets. */
    private static final class LongRange {
        private LongRange() {}

        static List<Long> of(long from, long to) {
            List<Long> range = new ArrayList<>();
            for (long offset = from; offset < to; offset++) {
                range.add(offset);
            }
            return range;
        }
    }
}

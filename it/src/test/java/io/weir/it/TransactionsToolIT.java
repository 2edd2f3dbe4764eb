package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.testkit.WeirCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka's {@code kafka-transactions.sh} ({@code org.apache.kafka.tools.TransactionsCommand} from
 * kafka-tools 4.4, in a child JVM) against Weir: list, describe, describe-producers, find-hanging
 * and abort; and the KIP-890 part 1 check that refuses a transactional produce arriving after its
 * transaction ended, which is what keeps hanging transactions from being made in the first place.
 */
class TransactionsToolIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String TRANSACTIONS_COMMAND = "org.apache.kafka.tools.TransactionsCommand";

    @TempDir
    Path tmp;

    private WeirCluster weir;

    private WeirCluster start(boolean verification) {
        weir = WeirCluster.builder().config("transaction.state.log.num.partitions", "3").config("offsets.topic.num.partitions", "3")
                .config("transaction.partition.verification.enable", Boolean.toString(verification)).build();
        return weir;
    }

    @AfterEach
    void stop() {
        if (weir != null) {
            weir.close();
        }
    }

    @Test
    void listDescribeAndAbortATransactionLeftOpenByAKilledProducer() throws Exception {
        start(true);
        String topic = "tool-ledger";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of());
        killAfterOpeningATransaction("tx-killed", topic);

        assertThat(tool("list").stdout()).contains("tx-killed", "Ongoing");
        assertThat(tool("describe", "--transactional-id", "tx-killed").stdout()).contains("tx-killed", "Ongoing", topic + "-0");
        ProducerState open = producerStates(topic).get(0);
        assertThat(open.currentTransactionStartOffset()).hasValue(0);
        assertThat(tool("describe-producers", "--topic", topic, "--partition", "0").stdout()).contains(Long.toString(open.producerId()));
        assertThat(lastStableOffset(topic)).isZero();

        tool("abort", "--topic", topic, "--partition", "0", "--start-offset", "0");

        await().atMost(Clients.DEADLINE).untilAsserted(() -> {
            assertThat(producerStates(topic)).allMatch(state -> state.currentTransactionStartOffset().isEmpty());
            assertThat(lastStableOffset(topic)).isEqualTo(2);
        });
    }

    @Test
    void findHangingReportsATransactionTheCoordinatorNeverHeardOfAndAbortEndsIt() throws Exception {
        start(false);
        String topic = "tool-hanging";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of());
        long twoHoursAgoMs = System.currentTimeMillis() - 2 * 3_600_000L;
        short appended = RawProduce.produce(weir.bootstrapServers(), (short) 11, "ghost", topic, 0,
                RawProduce.transactionalBatch(424_242L, (short) 0, 0, twoHoursAgoMs, "hanging"));
        assertThat(appended).isEqualTo(Errors.NONE.code());

        ExternalProcess.Result hanging = tool("find-hanging", "--broker-id", "1", "--max-transaction-timeout", "1");
        assertThat(hanging.stdoutLines()).filteredOn(line -> line.contains("424242")).as(hanging.toString()).hasSize(1);

        tool("abort", "--topic", topic, "--partition", "0", "--start-offset", "0");

        await().atMost(Clients.DEADLINE).untilAsserted(() -> assertThat(lastStableOffset(topic)).isEqualTo(2));
        assertThat(tool("find-hanging", "--broker-id", "1", "--max-transaction-timeout", "1").stdout()).doesNotContain("424242");
    }

    @Test
    void aTransactionalProduceAfterItsTransactionEndedIsRefused() throws Exception {
        start(true);
        String topic = "tool-late";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of());
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers(),
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-late"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "k", "aborted")).get();
            producer.abortTransaction();
        }
        long producerId;
        short epoch;
        try (Admin admin = Clients.admin(weir.bootstrapServers())) {
            var description = admin.describeTransactions(List.of("tx-late")).description("tx-late").get(30, TimeUnit.SECONDS);
            producerId = description.producerId();
            epoch = (short) description.producerEpoch();
        }

        short late = RawProduce.produce(weir.bootstrapServers(), (short) 11, "tx-late", topic, 0,
                RawProduce.transactionalBatch(producerId, epoch, 0, System.currentTimeMillis(), "late"));
        short fenced = RawProduce.produce(weir.bootstrapServers(), (short) 12, "tx-late", topic, 0,
                RawProduce.transactionalBatch(producerId, (short) (epoch - 1), 1, System.currentTimeMillis(), "zombie"));

        assertThat(late).isEqualTo(Errors.INVALID_TXN_STATE.code());
        assertThat(fenced).isEqualTo(Errors.INVALID_PRODUCER_EPOCH.code());
        assertThat(producerStates(topic)).allMatch(state -> state.currentTransactionStartOffset().isEmpty());
    }

    /** Runs {@link OpenTransactionMain} in a child JVM until its transaction is open, then kills it (SIGKILL). */
    private void killAfterOpeningATransaction(String transactionalId, String topic) throws IOException, InterruptedException {
        Path out = tmp.resolve("producer.out");
        Process producer = new ProcessBuilder(ExternalProcess.java(ExternalProcess.testClassPath(), OpenTransactionMain.class.getName(),
                List.of(weir.bootstrapServers(), transactionalId, topic, "0")))
                .redirectOutput(out.toFile()).redirectError(tmp.resolve("producer.err").toFile()).start();
        try {
            await().atMost(Clients.DEADLINE).pollInterval(Duration.ofMillis(50)).until(() -> Files.exists(out)
                    && Files.readString(out).contains("open"));
        } finally {
            producer.destroyForcibly().waitFor();
        }
    }

    private List<ProducerState> producerStates(String topic) throws Exception {
        try (Admin admin = Clients.admin(weir.bootstrapServers())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            return admin.describeProducers(List.of(partition)).partitionResult(partition).get(30, TimeUnit.SECONDS).activeProducers();
        }
    }

    private long lastStableOffset(String topic) throws Exception {
        try (Admin admin = Clients.admin(weir.bootstrapServers())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest()), new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .partitionResult(partition).get(30, TimeUnit.SECONDS).offset();
        }
    }

    private ExternalProcess.Result tool(String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", weir.bootstrapServers()));
        all.addAll(List.of(args));
        ExternalProcess.Result result =
                ExternalProcess.run(ExternalProcess.java(ExternalProcess.testClassPath(), TRANSACTIONS_COMMAND, all), Optional.empty(), TIMEOUT);
        assertThat(result.exitCode()).as("%s %s%n%s", TRANSACTIONS_COMMAND, all, result).isZero();
        return result;
    }
}

package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.testkit.WeirCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Python services' clients against a node: kafka-python 2.0.2 and confluent-kafka-python 1.7.0
 * (librdkafka 2.0.2), Debian's python3-kafka and python3-confluent-kafka, driven through the scripts
 * in {@code it/clients/python} (see {@link PythonClient}). Each scenario is one that the same
 * script also passes against Apache Kafka 4.4: topic administration, keyed produce (compressed,
 * idempotent), a consumer group reading every record once and nothing after its commit, offset
 * look-ups and seeks, two members splitting and handing over partitions, and (confluent-kafka)
 * committed and aborted transactions under read_committed. The assertions read the JSON the
 * scripts print, and a kafka-clients consumer cross-checks what the Python producers wrote.
 * kafka-python's snappy, lz4 and zstd need Python modules that Debian's package does not pull in,
 * so it is checked with gzip and without compression only.
 *
 * <p>Each client's tests are skipped only where its Python module is not importable by
 * {@code /usr/bin/python3}; {@code .ci/run} installs both. The node runs with {@code
 * group.initial.rebalance.delay.ms=0}, as Kafka's shipped server.properties sets it for development.
 */
class PythonClientsIT {
    private static final int RECORDS = 1000;
    private static final int KEYS = 20;
    private static final int GROUP_RECORDS = 120;
    private static final Set<Integer> SIX = Set.of(0, 1, 2, 3, 4, 5);

    private static WeirCluster weir;
    private static Optional<PythonClient> kafkaPython;
    private static Optional<PythonClient> confluentKafka;

    @BeforeAll
    static void startNodeAndFindClients() {
        kafkaPython = PythonClient.ifImportable("kafka", "kafka_python_client.py");
        confluentKafka = PythonClient.ifImportable("confluent_kafka", "confluent_kafka_client.py");
        weir = WeirCluster.builder().config("group.initial.rebalance.delay.ms", "0").build();
    }

    @AfterAll
    static void stopNode() {
        weir.close();
    }

    private static PythonClient kafkaPython() {
        assumeThat(kafkaPython).as("kafka-python importable by /usr/bin/python3 (.ci/run installs python3-kafka)").isPresent();
        return kafkaPython.orElseThrow();
    }

    private static PythonClient confluentKafka() {
        assumeThat(confluentKafka)
                .as("confluent-kafka importable by /usr/bin/python3 (.ci/run installs python3-confluent-kafka)")
                .isPresent();
        return confluentKafka.orElseThrow();
    }

    @Test
    void kafkaPythonCreatesListsDescribesAndDeletesTopics() throws Exception {
        assertAdministers(kafkaPython(), "kafka-python-admin");
    }

    @Test
    void confluentKafkaCreatesListsDescribesAndDeletesTopicsAndAutoCreatesOneAsKafkaDoes() throws Exception {
        JsonNode summary = assertAdministers(confluentKafka(), "confluent-admin");

        // As Kafka 4.4 lists them: a default under its node-level key, none where that key has no default.
        assertThat(summary.path("synonyms").toString()).as(summary.toString())
                .isEqualTo("{\"cleanup.policy\":[[\"log.cleanup.policy\",\"delete\",\"DEFAULT_CONFIG\"]],\"retention.ms\":[]}");
        // Kafka 4.4 answers the Metadata request that starts an auto-creation with this error.
        assertThat(summary.path("autoCreated").toString()).as(summary.toString())
                .isEqualTo("{\"firstAnswer\":\"UNKNOWN_TOPIC_OR_PART\",\"partitions\":1}");
    }

    @Test
    void kafkaPythonProducesGzipAndAGroupReadsEveryRecordOnceThenNothing() throws Exception {
        PythonClient client = kafkaPython();
        String topic = "kafka-python-group";
        Clients.createTopic(weir.bootstrapServers(), topic, 3, Map.of());

        List<Delivery> deliveries = produce(client, topic, "--compression", "gzip");
        assertThat(deliveries).as("kafka-python partitions keys as the Java client does").allSatisfy(delivery -> {
            byte[] key = delivery.key().getBytes(StandardCharsets.UTF_8);
            assertThat(delivery.partition()).isEqualTo(Utils.toPositive(Utils.murmur2(key)) % 3);
        });
        assertAGroupReadsEveryRecordOnceThenNothing(client, topic, deliveries);
        assertSeeks(client, topic, deliveries, "null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip"})
    void kafkaPythonProducesRecordsThatTheJavaClientReadsBack(String codec) throws Exception {
        assertJavaReadsBack(kafkaPython(), "kafka-python-" + codec, "--compression", codec);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void confluentKafkaProducesRecordsThatTheJavaClientReadsBack(String codec) throws Exception {
        assertJavaReadsBack(confluentKafka(), "confluent-" + codec, "--compression", codec);
    }

    @Test
    void confluentKafkaIdempotentProducerWritesEveryRecordOnce() throws Exception {
        PythonClient client = confluentKafka();
        ScenarioOutput output =
                assertJavaReadsBack(client, "confluent-idempotent", "--idempotent", "--compression", "lz4");
        assertThat(output.summary().path("idempotent").asBoolean()).as(output.toString()).isTrue();
    }

    @Test
    void confluentKafkaGroupReadsEveryRecordOnceThenNothing() throws Exception {
        PythonClient client = confluentKafka();
        String topic = "confluent-group";
        Clients.createTopic(weir.bootstrapServers(), topic, 3, Map.of());

        List<Delivery> deliveries = produce(client, topic, "--compression", "zstd");
        assertAGroupReadsEveryRecordOnceThenNothing(client, topic, deliveries);
        assertSeeks(client, topic, deliveries, "-1");
    }

    @Test
    void kafkaPythonMembersSplitAndHandOverPartitionsAndTheAdminClientDescribesTheGroup() throws Exception {
        String group = "kafka-python-members";
        JsonNode summary = assertMembersSplitAndHandOver(kafkaPython(), "kafka-python-members", group);

        assertThat(summary.path("listed").toString()).as(summary.toString()).contains("[\"" + group + "\",\"consumer\"]");
        assertThat(summary.path("members").get(0).path("assigned").toString()).isEqualTo("[0,1,2,3,4,5]");
    }

    @Test
    void confluentKafkaMembersSplitAndHandOverPartitions() throws Exception {
        assertMembersSplitAndHandOver(confluentKafka(), "confluent-members", "confluent-members");
    }

    @Test
    void confluentKafkaReadCommittedSeesCommittedTransactionsOnly() throws Exception {
        PythonClient client = confluentKafka();
        String topic = "confluent-transactions";
        Clients.createTopic(weir.bootstrapServers(), topic, 3, Map.of());
        int perTransaction = 50;

        ScenarioOutput output =
                client.run(weir.bootstrapServers(), topic, "transactions", "--count", Integer.toString(perTransaction));

        assertThat(output.ofKind("transaction")).extracting(line -> line.path("label").asText())
                .containsExactly("committed-a", "aborted", "committed-b");
        JsonNode summary = output.summary();
        assertThat(ScenarioOutput.texts(summary.path("readCommitted"))).as(output.toString())
                .containsExactlyInAnyOrderElementsOf(labelled(perTransaction, "committed-a", "committed-b"));
        assertThat(ScenarioOutput.texts(summary.path("readUncommitted"))).as(output.toString())
                .containsExactlyInAnyOrderElementsOf(labelled(perTransaction, "committed-a", "aborted", "committed-b"));
    }

    private static JsonNode assertAdministers(PythonClient client, String topic) throws Exception {
        ScenarioOutput output = client.run(weir.bootstrapServers(), topic, "admin");

        JsonNode summary = output.summary();
        String doomed = topic + "-doomed";
        assertThat(summary.path("created").toString()).as(output.toString())
                .isEqualTo("{\"" + topic + "\":0,\"" + doomed + "\":0}");
        assertThat(summary.path("partitions").toString()).isEqualTo("[0,1,2]");
        assertThat(summary.path("configs").toString()).isEqualTo(
                "{\"cleanup.policy\":\"delete\",\"compression.type\":\"producer\","
                + "\"max.message.bytes\":\"1048588\",\"retention.ms\":\"604800000\",\"segment.bytes\":\"1073741824\"}");
        assertThat(summary.path("deleted").toString()).isEqualTo("{\"" + doomed + "\":0}");
        assertThat(summary.path("listedAfterDelete").toString()).isEqualTo("[\"" + topic + "\"]");
        try (Admin admin = Clients.admin(weir.bootstrapServers())) {
            Set<String> names = admin.listTopics().names().get(Clients.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(names).contains(topic).doesNotContain(doomed);
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(Clients.DEADLINE.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions()).hasSize(3);
        }
        return summary;
    }

    /** Produces {@link #RECORDS} keyed records and checks every delivery report. */
    private static List<Delivery> produce(PythonClient client, String topic, String... options) {
        List<String> arguments = new ArrayList<>(List.of(options));
        arguments.addAll(List.of("--count", Integer.toString(RECORDS)));
        ScenarioOutput output = client.run(weir.bootstrapServers(), topic, "produce", arguments.toArray(String[]::new));
        List<Delivery> deliveries = output.ofKind("delivery").stream().map(Delivery::of).toList();
        assertThat(output.summary().path("delivered").asInt()).as(output.toString()).isEqualTo(RECORDS);
        assertThat(deliveries).extracting(Delivery::keyAndValue).as(output.toString())
                .containsExactlyInAnyOrderElementsOf(sent());
        Map<String, Set<Integer>> partitionsByKey = deliveries.stream()
                .collect(Collectors.groupingBy(Delivery::key, Collectors.mapping(Delivery::partition, Collectors.toSet())));
        assertThat(partitionsByKey).as("each key in one partition")
                .allSatisfy((key, partitions) -> assertThat(partitions).hasSize(1));
        countsByPartition(deliveries).forEach((partition, count) -> assertThat(deliveries.stream()
                        .filter(delivery -> delivery.partition() == partition).map(Delivery::offset))
                .as("offsets of partition " + partition).containsExactlyInAnyOrderElementsOf(
                        LongStream.range(0, count).boxed().toList()));
        return deliveries;
    }

    private static ScenarioOutput assertJavaReadsBack(PythonClient client, String topic, String... options)
            throws Exception {
        Clients.createTopic(weir.bootstrapServers(), topic, 3, Map.of());
        List<String> arguments = new ArrayList<>(List.of(options));
        arguments.addAll(List.of("--count", Integer.toString(RECORDS)));
        ScenarioOutput output = client.run(weir.bootstrapServers(), topic, "produce", arguments.toArray(String[]::new));
        List<Delivery> deliveries = output.ofKind("delivery").stream().map(Delivery::of).toList();

        List<ConsumerRecord<String, String>> records = Clients.readAll(weir.bootstrapServers(), topic);

        assertThat(records)
                .extracting(record -> new Delivery(record.key(), record.value(), record.partition(), record.offset()))
                .as(output.toString())
                .hasSize(RECORDS)
                .containsExactlyInAnyOrderElementsOf(deliveries);
        assertThat(deliveries).extracting(Delivery::keyAndValue).containsExactlyInAnyOrderElementsOf(sent());
        return output;
    }

    private static void assertAGroupReadsEveryRecordOnceThenNothing(
            PythonClient client, String topic, List<Delivery> deliveries) {
        String group = topic + "-readers";
        ScenarioOutput first = client.run(weir.bootstrapServers(), topic, "consume", "--group", group, "--count",
                Integer.toString(RECORDS));

        List<Delivery> read = first.ofKind("record").stream().map(Delivery::of).toList();
        assertThat(read).as(first.toString()).containsExactlyInAnyOrderElementsOf(deliveries);
        Map<Integer, List<Long>> offsetsInReadOrder = read.stream().collect(
                Collectors.groupingBy(Delivery::partition, Collectors.mapping(Delivery::offset, Collectors.toList())));
        assertThat(offsetsInReadOrder).allSatisfy((partition, offsets) -> assertThat(offsets).isSorted());
        Map<String, Long> ends = stringKeys(countsByPartition(deliveries));
        JsonNode summary = first.summary();
        assertThat(summary.path("read").asInt()).isEqualTo(RECORDS);
        assertThat(ScenarioOutput.ints(summary.path("assigned"))).containsExactly(0, 1, 2);
        assertThat(ScenarioOutput.longs(summary.path("committed"))).as(first.toString()).isEqualTo(ends);
        assertThat(ScenarioOutput.longs(summary.path("endOffsets"))).as(first.toString()).isEqualTo(ends);

        ScenarioOutput second = client.run(weir.bootstrapServers(), topic, "consume", "--group", group, "--count", "0");

        assertThat(second.ofKind("record")).as(second.toString()).isEmpty();
        assertThat(second.summary().path("read").asInt()).isZero();
        assertThat(ScenarioOutput.longs(second.summary().path("committed"))).as(second.toString()).isEqualTo(ends);
    }

    /** Offset look-ups by time, beginning and end, and a seek to each partition's last record. */
    private static void assertSeeks(PythonClient client, String topic, List<Delivery> deliveries, String noOffsetLater) {
        ScenarioOutput output = client.run(weir.bootstrapServers(), topic, "seek");

        JsonNode summary = output.summary();
        Map<Integer, Long> counts = countsByPartition(deliveries);
        Map<String, Long> zeros = stringKeys(Map.of(0, 0L, 1, 0L, 2, 0L));
        assertThat(ScenarioOutput.longs(summary.path("beginning"))).as(output.toString()).isEqualTo(zeros);
        assertThat(ScenarioOutput.longs(summary.path("end"))).isEqualTo(stringKeys(counts));
        assertThat(ScenarioOutput.longs(summary.path("byTimeZero"))).isEqualTo(zeros);
        assertThat(summary.path("byTimeFuture").toString())
                .isEqualTo("{\"0\":" + noOffsetLater + ",\"1\":" + noOffsetLater + ",\"2\":" + noOffsetLater + "}");
        counts.forEach((partition, count) -> {
            JsonNode last = summary.path("lastRecord").path(Integer.toString(partition));
            Delivery expected = deliveries.stream()
                    .filter(delivery -> delivery.partition() == partition && delivery.offset() == count - 1)
                    .findFirst().orElseThrow();
            Delivery read = new Delivery(
                    last.path("key").asText(), last.path("value").asText(), partition, last.path("offset").asLong());
            assertThat(read).as(output.toString()).isEqualTo(expected);
        });
    }

    private static JsonNode assertMembersSplitAndHandOver(PythonClient client, String topic, String group) throws Exception {
        Clients.createTopic(weir.bootstrapServers(), topic, 6, Map.of());
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers())) {
            for (int i = 0; i < GROUP_RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i));
            }
            producer.flush();
        }

        ScenarioOutput output = client.run(weir.bootstrapServers(), topic, "groups", "--group", group);

        JsonNode split = output.one("split");
        Set<Integer> a = Set.copyOf(ScenarioOutput.ints(split.path("a")));
        Set<Integer> b = Set.copyOf(ScenarioOutput.ints(split.path("b")));
        assertThat(a).as(output.toString()).isNotEmpty().doesNotContainAnyElementsOf(b);
        assertThat(b).isNotEmpty();
        assertThat(union(a, b)).isEqualTo(SIX);
        assertThat(Set.copyOf(ScenarioOutput.ints(output.one("alone").path("a")))).isEqualTo(SIX);
        JsonNode summary = output.summary();
        assertThat(summary.path("state").asText()).as(output.toString()).isEqualTo("Stable");
        assertThat(summary.path("protocolType").asText()).isEqualTo("consumer");
        assertThat(summary.path("members")).hasSize(1);
        assertThat(summary.path("members").get(0).path("clientId").asText()).endsWith("-a");
        Map<String, Long> ends = ScenarioOutput.longs(summary.path("endOffsets"));
        assertThat(ends.keySet()).containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5");
        assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(GROUP_RECORDS);
        assertThat(ScenarioOutput.longs(summary.path("committed"))).as("the group's committed offsets").isEqualTo(ends);
        return summary;
    }

    /** A record as the scripts print it in delivery reports and reads. */
    private record Delivery(String key, String value, int partition, long offset) {
        static Delivery of(JsonNode line) {
            return new Delivery(line.path("key").asText(), line.path("value").asText(), line.path("partition").asInt(),
                    line.path("offset").asLong());
        }

        String keyAndValue() {
            return key + "=" + value;
        }
    }

    private static List<String> sent() {
        return IntStream.range(0, RECORDS).mapToObj(i -> "key-" + (i % KEYS) + "=value-" + i).toList();
    }

    private static List<String> labelled(int count, String... labels) {
        List<String> values = new ArrayList<>();
        for (String label : labels) {
            IntStream.range(0, count).forEach(i -> values.add(label + "-" + i));
        }
        return values;
    }

    private static Map<Integer, Long> countsByPartition(List<Delivery> deliveries) {
        return deliveries.stream().collect(Collectors.groupingBy(Delivery::partition, TreeMap::new, Collectors.counting()));
    }

    private static Map<String, Long> stringKeys(Map<Integer, Long> byPartition) {
        Map<String, Long> result = new TreeMap<>();
        byPartition.forEach((partition, value) -> result.put(Integer.toString(partition), value));
        return result;
    }




    private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
        return Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
    }
}

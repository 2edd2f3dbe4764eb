package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weir.testkit.WeirCluster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sarama 1.22, the Go client (Debian's golang-github-shopify-sarama-dev), against a node, through
 * the program in {@code it/clients/go} (see {@link SaramaClient}). Sarama 1.22 sends no
 * ApiVersions request: its {@code config.Version} alone picks the request versions, and every
 * scenario here runs with the two settings that Kafka 4.4 serves fully, 2.2.0 (the highest
 * 1.22 knows) and 2.1.0, as measured against Apache Kafka 4.4 with the same program: ClusterAdmin
 * topic work, sync and async producers with each codec, an idempotent producer, partition consumers
 * and offset commits, and consumer groups that split, hand over and resume. 1.0.0 works as well
 * (produce and consume are checked); 0.10.2 and Sarama's default 0.8.2 send request versions that
 * Kafka 4 removed, and Weir, like Kafka, closes the connection.
 *
 * <p>What Sarama 1.22 cannot do against Kafka 4.4, and is checked to fail the same way here:
 * zstd (it produces with Produce v3, and zstd needs v7: UNSUPPORTED_COMPRESSION_TYPE),
 * ClusterAdmin.ListTopics and DescribeConfig (DescribeConfigs v0) and OffsetCommit v1 (Sarama's
 * default when {@code Consumer.Offsets.Retention} is 0; the program sets a retention so that it
 * commits with v2). The {@code wire} scenario's answers are compared field by field with those
 * Kafka 4.4 gave ({@code src/test/resources/sarama/kafka-4.4-wire.jsonl}: the output of
 * {@code sarama-client HOST:PORT sarama-wire wire 2.2.0} against a new Kafka 4.4.0 single node,
 * without four probes that differ in ways clients do not read: {@code fetch-v4-p0-at7}, whose
 * batches depend on the producer's timing; {@code fetch-v4-p0-at11} and {@code fetch-v4-p9-at0},
 * where Kafka answers a partition error with high watermark -1 and, for an unknown partition, an
 * empty rather than null aborted-transactions list; and {@code listGroups-v0}, which lists every
 * group of the node). Error message texts, broker ports and the order of arrays are not compared.
 *
 * <p>Skipped only where {@code go} or Sarama's sources are missing; {@code .ci/run} installs both.
 */
class SaramaIT {
    private static final int RECORDS = 1000;
    private static final int KEYS = 20;
    private static final int GROUP_RECORDS = 120;
    private static final Set<Integer> SIX = Set.of(0, 1, 2, 3, 4, 5);

    private static WeirCluster weir;
    private static SaramaClient sarama;

    @BeforeAll
    static void buildClientAndStartNode() {
        assumeThat(SaramaClient.installed())
                .as("go on the PATH and Sarama in " + SaramaClient.SARAMA_SOURCES
                        + " (.ci/run installs golang-go and golang-github-shopify-sarama-dev)")
                .isTrue();
        sarama = SaramaClient.build();
        weir = WeirCluster.builder().config("group.initial.rebalance.delay.ms", "0").build();
    }

    @AfterAll
    static void stopNode() {
        if (weir != null) {
            weir.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.2.0", "2.1.0"})
    void clusterAdminCreatesGrowsAndDeletesTopicsAndTheClientFindsLeadersAndOffsets(String version) throws Exception {
        String topic = "sarama-admin-" + version.replace(".", "");
        String doomed = topic + "-doomed";

        ScenarioOutput output = sarama.run(weir.bootstrapServers(), topic, "admin", version);

        JsonNode summary = output.summary();
        assertThat(summary.path("created").toString()).as(output.toString())
                .isEqualTo("{\"" + topic + "\":3,\"" + doomed + "\":1}");
        assertThat(summary.path("partitions").toString()).isEqualTo("[0,1,2]");
        assertThat(summary.path("partitionsAfterGrowth").toString()).isEqualTo("[0,1,2,3]");
        assertThat(summary.path("clientPartitions").toString()).isEqualTo("[0,1,2,3]");
        assertThat(summary.path("leaders").toString()).isEqualTo("{\"0\":1,\"1\":1,\"2\":1,\"3\":1}");
        assertThat(summary.path("offsets").toString()).isEqualTo("{\"0\":[0,0],\"1\":[0,0],\"2\":[0,0],\"3\":[0,0]}");
        assertThat(ScenarioOutput.texts(summary.path("topics"))).contains(topic).doesNotContain(doomed);
        try (Admin admin = Clients.admin(weir.bootstrapServers())) {
            assertThat(admin.listTopics().names().get(Clients.DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                    .contains(topic).doesNotContain(doomed);
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(Clients.DEADLINE.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions()).hasSize(4);
        }
    }

    @ParameterizedTest
    @CsvSource({"2.2.0,none", "2.2.0,gzip", "2.2.0,snappy", "2.2.0,lz4", "2.1.0,none", "2.1.0,gzip", "2.1.0,snappy",
            "2.1.0,lz4", "1.0.0,none"})
    void producersDeliverEveryRecordOnceAndConsumersReadThemBack(String version, String codec) throws Exception {
        String topic = "sarama-" + version.replace(".", "") + "-" + codec;
        Clients.createTopic(weir.bootstrapServers(), topic, 3, Map.of());

        ScenarioOutput produced = sarama.run(weir.bootstrapServers(), topic, "produce", version, "--codec", codec,
                "--count", Integer.toString(RECORDS));

        assertThat(produced.summary().path("sync").asInt()).as(produced.toString()).isEqualTo(RECORDS);
        assertThat(produced.summary().path("async").asInt()).isEqualTo(RECORDS);
        List<Delivery> deliveries = produced.ofKind("delivery").stream().map(Delivery::of).toList();
        assertThat(deliveries).extracting(Delivery::keyAndValue).as(produced.toString())
                .containsExactlyInAnyOrderElementsOf(sent("sync", "async"));
        assertDeliveries(deliveries);
        assertThat(javaReadsBack(topic)).as(produced.toString()).containsExactlyInAnyOrderElementsOf(deliveries);

        assertPartitionConsumersReadBack(topic, version, deliveries);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.2.0", "2.1.0"})
    void idempotentProducerWritesEveryRecordOnce(String version) throws Exception {
        String topic = "sarama-idempotent-" + version.replace(".", "");
        Clients.createTopic(weir.bootstrapServers(), topic, 3, Map.of());

        ScenarioOutput produced = sarama.run(weir.bootstrapServers(), topic, "idempotent", version, "--codec", "lz4",
                "--count", Integer.toString(RECORDS));

        assertThat(produced.summary().path("idempotent").asInt()).as(produced.toString()).isEqualTo(RECORDS);
        List<Delivery> deliveries = produced.ofKind("delivery").stream().map(Delivery::of).toList();
        assertThat(deliveries).extracting(Delivery::keyAndValue).containsExactlyInAnyOrderElementsOf(sent("idempotent"));
        assertDeliveries(deliveries);
        assertThat(javaReadsBack(topic)).as(produced.toString()).containsExactlyInAnyOrderElementsOf(deliveries);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.2.0", "2.1.0"})
    void zstdIsRefusedAsKafkaRefusesItOnProduceV3(String version) throws Exception {
        String topic = "sarama-zstd-" + version.replace(".", "");
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of());

        ExternalProcess.Result result =
                sarama.runToExit(weir.bootstrapServers(), topic, "produce", version, "--codec", "zstd", "--count", "10");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).as(result.toString())
                .contains("The requesting client does not support the compression type of given partition.");
        assertThat(javaReadsBack(topic)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.2.0", "2.1.0"})
    void consumerGroupMembersSplitHandOverCommitAndResume(String version) throws Exception {
        String topic = "sarama-group-" + version.replace(".", "");
        String group = topic + "-readers";
        Clients.createTopic(weir.bootstrapServers(), topic, 6, Map.of());

        ScenarioOutput output = sarama.run(weir.bootstrapServers(), topic, "groups", version, "--group", group,
                "--count", Integer.toString(GROUP_RECORDS));

        assertThat(output.ofKind("memberError")).as(output.toString()).isEmpty();
        assertSplitAndHandOver(output);
        assertEveryRecordReadOnceThenOnlyTheNewOnes(output);
        JsonNode summary = output.summary();
        assertThat(summary.path("listed").path(group).asText()).as(summary.toString()).isEqualTo("consumer");
        JsonNode described = summary.path("described");
        assertThat(described).as(summary.toString()).hasSize(1);
        assertThat(described.get(0).path("error").asInt()).isZero();
        assertThat(described.get(0).path("state").asText()).isEqualTo("Stable");
        assertThat(described.get(0).path("protocolType").asText()).isEqualTo("consumer");
        assertThat(described.get(0).path("protocol").asText()).isEqualTo("range");
        assertThat(described.get(0).path("members")).hasSize(1);
        assertThat(described.get(0).path("members").get(0).path("clientId").asText()).isEqualTo("weir-sarama-groups-a");
        assertThat(described.get(0).path("members").get(0).path("assigned").toString()).isEqualTo("[0,1,2,3,4,5]");
        Map<String, Long> ends = ScenarioOutput.longs(summary.path("endOffsets"));
        assertThat(ends.keySet()).containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5");
        assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(GROUP_RECORDS);
        assertThat(ScenarioOutput.longs(summary.path("committed"))).as("ListConsumerGroupOffsets").isEqualTo(ends);
        try (Admin admin = Clients.admin(weir.bootstrapServers())) {
            Map<?, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(Clients.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                    .as("committed after the resumed member read the 6 new records").isEqualTo(GROUP_RECORDS + 6);
        }
    }

    @Test
    void aRecordLargerThanTheFirstFetchSizeIsReadWhole() {
        ScenarioOutput output = sarama.run(weir.bootstrapServers(), "sarama-large", "large", "2.2.0", "--count", "3");

        assertThat(output.ofKind("record")).extracting(line -> line.path("offset").asLong() + ":" + line.path("prefix").asText())
                .as(output.toString()).containsExactly("0:large-0-", "1:large-1-", "2:large-2-");
        assertThat(output.summary().path("sizes").toString()).isEqualTo("[1572872,1572872,1572872]");
    }

    @Test
    void requestVersionsKafka44NoLongerServesCloseTheConnectionAsKafkaDoes() throws Exception {
        String topic = "sarama-refused";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of());

        ScenarioOutput refused = sarama.run(weir.bootstrapServers(), topic, "refused", "2.2.0");

        assertThat(refused.summary().path("outcomes").toString()).as(refused.toString())
                .isEqualTo("{\"describeConfig\":\"EOF\",\"listTopics\":\"EOF\"}");
        for (String version : List.of("0.10.2.0", "0.8.2.0")) {
            ExternalProcess.Result result =
                    sarama.runToExit(weir.bootstrapServers(), topic, "produce", version, "--count", "10");
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.stderr()).as(result.toString()).contains("sarama-client: produce: sync producer: 10 failed, first: EOF");
        }
        assertThat(javaReadsBack(topic)).isEmpty();
    }

    @Test
    void answersSaramasRequestsFieldByFieldAsKafka44Does() throws IOException {
        List<JsonNode> kafka = kafkaWireAnswers();

        ScenarioOutput output = sarama.run(weir.bootstrapServers(), "sarama-wire", "wire", "2.2.0");

        Map<String, JsonNode> answered = output.ofKind("wire").stream()
                .collect(Collectors.toMap(line -> line.path("probe").asText(), line -> line, (a, b) -> b));
        for (JsonNode expected : kafka) {
            String probe = expected.path("probe").asText();
            assertThat(answered).as(output.toString()).containsKey(probe);
            assertThat(comparable(answered.get(probe))).as(probe).isEqualTo(comparable(expected));
        }
        assertThat(kafka).hasSizeGreaterThan(35);
    }

    private static List<JsonNode> kafkaWireAnswers() throws IOException {
        try (InputStream in = SaramaIT.class.getResourceAsStream("/sarama/kafka-4.4-wire.jsonl")) {
            assertThat(in).as("the answers Kafka 4.4 gave").isNotNull();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(line -> !line.isBlank()).map(line -> ScenarioOutput.parse(line, "kafka-4.4-wire.jsonl"))
                    .toList();
        }
    }

    /**
     * A wire line without what may differ and does not matter to clients: error message texts,
     * broker addresses (ports), and the order of arrays (Kafka does not keep the request's order).
     */
    private static JsonNode comparable(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> {
                if (!Set.of("ErrMsg", "ErrorMsg", "addr").contains(field.getKey())) {
                    copy.set(field.getKey(), comparable(field.getValue()));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            List<JsonNode> elements = new ArrayList<>();
            node.forEach(element -> elements.add(comparable(element)));
            ArrayNode sorted = JsonNodeFactory.instance.arrayNode();
            elements.stream().sorted(Comparator.comparing(JsonNode::toString)).forEach(sorted::add);
            return sorted;
        }
        return node;
    }

    /** The sync and async producers' records, each key in one partition, offsets 0..n-1 in each. */
    private static void assertDeliveries(List<Delivery> deliveries) {
        Map<String, Set<Integer>> partitionsByKey = deliveries.stream()
                .collect(Collectors.groupingBy(Delivery::key, Collectors.mapping(Delivery::partition, Collectors.toSet())));
        assertThat(partitionsByKey).as("each key in one partition")
                .allSatisfy((key, partitions) -> assertThat(partitions).hasSize(1));
        assertThat(partitionsByKey.values().stream().flatMap(Set::stream).collect(Collectors.toSet())).hasSizeGreaterThan(1);
        countsByPartition(deliveries).forEach((partition, count) -> assertThat(deliveries.stream()
                        .filter(delivery -> delivery.partition() == partition).map(Delivery::offset))
                .as("offsets of partition " + partition)
                .containsExactlyInAnyOrderElementsOf(LongStream.range(0, count).boxed().toList()));
    }

    /** Partition consumers read every record in offset order; commits and time look-ups read back. */
    private static void assertPartitionConsumersReadBack(String topic, String version, List<Delivery> deliveries) {
        ScenarioOutput consumed = sarama.run(weir.bootstrapServers(), topic, "consume", version);

        List<Delivery> read = consumed.ofKind("record").stream().map(Delivery::of).toList();
        assertThat(read).as(consumed.toString()).containsExactlyInAnyOrderElementsOf(deliveries);
        Map<Integer, List<Long>> offsetsInReadOrder = read.stream().collect(
                Collectors.groupingBy(Delivery::partition, Collectors.mapping(Delivery::offset, Collectors.toList())));
        assertThat(offsetsInReadOrder).allSatisfy((partition, offsets) -> assertThat(offsets).isSorted());
        JsonNode summary = consumed.summary();
        Map<Integer, Long> counts = countsByPartition(deliveries);
        Map<String, Long> ends = new TreeMap<>();
        Map<String, Long> firstOffsets = new TreeMap<>();
        for (int partition = 0; partition < 3; partition++) {
            long count = counts.getOrDefault(partition, 0L);
            ends.put(Integer.toString(partition), count);
            firstOffsets.put(Integer.toString(partition), count > 0 ? 0L : -1L);
            JsonNode committed = summary.path("committed").path(Integer.toString(partition));
            assertThat(committed.path("offset").asLong()).as(summary.toString()).isEqualTo(count);
            assertThat(committed.path("metadata").asText()).isEqualTo("end-" + partition);
        }
        assertThat(ScenarioOutput.longs(summary.path("endOffsets"))).as(summary.toString()).isEqualTo(ends);
        assertThat(ScenarioOutput.longs(summary.path("byTime").path("hourAgo"))).as("ListOffsets by time finds the first record")
                .isEqualTo(firstOffsets);
        assertThat(ScenarioOutput.longs(summary.path("byTime").path("hourAhead"))).containsOnlyKeys(ends.keySet())
                .allSatisfy((partition, offset) -> assertThat(offset).isEqualTo(-1L));
    }

    private static void assertSplitAndHandOver(ScenarioOutput output) {
        JsonNode split = output.one("split");
        Set<Integer> a = Set.copyOf(ScenarioOutput.ints(split.path("a")));
        Set<Integer> b = Set.copyOf(ScenarioOutput.ints(split.path("b")));
        assertThat(a).as(output.toString()).isNotEmpty().doesNotContainAnyElementsOf(b);
        assertThat(b).isNotEmpty();
        assertThat(Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet())).isEqualTo(SIX);
        assertThat(Set.copyOf(ScenarioOutput.ints(output.one("alone").path("a")))).isEqualTo(SIX);
        assertThat(output.ofKind("record")).filteredOn(line -> line.path("member").asText().equals("b"))
                .as("b read records while it held partitions").isNotEmpty()
                .allSatisfy(line -> assertThat(b).contains(line.path("partition").asInt()));
    }

    private static void assertEveryRecordReadOnceThenOnlyTheNewOnes(ScenarioOutput output) {
        List<JsonNode> records = output.ofKind("record");
        List<JsonNode> beforeResume = records.stream().filter(line -> !line.path("member").asText().equals("c")).toList();
        assertThat(beforeResume).extracting(line -> line.path("value").asText()).as(output.toString())
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, GROUP_RECORDS).mapToObj(i -> "group-" + i).toList());
        Map<Integer, List<Long>> offsetsInReadOrder = beforeResume.stream().collect(Collectors.groupingBy(
                line -> line.path("partition").asInt(), Collectors.mapping(line -> line.path("offset").asLong(), Collectors.toList())));
        assertThat(offsetsInReadOrder).allSatisfy((partition, offsets) -> assertThat(offsets).isSorted());
        assertThat(records).filteredOn(line -> line.path("member").asText().equals("c"))
                .extracting(line -> line.path("value").asText()).as("the new member resumes after the commits")
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 6).mapToObj(i -> "after-" + i).toList());
        assertThat(output.summary().path("resumedRead").asInt()).isEqualTo(6);
    }

    private static List<Delivery> javaReadsBack(String topic) {
        List<ConsumerRecord<String, String>> records = Clients.readAll(weir.bootstrapServers(), topic);
        return records.stream().map(r -> new Delivery(r.key(), r.value(), r.partition(), r.offset())).toList();
    }

    /** A record as the program prints it in delivery reports and reads. */
    private record Delivery(String key, String value, int partition, long offset) {
        static Delivery of(JsonNode line) {
            return new Delivery(line.path("key").asText(), line.path("value").asText(), line.path("partition").asInt(),
                    line.path("offset").asLong());
        }

        String keyAndValue() {
            return key + "=" + value;
        }
    }

    private static List<String> sent(String... labels) {
        List<String> all = new ArrayList<>();
        for (String label : labels) {
            IntStream.range(0, RECORDS).forEach(i -> all.add("key-" + (i % KEYS) + "=" + label + "-" + i));
        }
        return all;
    }

    private static Map<Integer, Long> countsByPartition(List<Delivery> deliveries) {
        return deliveries.stream().collect(Collectors.groupingBy(Delivery::partition, TreeMap::new, Collectors.counting()));
    }



}

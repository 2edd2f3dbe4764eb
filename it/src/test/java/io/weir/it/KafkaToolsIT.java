package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.testkit.WeirCluster;
import io.weir.testkit.WeirClusterExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka's own command-line tools from {@code org.apache.kafka:kafka-tools:4.4.0} (a test-scope
 * dependency), each run in a child JVM on the test class path, since their {@code main} methods exit
 * the JVM, and each checked on the output it prints. What {@code kafka-topics.sh}, {@code
 * kafka-console-producer.sh}, {@code kafka-console-consumer.sh}, {@code kafka-configs.sh}, {@code
 * kafka-get-offsets.sh}, {@code kafka-delete-records.sh}, {@code kafka-log-dirs.sh}, {@code
 * kafka-verifiable-producer.sh}, {@code kafka-verifiable-consumer.sh}, {@code
 * kafka-broker-api-versions.sh}, {@code kafka-cluster.sh}, {@code kafka-features.sh}, {@code
 * kafka-metadata-quorum.sh}, {@code kafka-acls.sh}, {@code kafka-producer-perf-test.sh}, {@code
 * kafka-consumer-perf-test.sh}, {@code kafka-e2e-latency.sh} and {@code kafka-dump-log.sh} run;
 * the last reads Weir's segment files (log, offset index, time index) straight from the node's
 * data directory.
 */
@ExtendWith(WeirClusterExtension.class)
class KafkaToolsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String TOPIC_COMMAND = "org.apache.kafka.tools.TopicCommand";
    private static final String CONSOLE_PRODUCER = "org.apache.kafka.tools.ConsoleProducer";
    private static final String CONSOLE_CONSUMER = "org.apache.kafka.tools.consumer.ConsoleConsumer";
    private static final String CONFIG_COMMAND = "org.apache.kafka.tools.ConfigCommand";
    private static final String GET_OFFSETS = "org.apache.kafka.tools.GetOffsetShell";
    private static final String DELETE_RECORDS = "org.apache.kafka.tools.DeleteRecordsCommand";
    private static final String LOG_DIRS = "org.apache.kafka.tools.LogDirsCommand";
    private static final String VERIFIABLE_PRODUCER = "org.apache.kafka.tools.VerifiableProducer";
    private static final String VERIFIABLE_CONSUMER = "org.apache.kafka.tools.VerifiableConsumer";
    private static final String BROKER_API_VERSIONS = "org.apache.kafka.tools.BrokerApiVersionsCommand";
    private static final String CLUSTER_TOOL = "org.apache.kafka.tools.ClusterTool";
    private static final String FEATURES = "org.apache.kafka.tools.FeatureCommand";
    private static final String METADATA_QUORUM = "org.apache.kafka.tools.MetadataQuorumCommand";
    private static final String ACLS = "org.apache.kafka.tools.AclCommand";
    private static final String PRODUCER_PERFORMANCE = "org.apache.kafka.tools.ProducerPerformance";
    private static final String CONSUMER_PERFORMANCE = "org.apache.kafka.tools.ConsumerPerformance";
    private static final String END_TO_END_LATENCY = "org.apache.kafka.tools.EndToEndLatency";
    private static final String DUMP_LOG_SEGMENTS = "org.apache.kafka.tools.DumpLogSegments";

    @TempDir
    Path dir;

    @Test
    void topicCommandCreatesListsDescribesAndDeletes(WeirCluster weir) {
        String topic = "tools-topics";
        ExternalProcess.Result created = tool(weir, TOPIC_COMMAND, Optional.empty(), "--create", "--topic", topic,
                "--partitions", "3", "--replication-factor", "1", "--config", "retention.ms=7200000");
        assertThat(created.stdout()).as(created.toString()).contains("Created topic " + topic + ".");

        ExternalProcess.Result listed = tool(weir, TOPIC_COMMAND, Optional.empty(), "--list");
        assertThat(listed.stdoutLines()).as(listed.toString()).contains(topic);

        ExternalProcess.Result described = tool(weir, TOPIC_COMMAND, Optional.empty(), "--describe", "--topic", topic);
        assertThat(described.stdout()).as(described.toString())
                .contains("Topic: " + topic, "PartitionCount: 3", "ReplicationFactor: 1", "retention.ms=7200000");
        assertThat(described.stdoutLines()).filteredOn(line -> line.contains("Partition: ") && line.contains("Leader: 1"))
                .as(described.toString())
                .hasSize(3);

        tool(weir, TOPIC_COMMAND, Optional.empty(), "--delete", "--topic", topic);
        await().atMost(Clients.DEADLINE).untilAsserted(() ->
                assertThat(tool(weir, TOPIC_COMMAND, Optional.empty(), "--list").stdoutLines()).doesNotContain(topic));
    }

    @Test
    void consoleProducerWritesKeyedLinesThatTheConsoleConsumerPrints(WeirCluster weir) throws Exception {
        String topic = "tools-console";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of());
        List<String> lines = IntStream.range(0, 50).mapToObj(i -> "key-" + i + ":value-" + i).toList();

        ExternalProcess.Result produced = tool(weir, CONSOLE_PRODUCER, Optional.of(String.join("\n", lines) + "\n"),
                "--topic", topic, "--property", "parse.key=true", "--property", "key.separator=:");
        assertThat(Clients.readAll(weir.bootstrapServers(), topic))
                .extracting(record -> record.key() + ":" + record.value())
                .containsExactlyElementsOf(lines);

        ExternalProcess.Result consumed = tool(weir, CONSOLE_CONSUMER, Optional.empty(),
                "--topic", topic, "--partition", "0", "--offset", "earliest", "--max-messages", Integer.toString(lines.size()),
                "--timeout-ms", "30000", "--command-property", "enable.auto.commit=false",
                "--formatter-property", "print.key=true", "--formatter-property", "key.separator=:");
        assertThat(consumed.stdoutLines()).as(consumed.toString()).containsExactlyElementsOf(lines);
        assertThat(consumed.stderr()).as(consumed.toString()).contains("Processed a total of " + lines.size() + " messages");
    }

    @Test
    void configCommandDescribesAndAltersTopicConfigs(WeirCluster weir) throws Exception {
        String topic = "tools-configs";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of("retention.ms", "3600000"));

        ExternalProcess.Result before = configs(weir, topic, "--describe");
        assertThat(before.stdout()).as(before.toString()).contains("retention.ms=3600000");

        ExternalProcess.Result altered = configs(weir, topic, "--alter", "--add-config", "retention.ms=1000,segment.ms=600000");
        assertThat(altered.stdout()).as(altered.toString()).contains("Completed updating config for topic " + topic + ".");

        ExternalProcess.Result after = configs(weir, topic, "--describe");
        assertThat(after.stdout()).as(after.toString()).contains("retention.ms=1000", "segment.ms=600000");

        configs(weir, topic, "--alter", "--delete-config", "segment.ms");
        ExternalProcess.Result last = configs(weir, topic, "--describe");
        assertThat(last.stdout()).as(last.toString()).contains("retention.ms=1000").doesNotContain("segment.ms=600000");
    }

    @Test
    void getOffsetsPrintsEndOffsetsAndDeleteRecordsMovesTheLowWatermark(WeirCluster weir) throws Exception {
        String topic = "tools-offsets";
        Clients.createTopic(weir.bootstrapServers(), topic, 2, Map.of());
        produce(weir, topic, 0, 30);
        produce(weir, topic, 1, 20);

        ExternalProcess.Result latest = tool(weir, GET_OFFSETS, Optional.empty(), "--topic", topic);
        assertThat(latest.stdoutLines()).as(latest.toString()).containsExactlyInAnyOrder(topic + ":0:30", topic + ":1:20");

        Path plan = dir.resolve("delete-records.json");
        Files.writeString(plan, "{\"version\":1,\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"offset\":10}]}");
        ExternalProcess.Result deleted = tool(weir, DELETE_RECORDS, Optional.empty(), "--offset-json-file", plan.toString());
        assertThat(deleted.stdout()).as(deleted.toString())
                .contains("Records delete operation completed:", "partition: " + topic + "-0\tlow_watermark: 10");

        ExternalProcess.Result earliest = tool(weir, GET_OFFSETS, Optional.empty(), "--topic", topic, "--time", "-2");
        assertThat(earliest.stdoutLines()).as(earliest.toString())
                .containsExactlyInAnyOrder(topic + ":0:10", topic + ":1:0");
    }

    @Test
    void logDirsListsTheTopicsPartitionsWithTheirSizes(WeirCluster weir) throws Exception {
        String topic = "tools-logdirs";
        Clients.createTopic(weir.bootstrapServers(), topic, 2, Map.of());
        produce(weir, topic, 0, 10);
        produce(weir, topic, 1, 10);

        ExternalProcess.Result described = tool(weir, LOG_DIRS, Optional.empty(), "--describe", "--topic-list", topic);

        assertThat(described.stdout()).as(described.toString())
                .contains("Received log directory information from brokers 1",
                        "\"logDir\":\"" + weir.dataDir(0).toAbsolutePath() + "\"");
        Map<String, Long> sizes = new TreeMap<>();
        Matcher partition = Pattern.compile("\"partition\":\"([^\"]+)\",\"size\":(\\d+),\"offsetLag\":0")
                .matcher(described.stdout());
        while (partition.find()) {
            sizes.put(partition.group(1), Long.parseLong(partition.group(2)));
        }
        assertThat(sizes).as(described.toString()).containsOnlyKeys(topic + "-0", topic + "-1");
        assertThat(sizes.values()).allSatisfy(size -> assertThat(size).isPositive());
    }

    @Test
    void verifiableProducerAndConsumerAccountForEveryRecord(WeirCluster weir) throws Exception {
        String topic = "tools-verifiable";
        int records = 50;
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of());

        ExternalProcess.Result produced = tool(weir, VERIFIABLE_PRODUCER, Optional.empty(), "--topic", topic,
                "--max-messages", Integer.toString(records), "--acks", "-1");
        assertThat(produced.stdoutLines()).as(produced.toString())
                .filteredOn(line -> line.contains("\"name\":\"producer_send_success\""))
                .hasSize(records)
                .anySatisfy(line -> assertThat(line).contains("\"offset\":" + (records - 1)));
        assertThat(produced.stdout()).as(produced.toString())
                .contains("\"name\":\"tool_data\",\"sent\":" + records + ",\"acked\":" + records);

        ExternalProcess.Result consumed = tool(weir, VERIFIABLE_CONSUMER, Optional.empty(), "--topic", topic,
                "--group-id", "tools-verifiable-group", "--max-messages", Integer.toString(records),
                "--reset-policy", "earliest");
        Matcher batch = Pattern.compile("\"name\":\"records_consumed\",\"count\":(\\d+)").matcher(consumed.stdout());
        int total = 0;
        while (batch.find()) {
            total += Integer.parseInt(batch.group(1));
        }
        assertThat(total).as(consumed.toString()).isEqualTo(records);
        assertThat(consumed.stdoutLines()).as(consumed.toString())
                .anySatisfy(line -> assertThat(line).contains("\"name\":\"offsets_committed\"",
                        "\"offset\":" + records, "\"success\":true"));
    }

    @Test
    void brokerApiVersionsListsTheNodeAndItsApis(WeirCluster weir) {
        ExternalProcess.Result versions = tool(weir, BROKER_API_VERSIONS, Optional.empty());

        assertThat(versions.stdout()).as(versions.toString())
                .contains("(id: 1 rack: null isFenced: false) -> (",
                        "Produce(0): 0 to 13 [usable: 13]",
                        "Fetch(1): 4 to 18 [usable: 18]",
                        "DescribeAcls(29): 1 to 3 [usable: 3]",
                        "DescribeQuorum(55): 0 to 2 [usable: 2]",
                        "ConsumerGroupHeartbeat(68): 0 to 1 [usable: 1]");
    }

    @Test
    void clusterToolPrintsTheClusterIdAndFeaturesDescribeTheFinalizedFeatures(WeirCluster weir) throws Exception {
        String clusterId;
        try (Admin admin = Clients.admin(weir.bootstrapServers())) {
            clusterId = admin.describeCluster().clusterId().get(Clients.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        }

        ExternalProcess.Result id = toolWithArgs(CLUSTER_TOOL, "cluster-id", "--bootstrap-server", weir.bootstrapServers());
        assertThat(id.stdoutLines()).as(id.toString()).containsExactly("Cluster ID: " + clusterId);

        ExternalProcess.Result features = tool(weir, FEATURES, Optional.empty(), "describe");
        assertThat(features.stdoutLines()).as(features.toString()).hasSize(2)
                .anySatisfy(line -> assertThat(line)
                        .matches("Feature: transaction\\.version\\s+SupportedMinVersion: 0\\s+SupportedMaxVersion: 2\\s+"
                                + "FinalizedVersionLevel: 2\\s+Epoch: \\d+\\s*"))
                .anySatisfy(line -> assertThat(line)
                        .matches("Feature: group\\.version\\s+SupportedMinVersion: 0\\s+SupportedMaxVersion: 1\\s+"
                                + "FinalizedVersionLevel: 1\\s+Epoch: \\d+\\s*"));
    }

    @Test
    void metadataQuorumDescribesTheSingleNodeAsItsOwnLeader(WeirCluster weir) {
        ExternalProcess.Result status = tool(weir, METADATA_QUORUM, Optional.empty(), "describe", "--status");
        assertThat(status.stdout()).as(status.toString())
                .containsPattern("LeaderId:\\s+1\\n")
                .containsPattern("LeaderEpoch:\\s+0\\n")
                .containsPattern("HighWatermark:\\s+[1-9]\\d*\\n")
                .containsPattern("MaxFollowerLag:\\s+0\\n")
                .containsPattern("CurrentVoters:\\s+\\[\\{\"id\": 1}]\\n")
                .containsPattern("CurrentObservers:\\s+\\[]");

        ExternalProcess.Result replication = tool(weir, METADATA_QUORUM, Optional.empty(), "describe", "--replication");
        assertThat(replication.stdoutLines()).as(replication.toString())
                .hasSize(2)
                .last()
                .satisfies(line -> assertThat(line).matches("1\\s+AAAAAAAAAAAAAAAAAAAAAA\\s+[1-9]\\d*\\s+0\\s+\\d+\\s+\\d+\\s+Leader\\s*"));
    }

    @Test
    void aclsListSaysNoAuthorizerIsConfigured(WeirCluster weir) {
        List<String> args = List.of("--bootstrap-server", weir.bootstrapServers(), "--list");
        ExternalProcess.Result listed = run(ACLS, Optional.empty(), args);

        assertThat(listed.exitCode()).as(listed.toString()).isEqualTo(1);
        assertThat(listed.stdout()).as(listed.toString())
                .contains("Error while executing ACL command: org.apache.kafka.common.errors.SecurityDisabledException:"
                        + " No Authorizer is configured on the broker")
                .doesNotContain("UnsupportedVersionException");
    }

    @Test
    void perfToolsProduceConsumeAndMeasureEndToEndLatency(WeirCluster weir) throws Exception {
        String topic = "tools-perf";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of());

        ExternalProcess.Result produced = tool(weir, PRODUCER_PERFORMANCE, Optional.empty(), "--topic", topic,
                "--num-records", "2000", "--record-size", "100", "--throughput", "-1");
        assertThat(produced.stdout()).as(produced.toString()).containsPattern("2000 records sent, [\\d.]+ records/sec");

        ExternalProcess.Result consumed = tool(weir, CONSUMER_PERFORMANCE, Optional.empty(), "--topic", topic,
                "--num-records", "2000", "--timeout", "30000");
        assertThat(consumed.stdoutLines()).as(consumed.toString()).hasSize(2).last()
                .satisfies(line -> assertThat(line.split(",\\s*")[4]).isEqualTo("2000"));

        String latencyTopic = "tools-e2e";
        Clients.createTopic(weir.bootstrapServers(), latencyTopic, 1, Map.of());
        ExternalProcess.Result latency = tool(weir, END_TO_END_LATENCY, Optional.empty(), "--topic", latencyTopic,
                "--num-records", "100", "--producer-acks", "all", "--record-size", "100");
        assertThat(latency.stdout()).as(latency.toString())
                .containsPattern("Avg latency: [\\d.]+ ms")
                .containsPattern("Percentiles: 50th = \\d+, 99th = \\d+, 99.9th = \\d+");
    }

    @Test
    void dumpLogSegmentsReadsWeirsSegmentsAndIndexes(WeirCluster weir) throws Exception {
        String topic = "tools-dump";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of("segment.bytes", "1048576"));
        String padding = "x".repeat(1000);
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers())) {
            for (int i = 0; i < 1200; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "key-" + i, String.format("value-%05d-", i) + padding));
            }
            producer.flush();
        }
        Path partitionDir = weir.dataDir(0).resolve(topic + "-0");
        List<Path> logs = segmentFiles(partitionDir, ".log");
        assertThat(logs).as("the first segment rolled").hasSizeGreaterThanOrEqualTo(2);
        Path first = logs.get(0);
        long nextBaseOffset = Long.parseLong(logs.get(1).getFileName().toString().replace(".log", ""));

        ExternalProcess.Result dumped = toolWithArgs(DUMP_LOG_SEGMENTS, "--files", first.toString(), "--deep-iteration",
                "--print-data-log");
        List<String> records = dumped.stdoutLines().stream().filter(line -> line.startsWith("| offset: ")).toList();
        assertThat(records).as(dumped.toString()).hasSize((int) nextBaseOffset);
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i)).startsWith("| offset: " + i + " ")
                    .contains("key: key-" + i + " payload: " + String.format("value-%05d-", i));
        }
        assertThat(dumped.stdoutLines()).filteredOn(line -> line.startsWith("baseOffset: "))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("magic: 2", "isvalid: true"));
        assertThat(dumped.stdout() + dumped.stderr()).doesNotContainIgnoringCase("exception").doesNotContainIgnoringCase("error");

        String indexes = sibling(first, ".index") + "," + sibling(first, ".timeindex");
        ExternalProcess.Result sanity = toolWithArgs(DUMP_LOG_SEGMENTS, "--files", indexes, "--index-sanity-check");
        assertThat(sanity.stdout()).as(sanity.toString())
                .contains(sibling(first, ".index") + " passed sanity check.",
                        sibling(first, ".timeindex") + " passed sanity check.");
        ExternalProcess.Result verified = toolWithArgs(DUMP_LOG_SEGMENTS, "--files", indexes, "--verify-index-only");
        assertThat(verified.stdout() + verified.stderr()).as(verified.toString())
                .doesNotContainIgnoringCase("mismatch")
                .doesNotContainIgnoringCase("out of order")
                .doesNotContainIgnoringCase("exception");
    }

    private static void produce(WeirCluster weir, String topic, int partition, int count) throws Exception {
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, partition, "key-" + i, "value-" + i));
            }
            producer.flush();
        }
    }

    private static List<Path> segmentFiles(Path partitionDir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(partitionDir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static Path sibling(Path log, String suffix) {
        return log.resolveSibling(log.getFileName().toString().replace(".log", suffix));
    }

    private static ExternalProcess.Result configs(WeirCluster weir, String topic, String... args) {
        List<String> all = new ArrayList<>(List.of("--entity-type", "topics", "--entity-name", topic));
        all.addAll(List.of(args));
        return tool(weir, CONFIG_COMMAND, Optional.empty(), all.toArray(String[]::new));
    }

    /** Runs a tool with {@code --bootstrap-server} first and requires it to succeed. */
    private static ExternalProcess.Result tool(WeirCluster weir, String mainClass, Optional<String> stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", weir.bootstrapServers()));
        all.addAll(List.of(args));
        return succeeded(mainClass, all, run(mainClass, stdin, all));
    }

    /** Runs a tool with exactly {@code args} and requires it to succeed. */
    private static ExternalProcess.Result toolWithArgs(String mainClass, String... args) {
        return succeeded(mainClass, List.of(args), run(mainClass, Optional.empty(), List.of(args)));
    }

    private static ExternalProcess.Result run(String mainClass, Optional<String> stdin, List<String> args) {
        return ExternalProcess.run(ExternalProcess.java(ExternalProcess.testClassPath(), mainClass, args), stdin, TIMEOUT);
    }

    private static ExternalProcess.Result succeeded(String mainClass, List<String> args, ExternalProcess.Result result) {
        assertThat(result.exitCode()).as("%s %s%n%s", mainClass, args, result).isZero();
        return result;
    }
}

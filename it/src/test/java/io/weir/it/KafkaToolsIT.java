package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.testkit.WeirCluster;
import io.weir.testkit.WeirClusterExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Kafka's own command-line tools from {@code org.apache.kafka:kafka-tools:4.4.0} (a test-scope
 * dependency), each run in a child JVM on the test class path, since their {@code main} methods exit
 * the JVM. What {@code kafka-topics.sh}, {@code kafka-console-producer.sh}, {@code
 * kafka-console-consumer.sh} and {@code kafka-configs.sh} run.
 */
@ExtendWith(WeirClusterExtension.class)
class KafkaToolsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String TOPIC_COMMAND = "org.apache.kafka.tools.TopicCommand";
    private static final String CONSOLE_PRODUCER = "org.apache.kafka.tools.ConsoleProducer";
    private static final String CONSOLE_CONSUMER = "org.apache.kafka.tools.consumer.ConsoleConsumer";
    private static final String CONFIG_COMMAND = "org.apache.kafka.tools.ConfigCommand";

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

    private static ExternalProcess.Result configs(WeirCluster weir, String topic, String... args) {
        List<String> all = new ArrayList<>(List.of("--entity-type", "topics", "--entity-name", topic));
        all.addAll(List.of(args));
        return tool(weir, CONFIG_COMMAND, Optional.empty(), all.toArray(String[]::new));
    }

    private static ExternalProcess.Result tool(WeirCluster weir, String mainClass, Optional<String> stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", weir.bootstrapServers()));
        all.addAll(List.of(args));
        ExternalProcess.Result result =
                ExternalProcess.run(ExternalProcess.java(ExternalProcess.testClassPath(), mainClass, all), stdin, TIMEOUT);
        assertThat(result.exitCode()).as("%s %s%n%s", mainClass, all, result).isZero();
        return result;
    }
}

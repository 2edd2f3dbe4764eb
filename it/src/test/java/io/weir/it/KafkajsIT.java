package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.weir.testkit.WeirCluster;
import io.weir.testkit.WeirClusterExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * kafkajs 2.2.4 on Node.js, installed by {@code .ci/run} into {@code it/clients/node_modules} from the
 * committed package-lock.json. {@code it/clients/kafkajs-smoke.js} does the admin and producer work
 * (messages plain, GZIP-compressed, and from an idempotent producer; offsets latest and by time; a
 * topic config; growing the topic) and prints a JSON summary; a kafka-clients consumer reads the
 * messages back and compares. A kafkajs consumer group member is in {@link ConsumerGroupsIT}.
 * Skipped only where node or the module is missing.
 */
@ExtendWith(WeirClusterExtension.class)
class KafkajsIT {
    private static final int PER_BATCH = 60;
    private static final Pattern OFFSETS = Pattern.compile("\\{\"partition\":(\\d+),\"low\":(\\d+),\"high\":(\\d+)}");

    private static final Pattern ERROR_CODES = Pattern.compile("\"errorCode\":(-?\\d+)");

    private static Path clientsDir;

    @BeforeAll
    static void nodeAndKafkajsAreInstalled() {
        assumeThat(ExternalProcess.onPath("node")).as("node on the PATH").isPresent();
        clientsDir = Clients.buildProperty("weir.it.nodeClientsDir").map(Path::of).orElse(Path.of("clients"));
        assumeThat(clientsDir.resolve("node_modules/kafkajs/package.json"))
                .as("kafkajs installed in it/clients (.ci/run runs npm ci there)")
                .exists();
    }

    @Test
    void kafkajsCreatesProducesAndReadsOffsetsThatTheJavaClientAgreesWith(WeirCluster weir) throws Exception {
        String topic = "kafkajs-smoke";
        ExternalProcess.Result result = ExternalProcess.run(
                List.of("node", clientsDir.resolve("kafkajs-smoke.js").toString(), weir.bootstrapServers(), topic,
                        Integer.toString(PER_BATCH)),
                Optional.empty(),
                Duration.ofSeconds(90));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        String summary = lastLine(result);
        assertThat(summary).contains("\"created\":true", "\"listed\":true", "\"grown\":4",
                "\"retentionMs\":\"604800000\"",
                "\"byTime\":[{\"partition\":0,\"offset\":0},{\"partition\":1,\"offset\":0},{\"partition\":2,\"offset\":0}]");
        assertThat(ERROR_CODES.matcher(summary).results().map(match -> match.group(1)).toList())
                .as(summary).hasSizeGreaterThanOrEqualTo(3).containsOnly("0");
        Matcher offsets = OFFSETS.matcher(summary);
        long total = 0;
        int partitions = 0;
        while (offsets.find()) {
            assertThat(offsets.group(2)).as(summary).isEqualTo("0");
            total += Long.parseLong(offsets.group(3));
            partitions++;
        }
        assertThat(partitions).as(summary).isEqualTo(3);
        assertThat(total).as(summary).isEqualTo(3L * PER_BATCH);

        List<ConsumerRecord<String, String>> records = Clients.readAll(weir.bootstrapServers(), topic);
        assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(
                Stream.of("plain", "gzip", "idempotent").flatMap(label -> IntStream.range(0, PER_BATCH).mapToObj(i -> label + "-" + i)).toList());
        assertThat(records).allSatisfy(record -> {
            assertThat(record.key()).isEqualTo("key-" + (Integer.parseInt(record.value().replaceAll("\\D", "")) % 10));
            assertThat(record.partition()).as("kafkajs partitions keys as the Java client does")
                    .isEqualTo(Utils.toPositive(Utils.murmur2(record.key().getBytes(StandardCharsets.UTF_8))) % 3);
            assertThat(record.headers().lastHeader("source").value()).asString(StandardCharsets.UTF_8).isEqualTo("kafkajs");
        });
    }

    private static String lastLine(ExternalProcess.Result result) {
        List<String> lines = result.stdoutLines();
        assertThat(lines).as(result.toString()).isNotEmpty();
        return lines.get(lines.size() - 1);
    }
}

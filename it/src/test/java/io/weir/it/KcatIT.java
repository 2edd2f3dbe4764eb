package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.weir.testkit.WeirCluster;
import io.weir.testkit.WeirClusterExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kcat, the command-line client on librdkafka (Debian's kcat 1.7.1 with librdkafka 2.0.2), run as an
 * external process. Skipped only where kcat is not installed; {@code .ci/run} installs it.
 */
@ExtendWith(WeirClusterExtension.class)
class KcatIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @BeforeAll
    static void kcatIsInstalled() {
        assumeThat(ExternalProcess.onPath("kcat")).as("kcat on the PATH (.ci/run installs it)").isPresent();
    }

    @Test
    void listsTheBrokerAndTopicsInMetadata(WeirCluster weir) throws Exception {
        Clients.createTopic(weir.bootstrapServers(), "kcat-metadata", 3, Map.of());

        ExternalProcess.Result result = kcat(weir, Optional.empty(), "-L", "-t", "kcat-metadata");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).as(result.toString())
                .contains("1 brokers:")
                .contains("broker 1 at " + weir.bootstrapServers())
                .contains("topic \"kcat-metadata\" with 3 partitions:");
        assertThat(result.stdoutLines()).filteredOn(line -> line.contains("partition ") && line.contains("leader 1"))
                .hasSize(3);
    }

    @Test
    void describesMetadataAsJson(WeirCluster weir) throws Exception {
        Clients.createTopic(weir.bootstrapServers(), "kcat-json", 2, Map.of());

        ExternalProcess.Result result = kcat(weir, Optional.empty(), "-L", "-J", "-t", "kcat-json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        String json = result.stdout().replaceAll("\\s", "");
        assertThat(json).as(result.toString())
                .contains("\"brokers\":[{\"id\":1,\"name\":\"" + weir.bootstrapServers() + "\"}]")
                .contains("\"topic\":\"kcat-json\"");
        assertThat(Pattern.compile("\"partition\":\\d+,\"leader\":1,").matcher(json).results().count()).isEqualTo(2);
        assertThat(json).doesNotContain("\"error\":");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void producesKeyedLinesThatKcatAndTheJavaClientReadBack(String codec, WeirCluster weir) throws Exception {
        String topic = "kcat-" + codec;
        Clients.createTopic(weir.bootstrapServers(), topic, 3, Map.of());
        List<String> lines = IntStream.range(0, 500).mapToObj(i -> "key-" + (i % 20) + ":value-" + i).toList();

        ExternalProcess.Result produced = kcat(weir, Optional.of(String.join("\n", lines) + "\n"),
                "-P", "-t", topic, "-K:", "-z", codec, "-X", "message.timeout.ms=30000");
        assertThat(produced.exitCode()).as(produced.toString()).isZero();

        ExternalProcess.Result consumed = kcat(weir, Optional.empty(),
                "-C", "-t", topic, "-o", "beginning", "-e", "-f", "%k:%s:%p:%o\\n");
        assertThat(consumed.exitCode()).as(consumed.toString()).isZero();
        List<String> read = consumed.stdoutLines();
        assertThat(read).as(consumed.toString()).hasSize(lines.size());
        assertThat(read.stream().map(KcatIT::keyAndValue).toList()).containsExactlyInAnyOrderElementsOf(lines);
        assertEachKeyInOnePartitionInSendOrder(read);

        List<ConsumerRecord<String, String>> records = Clients.readAll(weir.bootstrapServers(), topic);
        assertThat(records).extracting(record -> record.key() + ":" + record.value())
                .containsExactlyInAnyOrderElementsOf(lines);
        assertThat(records).extracting(record -> record.key() + ":" + record.value() + ":" + record.partition() + ":" + record.offset())
                .containsExactlyInAnyOrderElementsOf(read);
    }

    @Test
    void anIdempotentProducerWithHeadersAndTheOffsetLookupsOfTheConsumer(WeirCluster weir) throws Exception {
        String topic = "kcat-idempotent";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of());
        long startMs = System.currentTimeMillis();
        String input = IntStream.range(0, 20).mapToObj(i -> "k" + (i % 3) + ":v" + i + "\n").collect(Collectors.joining());

        ExternalProcess.Result produced = kcat(weir, Optional.of(input), "-P", "-t", topic, "-K:", "-H", "h1=x", "-H", "h2=y",
                "-z", "zstd", "-X", "enable.idempotence=true", "-X", "message.timeout.ms=30000");
        assertThat(produced.exitCode()).as(produced.toString()).isZero();

        ExternalProcess.Result all = kcat(weir, Optional.empty(), "-C", "-t", topic, "-o", "beginning", "-e", "-f", "%k=%s@%o %h\n");
        assertThat(all.stdoutLines()).as(all.toString()).hasSize(20)
                .startsWith("k0=v0@0 h1=x,h2=y", "k1=v1@1 h1=x,h2=y")
                .endsWith("k1=v19@19 h1=x,h2=y");

        ExternalProcess.Result lastThree = kcat(weir, Optional.empty(), "-C", "-t", topic, "-p", "0", "-o", "-3", "-e", "-f", "%o\n");
        assertThat(lastThree.stdoutLines()).as(lastThree.toString()).containsExactly("17", "18", "19");

        ExternalProcess.Result byTime = kcat(weir, Optional.empty(), "-C", "-t", topic, "-p", "0", "-o", "s@" + (startMs - 60_000),
                "-c", "1", "-f", "%o\n");
        assertThat(byTime.stdoutLines()).as(byTime.toString()).containsExactly("0");

        ExternalProcess.Result query = kcat(weir, Optional.empty(), "-Q", "-t", topic + ":0:-1");
        assertThat(query.stdout()).as(query.toString()).contains(topic + " [0] offset 20");
    }

    private static String keyAndValue(String line) {
        String[] fields = line.split(":");
        return fields[0] + ":" + fields[1];
    }

    private static void assertEachKeyInOnePartitionInSendOrder(List<String> read) {
        Map<String, Set<String>> partitionsByKey = new HashMap<>();
        Map<String, List<Integer>> valuesByKey = new HashMap<>();
        Pattern line = Pattern.compile("(key-\\d+):value-(\\d+):(\\d+):(\\d+)");
        for (String text : read) {
            Matcher m = line.matcher(text);
            assertThat(m.matches()).as(text).isTrue();
            partitionsByKey.computeIfAbsent(m.group(1), k -> new HashSet<>()).add(m.group(3));
            valuesByKey.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Integer.parseInt(m.group(2)));
        }
        assertThat(partitionsByKey).allSatisfy((key, partitions) -> assertThat(partitions).hasSize(1));
        assertThat(valuesByKey).allSatisfy((key, values) -> assertThat(values).isSorted());
        assertThat(partitionsByKey.values().stream().flatMap(Set::stream).collect(Collectors.toSet())).hasSizeGreaterThan(1);
    }

    private static ExternalProcess.Result kcat(WeirCluster weir, Optional<String> stdin, String... args) {
        List<String> command = new ArrayList<>(List.of("kcat", "-b", weir.bootstrapServers()));
        command.addAll(List.of(args));
        return ExternalProcess.run(command, stdin, TIMEOUT);
    }
}

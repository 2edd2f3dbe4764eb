package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.weir.testkit.WeirCluster;
import io.weir.testkit.WeirClusterExtension;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kafka-clients 3.9.1, an older client many applications still run, in a child JVM (two releases of
 * kafka-clients cannot share a class path). The build copies its jars to {@code target/clients-3.9};
 * {@link LegacyClientMain} does the producing and consuming and prints what it saw.
 */
@ExtendWith(WeirClusterExtension.class)
class KafkaClients39IT {
    private static final int COUNT = 5000;

    @ParameterizedTest
    @ValueSource(strings = {"none", "lz4", "zstd"})
    void producesAndConsumesWithTheOlderClient(String compression, WeirCluster weir) throws Exception {
        String topic = "legacy-" + compression;
        Clients.createTopic(weir.bootstrapServers(), topic, 3, Map.of());

        ExternalProcess.Result result = ExternalProcess.run(
                ExternalProcess.java(classPath(), LegacyClientMain.class.getName(),
                        List.of(weir.bootstrapServers(), topic, Integer.toString(COUNT), compression)),
                Optional.empty(),
                Duration.ofSeconds(120));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> lines = result.stdoutLines();
        assertThat(lines).as(result.toString()).contains(
                "client-version=3.9.1", "produced=" + COUNT, "consumed=" + COUNT, "keys-in-one-partition=true");
        List<String> partitions = lines.stream().filter(line -> line.startsWith("partition=")).toList();
        assertThat(partitions).as(result.toString()).hasSize(3).allMatch(line -> line.endsWith("in-order=true"));

        List<ConsumerRecord<String, String>> records = Clients.readAll(weir.bootstrapServers(), topic);
        assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(
                IntStream.rangeClosed(0, COUNT).mapToObj(Integer::toString).toList());
    }

    /**
     * Transactions at transaction version 1 (the 3.9 producer ignores the finalized
     * transaction.version 2): commit and abort across 3 partitions as read_committed and
     * read_uncommitted consumers see them, fencing by a second producer with the same id, the abort
     * of a transaction open past its timeout, and offsets sent to a transaction.
     */
    @org.junit.jupiter.api.Test
    void transactionsWorkAtTransactionVersion1() throws Exception {
        try (WeirCluster txnWeir = WeirCluster.builder().config("transaction.state.log.num.partitions", "3")
                .config("offsets.topic.num.partitions", "3").config("group.initial.rebalance.delay.ms", "0")
                .config("transaction.abort.timed.out.transaction.cleanup.interval.ms", "200").build()) {
            String topic = "legacy-transactions";
            Clients.createTopic(txnWeir.bootstrapServers(), topic, 3, Map.of());

            ExternalProcess.Result result = ExternalProcess.run(
                    ExternalProcess.java(classPath(), LegacyTransactionsMain.class.getName(), List.of(txnWeir.bootstrapServers(), topic)),
                    Optional.empty(),
                    Duration.ofSeconds(120));

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdoutLines()).as(result.toString()).containsSubsequence(
                    "read_uncommitted=aborted-0,aborted-1,aborted-2,committed-0,committed-1,committed-2",
                    "read_committed=committed-0,committed-1,committed-2",
                    "first-fenced=true",
                    "timed-out-state=CompleteAbort",
                    "commit-after-timeout-refused=true",
                    "read_committed_at_end=committed-0,committed-1,committed-2,from-second",
                    "committed-offset=7");
        }
    }

    /** The 3.9 jars first, then the compiled test classes for {@link LegacyClientMain} alone. */
    private static String classPath() throws Exception {
        Optional<Path> dir = Clients.buildProperty("weir.it.legacyClientsDir").map(Path::of).filter(Files::isDirectory);
        assumeThat(dir).as("the build copies kafka-clients 3.9 to target/clients-3.9 (run through Maven)").isPresent();
        String jars;
        try (Stream<Path> files = Files.list(dir.get())) {
            jars = files.filter(file -> file.toString().endsWith(".jar"))
                    .map(Path::toString)
                    .sorted()
                    .collect(Collectors.joining(File.pathSeparator));
        }
        Path testClasses = Path.of(LegacyClientMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jars + File.pathSeparator + testClasses;
    }
}

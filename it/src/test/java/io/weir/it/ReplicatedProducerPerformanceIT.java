package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka's own {@code ProducerPerformance} (kafka-tools 4.4, in a child JVM) against three Weir nodes in
 * their own JVMs: 200,000 records of 1 KiB, unlimited rate, acks=all, to a topic with replication
 * factor 3, min.insync.replicas=2 and three partitions. Prints the tool's summary line (records/s,
 * MB/s, latencies). A benchmark, not a check: it runs only with {@code -Dweir.bench=true}.
 */
@EnabledIfSystemProperty(named = "weir.bench", matches = "true")
class ReplicatedProducerPerformanceIT {
    private static final String TOPIC = "perf-rf3";
    private static final int RECORDS = 200_000;

    @TempDir
    Path tmp;

    @Test
    void producerPerformanceWithReplicationFactorThree() throws Exception {
        try (ClusterProcesses cluster = ClusterProcesses.start(tmp, 3, "min.insync.replicas=2")) {
            try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
                org.awaitility.Awaitility.await().atMost(Clients.DEADLINE).ignoreExceptions().until(() -> admin
                        .describeCluster().nodes().get(10, TimeUnit.SECONDS).size() == 3);
                admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3)
                                .configs(Map.of("min.insync.replicas", "2"))))
                        .all()
                        .get(60, TimeUnit.SECONDS);
            }
            ExternalProcess.Result result = ExternalProcess.run(ExternalProcess.java(ExternalProcess.testClassPath(),
                    "org.apache.kafka.tools.ProducerPerformance", List.of("--topic", TOPIC,
                            "--num-records", Integer.toString(RECORDS), "--record-size", "1024", "--throughput", "-1",
                            "--producer-props", "bootstrap.servers=" + cluster.bootstrapServers(), "acks=all")),
                    Optional.empty(), Duration.ofMinutes(10));
            assertThat(result.exitCode()).as(result.toString()).isZero();
            String summary = result.stdoutLines().stream()
                    .filter(line -> line.startsWith(RECORDS + " records sent"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no summary line: " + result));
            System.out.println("ProducerPerformance, 3 nodes, RF=3, acks=all, 1 KiB: " + summary);
        }
    }
}

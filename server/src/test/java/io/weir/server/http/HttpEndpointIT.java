package io.weir.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.metadata.config.BrokerConfig;
import io.weir.server.WeirNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node with its HTTP endpoint on a port chosen at run time: health, Prometheus metrics over a
 * compacted topic that the cleaner has cleaned, DescribeLogDirs through the Admin client, and
 * the 404/405 answers.
 */
class HttpEndpointIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String TOPIC = "compacted";

    @TempDir
    Path dir;

    private WeirNode node;
    private HttpClient http;
    private String bootstrap;

    @BeforeEach
    void start() {
        node = new WeirNode(BrokerConfig.load(Optional.empty(), List.of("node.id=1", "log.dirs=" + dir.resolve("data"),
                "listeners=PLAINTEXT://127.0.0.1:0", "weir.http.listener=127.0.0.1:0", "log.cleaner.backoff.ms=20")));
        node.start();
        bootstrap = node.boundListeners().get(0).host() + ":" + node.boundListeners().get(0).port();
        http = HttpClient.newBuilder().connectTimeout(DEADLINE).build();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        int port = node.httpAddress().orElseThrow().getPort();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(DEADLINE)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String metrics() throws Exception {
        HttpResponse<String> response = send("GET", "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The value of a metric of partition compacted-0, or empty if it is not exported. */
    private static Optional<Double> value(String scrape, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "\\{[^}]*topic=\"" + TOPIC + "\"[^}]*} (\\S+)$").matcher(scrape);
        return matcher.find() ? Optional.of(Double.parseDouble(matcher.group(1))) : Optional.empty();
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private void createCompactedTopic(Admin admin) throws Exception {
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1).configs(Map.of(
                "cleanup.policy", "compact", "segment.bytes", "1024", "min.cleanable.dirty.ratio", "0.01"))))
                .all().get();
    }

    private KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(props);
    }

    /** Writes a few keys over and over, one batch per record, so segments of 1 KiB roll and have duplicates. */
    private static void produceDuplicates(KafkaProducer<String, String> producer, int records) throws Exception {
        for (int i = 0; i < records; i++) {
            producer.send(new ProducerRecord<>(TOPIC, "key-" + (i % 3), "value-" + i + "-".repeat(40))).get();
        }
    }

    @Test
    void metricsShowLogSizesAndTheCleanersProgress() throws Exception {
        try (Admin admin = admin(); KafkaProducer<String, String> producer = producer()) {
            createCompactedTopic(admin);
            produceDuplicates(producer, 60);

            String scrape = Awaitility.await("the cleaner's first pass over " + TOPIC + "-0")
                    .atMost(DEADLINE)
                    .pollInterval(Duration.ofMillis(50))
                    .until(this::metrics, text -> value(text, "weir_log_cleaner_last_clean_timestamp_seconds")
                            .filter(seconds -> !seconds.isNaN())
                            .isPresent());

            assertThat(value(scrape, "weir_log_cleaner_last_clean_timestamp_seconds").orElseThrow())
                    .isGreaterThan(1_600_000_000.0);
            assertThat(value(scrape, "weir_log_cleaner_dirty_ratio")).hasValueSatisfying(r -> assertThat(r).isBetween(0.0, 1.0));
            assertThat(value(scrape, "weir_log_size_bytes")).hasValueSatisfying(bytes -> assertThat(bytes).isPositive());
            assertThat(value(scrape, "weir_log_end_offset")).contains(60.0);
            assertThat(value(scrape, "weir_log_high_watermark")).contains(60.0);
            assertThat(value(scrape, "weir_log_start_offset")).contains(0.0);
            assertThat(scrape).contains("weir_partitions{", "weir_network_connections{", "jvm_memory_used_bytes{",
                    "jvm_threads_live_threads{", "process_uptime_seconds{");
            assertThat(scrape).containsPattern("(?m)^weir_requests_total\\{api=\"Produce\",[^}]*} [1-9]");
        }
    }

    @Test
    void describeLogDirsListsThePartitionsWithTheirSizes() throws Exception {
        try (Admin admin = admin(); KafkaProducer<String, String> producer = producer()) {
            createCompactedTopic(admin);
            produceDuplicates(producer, 5);

            Map<String, LogDirDescription> dirs = admin.describeLogDirs(List.of(1)).allDescriptions().get().get(1);

            String dataDir = dir.resolve("data").toAbsolutePath().toString();
            assertThat(dirs).containsOnlyKeys(dataDir);
            LogDirDescription description = dirs.get(dataDir);
            assertThat(description.error()).isNull();
            assertThat(description.totalBytes()).isPresent();
            assertThat(description.usableBytes()).isPresent();
            ReplicaInfo replica = description.replicaInfos().get(new TopicPartition(TOPIC, 0));
            assertThat(replica.size()).isPositive();
            assertThat(replica.offsetLag()).isZero();
            assertThat(replica.isFuture()).isFalse();
        }
    }

    @Test
    void healthAnswersWithTheNodesIdentity() throws Exception {
        HttpResponse<String> response = send("GET", "/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(response.body()).startsWith("{\"status\":\"ok\",\"nodeId\":1,\"clusterId\":\"")
                .contains("\"uptimeMs\":", "\"logDirs\":[\"" + dir.resolve("data").toAbsolutePath() + "\"]");
    }

    @Test
    void unknownPathsAre404AndOtherMethods405() throws Exception {
        assertThat(send("GET", "/nope").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/").statusCode()).isEqualTo(404);
        HttpResponse<String> post = send("POST", "/metrics");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET");
        assertThat(send("DELETE", "/health").statusCode()).isEqualTo(405);
        assertThat(send("GET", "/health").statusCode()).isEqualTo(200);
    }
}

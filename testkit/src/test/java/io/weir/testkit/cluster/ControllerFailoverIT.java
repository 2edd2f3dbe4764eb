package io.weir.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.server.WeirNode;
import io.weir.testkit.WeirCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A partition whose replicas are all on nodes other than the active controller keeps taking
 * acks=all writes while the controller dies and a new one is elected: its leader goes on leading
 * on the lease of its last heartbeats, so the producer sees no error and retries nothing.
 */
class ControllerFailoverIT {
    private WeirCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aPartitionLedElsewhereKeepsTakingWritesWhileTheActiveControllerIsReplaced() throws Exception {
        // Kafka's default session timeout (9 s; the test clusters' 3 s would give 1.5 s) gives a
        // lease of 4.5 s, longer than an election takes even on a loaded machine (up to 2 s seen).
        cluster = WeirCluster.builder().nodes(3).config("broker.session.timeout.ms", "9000").build();
        WeirNode controller = cluster.activeController().orElseThrow();
        int controllerId = controller.config().nodeId();
        List<Integer> others = new ArrayList<>(List.of(1, 2, 3));
        others.remove(Integer.valueOf(controllerId));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("steady", Map.of(0, others)))).all().get();
        }
        WeirCluster.awaitCondition("the topic everywhere", () -> cluster.nodes().stream()
                .allMatch(node -> node.clusterImage().orElseThrow().topics().getTopic("steady").isPresent()));

        ConcurrentLinkedQueue<Long> ackedNs = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Exception> failures = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 20,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000), new StringSerializer(), new StringSerializer())) {
            Thread sender = new Thread(() -> {
                int n = 0;
                while (running.get()) {
                    try {
                        producer.send(new ProducerRecord<>("steady", 0, null, "v-" + n++)).get();
                        ackedNs.add(System.nanoTime());
                    } catch (Exception e) {
                        failures.add(e);
                        return;
                    }
                }
            });
            sender.start();
            WeirCluster.awaitCondition("writes flowing", () -> ackedNs.size() > 200);
            long killedNs = System.nanoTime();
            cluster.kill(controllerId - 1);
            WeirCluster.awaitCondition("a new active controller", () -> cluster.activeController().isPresent());
            long electedNs = System.nanoTime();
            int before = ackedNs.size();
            WeirCluster.awaitCondition("writes after the election", () -> ackedNs.size() > before + 200);
            running.set(false);
            sender.join();
            double retries = producer.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("record-retry-total") && e.getKey().group().equals("producer-metrics"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
            long maxGapNs = 0;
            long previous = 0;
            for (long t : ackedNs) {
                if (previous != 0 && t > killedNs) {
                    maxGapNs = Math.max(maxGapNs, t - previous);
                }
                previous = t;
            }
            System.out.printf("controller failover: election %d ms, longest pause between acks %d ms, %d acks, %.0f retries%n",
                    TimeUnit.NANOSECONDS.toMillis(electedNs - killedNs), TimeUnit.NANOSECONDS.toMillis(maxGapNs),
                    ackedNs.size(), retries);
            assertThat(failures).isEmpty();
            assertThat(retries).as("retried sends").isZero();
        }
    }
}

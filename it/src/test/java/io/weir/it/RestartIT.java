package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.testkit.WeirCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node stopped cleanly and started again on its data keeps topics, configs and records, and goes on appending. */
class RestartIT {
    private static final long TIMEOUT_MS = Clients.DEADLINE.toMillis();

    private WeirCluster weir;

    @BeforeEach
    void start() {
        weir = WeirCluster.builder().build();
    }

    @AfterEach
    void stop() {
        weir.close();
    }

    @Test
    void recordsTopicsAndConfigsSurviveARestartAndOffsetsContinue() throws Exception {
        String topic = "restart";
        Clients.createTopic(weir.bootstrapServers(), topic, 2, Map.of("retention.ms", "86400000"));
        produce(topic, 0, 1000);

        weir.restart(0);

        try (Admin admin = Clients.admin(weir.bootstrapServers())) {
            assertThat(admin.listTopics().names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)).contains(topic);
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .get(topic).partitions()).hasSize(2);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(resource);
            assertThat(config.get("retention.ms").value()).isEqualTo("86400000");
        }
        assertThat(Clients.readAll(weir.bootstrapServers(), topic)).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(values(0, 1000));

        List<RecordMetadata> appended = produce(topic, 1000, 1100);

        assertThat(appended).allSatisfy(metadata -> assertThat(metadata.offset()).isGreaterThanOrEqualTo(500));
        List<ConsumerRecord<String, String>> all = Clients.readAll(weir.bootstrapServers(), topic);
        assertThat(all).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(values(0, 1100));
        assertThat(all).filteredOn(record -> record.partition() == 0).extracting(ConsumerRecord::offset)
                .isEqualTo(IntStream.range(0, 550).mapToObj(Long::valueOf).toList());
        assertThat(all).filteredOn(record -> record.partition() == 1).extracting(ConsumerRecord::offset)
                .isEqualTo(IntStream.range(0, 550).mapToObj(Long::valueOf).toList());
    }

    @Test
    void anIdempotentProducerGoesOnSendingAcrossARestartWithoutGapsOrDuplicates() throws Exception {
        String topic = "restart-producer";
        Clients.createTopic(weir.bootstrapServers(), topic, 1, Map.of());
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers())) {
            List<RecordMetadata> before = sendAll(producer, topic, 0, 300);
            assertThat(before.get(before.size() - 1).offset()).isEqualTo(299);

            weir.restart(0);

            List<RecordMetadata> after = sendAll(producer, topic, 300, 600);
            assertThat(after).extracting(RecordMetadata::offset)
                    .isEqualTo(IntStream.range(300, 600).mapToObj(Long::valueOf).toList());
        }
        assertThat(Clients.readAll(weir.bootstrapServers(), topic)).extracting(ConsumerRecord::value)
                .containsExactlyElementsOf(values(0, 600));
    }

    private static List<RecordMetadata> sendAll(KafkaProducer<String, String> producer, String topic, int from, int to)
            throws Exception {
        var sends = IntStream.range(from, to)
                .mapToObj(i -> producer.send(new ProducerRecord<>(topic, 0, "k", Integer.toString(i))))
                .toList();
        producer.flush();
        List<RecordMetadata> answers = new ArrayList<>();
        for (var send : sends) {
            answers.add(send.get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
        }
        return answers;
    }

    /** Sends values {@code from..to-1}, alternating the two partitions, and waits for every answer. */
    private List<RecordMetadata> produce(String topic, int from, int to) throws Exception {
        try (KafkaProducer<String, String> producer = Clients.producer(weir.bootstrapServers())) {
            var sends = IntStream.range(from, to)
                    .mapToObj(i -> producer.send(new ProducerRecord<>(topic, i % 2, "k" + i, Integer.toString(i))))
                    .toList();
            producer.flush();
            List<RecordMetadata> answers = new ArrayList<>();
            for (var send : sends) {
                answers.add(send.get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
            }
            return answers;
        }
    }

    private static List<String> values(int from, int to) {
        return IntStream.range(from, to).mapToObj(Integer::toString).toList();
    }
}

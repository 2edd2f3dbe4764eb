package io.weir.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed with SIGKILL (no shutdown hook, no flush, no checkpoint) and started again on the
 * same data keeps every acknowledged record, its topics, consumer groups and committed offsets.
 */
class KillNineIT {

    @TempDir
    Path tmp;

    @Test
    void acknowledgedRecordsGroupsAndCommittedOffsetsSurviveAKillNine() throws Exception {
        Path data = tmp.resolve("data");
        String topic = "kill-nine";
        TopicPartition partition = new TopicPartition(topic, 0);
        try (NodeProcess first = NodeProcess.start(data, "group.initial.rebalance.delay.ms=0")) {
            Clients.createTopic(first.bootstrapServers(), topic, 1, Map.of());
            try (KafkaProducer<String, String> producer = Clients.producer(first.bootstrapServers())) {
                for (int i = 0; i < 1_000; i++) {
                    producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)).get();
                }
            }
            try (KafkaConsumer<String, String> member = member(first.bootstrapServers())) {
                member.subscribe(List.of(topic));
                org.awaitility.Awaitility.await().atMost(Clients.DEADLINE)
                        .until(() -> !member.poll(java.time.Duration.ofMillis(100)).isEmpty());
                member.commitSync(Map.of(partition, new OffsetAndMetadata(500, "halfway")));
            }
            first.killNine();
        }

        try (NodeProcess second = NodeProcess.start(data)) {
            List<ConsumerRecord<String, String>> records = Clients.readAll(second.bootstrapServers(), topic);
            assertThat(records).hasSize(1_000);
            assertThat(records.get(999).value()).isEqualTo("value-999");
            try (Admin admin = Clients.admin(second.bootstrapServers())) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets("survivor").partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS).get(partition);
                assertThat(committed.offset()).isEqualTo(500);
                assertThat(committed.metadata()).isEqualTo("halfway");
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(topic);
            }
            try (KafkaConsumer<String, String> member = member(second.bootstrapServers())) {
                member.subscribe(List.of(topic));
                List<ConsumerRecord<String, String>> resumed = new java.util.ArrayList<>();
                org.awaitility.Awaitility.await().atMost(Clients.DEADLINE).until(() -> {
                    member.poll(java.time.Duration.ofMillis(100)).forEach(resumed::add);
                    return !resumed.isEmpty();
                });
                assertThat(resumed.get(0).offset()).isEqualTo(500);
            }
        }
    }

    private static KafkaConsumer<String, String> member(String bootstrapServers) {
        return Clients.consumer(bootstrapServers, Map.of(ConsumerConfig.GROUP_ID_CONFIG, "survivor"));
    }
}

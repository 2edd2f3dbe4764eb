package io.weir.testkit.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.weir.testkit.WeirCluster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose disk refuses writes for a while recovers by itself once the disk takes them again,
 * losing nothing it had acknowledged: a partition whose log could not be created is hosted without
 * a restart, and a full disk refuses appends with KAFKA_STORAGE_ERROR and nothing more. The full
 * disk is a small tmpfs mounted for the test, so that case needs root (CI runs as root).
 */
class StorageFaultsIT {
    private static final int RECORD_BYTES = 1024;
    private WeirCluster weir;

    @AfterEach
    void stop() {
        if (weir != null) {
            weir.close();
        }
    }

    @Test
    void aPartitionWhoseLogCouldNotBeCreatedIsHostedOnceTheDiskAllowsIt() throws Exception {
        weir = WeirCluster.builder().build();
        Path blocker = weir.dataDir(0).resolve("blocked-1");
        Files.writeString(blocker, "in the way");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, weir.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("blocked", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = producer()) {
            assertThat(producer.send(new ProducerRecord<>("blocked", 0, "k", "v0")).get(30, TimeUnit.SECONDS).offset())
                    .as("the other partition is served at once")
                    .isZero();
            var stuck = producer.send(new ProducerRecord<>("blocked", 1, "k", "v1"));

            Files.delete(blocker);
            RecordMetadata written = stuck.get(30, TimeUnit.SECONDS);
            assertThat(written.partition()).isEqualTo(1);
            assertThat(written.offset()).isZero();
        }
    }

    @Test
    void aFullDiskRefusesAppendsWithAStorageErrorAndTakesThemAgainOnceSpaceIsFreed(@TempDir Path tmp) throws Exception {
        Path mount = tmp.resolve("small-disk");
        Files.createDirectories(mount);
        assumeThat(run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString()))
                .as("mounting a small tmpfs needs root (CI runs as root)")
                .isZero();
        try {
            weir = WeirCluster.builder().config("log.dirs", mount.resolve("data").toString())
                    .config("log.segment.bytes", Integer.toString(1 << 20)).build();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, weir.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("full", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            List<String> acknowledged = new ArrayList<>();
            Path filler = mount.resolve("filler");
            try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.RETRIES_CONFIG, 0,
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.LINGER_MS_CONFIG, 0))) {
                for (int i = 0; i < 100; i++) {
                    send(producer, "before-" + i, acknowledged);
                }
                fill(filler);
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("full", 0, "k", value("refused"))).get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(KafkaStorageException.class);

                Files.delete(filler);
                send(producer, "after", acknowledged);
            }
            weir.restart(0);
            assertThat(readAll()).as("every acknowledged record, nothing refused, after a restart too").isEqualTo(acknowledged);
        } finally {
            if (weir != null) {
                weir.close();
                weir = null;
            }
            run("umount", "-l", mount.toString());
        }
    }

    private static void send(KafkaProducer<String, String> producer, String name, List<String> acknowledged) throws Exception {
        RecordMetadata written = producer.send(new ProducerRecord<>("full", 0, "k", value(name))).get(30, TimeUnit.SECONDS);
        assertThat(written.offset()).as("offset of " + name).isEqualTo(acknowledged.size());
        acknowledged.add(value(name));
    }

    private static String value(String name) {
        return name + "-" + "x".repeat(RECORD_BYTES - name.length() - 1);
    }

    /** Writes to {@code filler} until the file system is full. */
    private static void fill(Path filler) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (true) {
                channel.write(chunk.clear());
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
    }

    private List<String> readAll() {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                weir.bootstrapServers(), ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            TopicPartition partition = new TopicPartition("full", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            WeirCluster.awaitCondition("reading the partition to its end " + end, () -> {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> values.add(record.value()));
                return consumer.position(partition) >= end;
            });
        }
        return values;
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    private KafkaProducer<String, String> producer() {
        return producer(Map.of());
    }

    private KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, weir.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofSeconds(60).toMillis()));
        config.putAll(extra);
        return new KafkaProducer<>(config);
    }
}

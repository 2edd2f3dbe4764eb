package io.weir.it;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A Kafka Streams word count with exactly-once processing (v2): lines from an input topic are split
 * on spaces, regrouped by word (through a repartition topic), counted in a persistent store (with a
 * changelog topic) and each new count written to the output topic as word to count (a long).
 *
 * <p>As a program ({@code bootstrap appId input output stateDir}) it runs until killed and prints
 * {@value #RUNNING} once the application is running; KafkaStreamsEosIT starts it in a child JVM.
 *
 * <p>Thread-safety: the returned {@link KafkaStreams} has its own threads; the builders are stateless.
 */
final class WordCountMain {
    static final String RUNNING = "word count running";

    private WordCountMain() {}

    static Topology topology(String input, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, org.apache.kafka.streams.kstream.Consumed.with(Serdes.String(), Serdes.String()))
                .flatMapValues(line -> Arrays.asList(line.toLowerCase(Locale.ROOT).split(" ")))
                .groupBy((key, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
                .count()
                .toStream()
                .to(output, Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }

    static Properties config(String bootstrap, String appId, Path stateDir) {
        Properties config = new Properties();
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        config.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 6_000);
        config.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 1_000);
        config.put(StreamsConfig.consumerPrefix("max.poll.records"), 50);
        config.put(StreamsConfig.producerPrefix("transaction.timeout.ms"), 10_000);
        return config;
    }

    static KafkaStreams start(String bootstrap, String appId, String input, String output, Path stateDir) {
        KafkaStreams streams = new KafkaStreams(topology(input, output), config(bootstrap, appId, stateDir));
        streams.start();
        return streams;
    }

    public static void main(String[] args) throws InterruptedException {
        KafkaStreams streams = new KafkaStreams(topology(args[2], args[3]),
                config(args[0], args[1], Path.of(args[4])));
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        streams.start();
        running.await();
        System.out.println(RUNNING);
        System.out.flush();
        new CountDownLatch(1).await();
    }
}

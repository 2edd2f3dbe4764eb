package io.weir.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer on its own thread that reads one partition from the start and records the high
 * watermark it is told after every poll (its position plus its lag), so that a test can check
 * that consumers never see it go backwards.
 */
final class HighWatermarkWatcher {
    private final KafkaConsumer<String, String> consumer;
    private final TopicPartition partition;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicLong target = new AtomicLong(Long.MAX_VALUE);
    private final List<Long> seen = new ArrayList<>();
    private final CompletableFuture<List<Long>> done = new CompletableFuture<>();

    private HighWatermarkWatcher(KafkaConsumer<String, String> consumer, TopicPartition partition) {
        this.consumer = consumer;
        this.partition = partition;
    }

    static HighWatermarkWatcher start(KafkaConsumer<String, String> consumer, TopicPartition partition) {
        HighWatermarkWatcher watcher = new HighWatermarkWatcher(consumer, partition);
        Thread thread = new Thread(watcher::run, "high-watermark-watcher");
        thread.setDaemon(true);
        thread.start();
        return watcher;
    }

    private void run() {
        try (consumer) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (!(stopping.get() && consumer.position(partition) >= target.get())) {
                consumer.poll(Duration.ofMillis(100));
                OptionalLong lag = consumer.currentLag(partition);
                if (lag.isPresent()) {
                    seen.add(consumer.position(partition) + lag.getAsLong());
                }
            }
            done.complete(List.copyOf(seen));
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    /** Reads on until {@code endOffset}, then stops; returns the high watermarks seen, in order. */
    List<Long> stopAndGet(long endOffset) throws Exception {
        target.set(endOffset);
        stopping.set(true);
        return done.get(30, TimeUnit.SECONDS);
    }
}

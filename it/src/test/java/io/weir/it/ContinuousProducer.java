package io.weir.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A kafka-clients 4.4 producer (acks=all, idempotent, retrying for two minutes) writing to every
 * partition of a topic in turn from a background thread, at a bounded rate and with a bounded number
 * of sends outstanding, and recording every acknowledged write: partition, offset, value and when the
 * acknowledgement arrived. Record {@code n} goes to partition {@code n % partitions} with key {@code
 * k-n} and value {@code v-n}, so values are unique and their number gives the send order.
 *
 * <p>Thread-safety: {@link #acks()} and the counters may be read from any thread while it runs.
 */
final class ContinuousProducer implements AutoCloseable {
    /** One acknowledged write; {@code sequence} is {@code n} of {@code v-n}. */
    record Ack(int partition, long offset, String value, long sequence, long ackedNs) {}

    private static final int MAX_OUTSTANDING = 200;
    private static final long PAUSE_BETWEEN_SENDS_NS = TimeUnit.MICROSECONDS.toNanos(1_500);

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final int partitions;
    private final Semaphore outstanding = new Semaphore(MAX_OUTSTANDING);
    private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong ackCount = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean closed;

    ContinuousProducer(String bootstrapServers, String topic, int partitions) {
        this.producer = Clients.producer(bootstrapServers, Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 50,
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200));
        this.topic = topic;
        this.partitions = partitions;
        this.thread = new Thread(this::run, "continuous-producer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        for (long sequence = 0; running; sequence++) {
            if (!acquire()) {
                return;
            }
            int partition = (int) (sequence % partitions);
            long n = sequence;
            String value = "v-" + n;
            producer.send(new ProducerRecord<>(topic, partition, "k-" + n, value), (metadata, error) -> {
                outstanding.release();
                if (error == null) {
                    acks.add(new Ack(partition, metadata.offset(), value, n, System.nanoTime()));
                    ackCount.incrementAndGet();
                } else {
                    failures.add(error);
                }
            });
            LockSupport.parkNanos(PAUSE_BETWEEN_SENDS_NS);
        }
    }

    private boolean acquire() {
        try {
            while (!outstanding.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (!running) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    long ackCount() {
        return ackCount.get();
    }

    /** Waits (polling, with a deadline) until {@code count} more writes than {@code from} are acknowledged. */
    void awaitAcks(long from, long count, long timeoutMs) {
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (ackCount() < from + count) {
            if (System.nanoTime() > deadlineNs) {
                throw new AssertionError("only " + (ackCount() - from) + " of " + count + " writes acknowledged in "
                        + timeoutMs + " ms; failures: " + failures());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** When the first write to one of {@code partitionIds} was acknowledged after {@code afterNs}. */
    Optional<Long> firstAckNsAfter(long afterNs, Set<Integer> partitionIds) {
        return acks.stream()
                .filter(ack -> ack.ackedNs() > afterNs && partitionIds.contains(ack.partition()))
                .map(Ack::ackedNs)
                .min(Long::compare);
    }

    List<Ack> acks() {
        return new ArrayList<>(acks);
    }

    List<Exception> failures() {
        return new ArrayList<>(failures);
    }

    /** Stops sending, waits for every outstanding send to be answered, and closes the producer. */
    @Override
    public void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        thread.join();
        producer.flush();
        producer.close();
    }
}

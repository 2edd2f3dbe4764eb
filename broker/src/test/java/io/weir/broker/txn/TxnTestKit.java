package io.weir.broker.txn;

import io.weir.broker.group.CoordinatorTimer;
import io.weir.broker.group.RecordBatches;
import io.weir.metadata.ControllerUnavailableException;
import io.weir.storage.TopicPartitionKey;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A transaction coordinator on a direct executor, a manual timer and clock, an in-memory
 * {@code __transaction_state} (each append encoded as a real record batch and decoded on load, so
 * replay covers the byte format) and a marker writer that records what it was asked.
 */
public final class TxnTestKit {
    public static final int PARTITIONS = 3;

    public final ManualTimer timer = new ManualTimer(1_000_000);
    public final MemoryTxnLog log = new MemoryTxnLog();
    public final FakeMarkers markers = new FakeMarkers();
    public final List<String> completions = new ArrayList<>();
    private final AtomicLong nextProducerId = new AtomicLong(1000);
    /** While set, producer ids cannot be reserved (as with no active controller). */
    public final AtomicBoolean producerIdsUnavailable = new AtomicBoolean();
    private final Runnable createTopic;
    public TransactionCoordinator coordinator;

    public TxnTestKit() {
        this(() -> {});
    }

    /** A kit whose coordinator runs {@code createTopic} to create {@code __transaction_state}. */
    public TxnTestKit(Runnable createTopic) {
        this.createTopic = createTopic;
        coordinator = newCoordinator();
    }

    public static TxnConfig config() {
        return new TxnConfig(PARTITIONS, (short) 1, 1 << 20, 900_000, 10_000, 3_600_000, 60_000, 100, true);
    }

    /** A fresh coordinator over the same log, markers and timer (a restart). */
    public TransactionCoordinator newCoordinator() {
        TxnCompletionListener listener = (producerId, commit, partitions) -> {
            completions.add(producerId + (commit ? " commit " : " abort ") + partitions.size());
            return CompletableFuture.completedFuture(null);
        };
        return new TransactionCoordinator(1, config(), new TransactionCoordinator.Services(log, markers, listener,
                () -> producerIdsUnavailable.get()
                        ? CompletableFuture.failedFuture(new ControllerUnavailableException("no active controller"))
                        : CompletableFuture.completedFuture(nextProducerId.getAndIncrement()), timer, timer.clock(), Runnable::run, createTopic));
    }

    /** Leads every partition of {@code __transaction_state} at epoch {@code epoch}. */
    public void leadAll(int epoch) {
        for (int p = 0; p < PARTITIONS; p++) {
            coordinator.onBecomeLeader(p, epoch);
        }
    }

    /** One marker write the coordinator asked for. */
    public record MarkerCall(long producerId, short epoch, int coordinatorEpoch, boolean commit, int transactionVersion,
            List<TopicPartitionKey> partitions) {}

    /** Records marker writes; answers at once with {@link #nextCode}, or never while {@link #hold} is set. */
    public static final class FakeMarkers implements TxnMarkerWriter {
        public final List<MarkerCall> calls = new ArrayList<>();
        public final List<CompletableFuture<Map<TopicPartitionKey, Short>>> held = new ArrayList<>();
        public short nextCode;
        public boolean hold;

        @Override
        public synchronized CompletableFuture<Map<TopicPartitionKey, Short>> write(long producerId, short producerEpoch,
                int coordinatorEpoch, boolean commit, int transactionVersion, Collection<TopicPartitionKey> partitions) {
            List<TopicPartitionKey> sorted = partitions.stream().sorted(Comparator.comparing(TopicPartitionKey::toString)).toList();
            calls.add(new MarkerCall(producerId, producerEpoch, coordinatorEpoch, commit, transactionVersion, sorted));
            if (hold) {
                CompletableFuture<Map<TopicPartitionKey, Short>> future = new CompletableFuture<>();
                held.add(future);
                return future;
            }
            Map<TopicPartitionKey, Short> codes = new LinkedHashMap<>();
            partitions.forEach(p -> codes.put(p, nextCode));
            return CompletableFuture.completedFuture(codes);
        }
    }

    /** An in-memory {@code __transaction_state}. */
    public static final class MemoryTxnLog implements TxnLog {
        private final Map<Integer, List<ByteBuffer>> batches = new HashMap<>();
        public final List<TxnRecord> appended = new ArrayList<>();
        private final List<CompletableFuture<Void>> held = new ArrayList<>();
        public boolean fail;
        /** While set, appends are written but their futures wait for {@link #releaseHeld}. */
        public boolean hold;

        /** Completes the appends held so far. */
        public void releaseHeld() {
            List<CompletableFuture<Void>> release;
            synchronized (this) {
                release = List.copyOf(held);
                held.clear();
            }
            release.forEach(f -> f.complete(null));
        }

        @Override
        public synchronized CompletableFuture<Void> append(int partition, List<TxnRecord> records) {
            if (fail) {
                return CompletableFuture.failedFuture(new TxnException(TxnError.NOT_COORDINATOR, "injected"));
            }
            if (hold) {
                CompletableFuture<Void> later = new CompletableFuture<>();
                held.add(later);
                appendNow(partition, records);
                return later;
            }
            appendNow(partition, records);
            return CompletableFuture.completedFuture(null);
        }

        private void appendNow(int partition, List<TxnRecord> records) {
            List<RecordBatches.Entry> entries = records.stream()
                    .map(r -> new RecordBatches.Entry(TxnRecordCodec.key(r), TxnRecordCodec.value(r))).toList();
            batches.computeIfAbsent(partition, p -> new ArrayList<>()).add(RecordBatches.encodeEntries(entries, 0));
            appended.addAll(records);
        }

        @Override
        public synchronized long load(int partition, Consumer<TxnRecord> sink) {
            long[] count = new long[1];
            for (ByteBuffer batch : batches.getOrDefault(partition, List.of())) {
                RecordBatches.decodeEntries(batch.duplicate(), (k, v) -> {
                    count[0]++;
                    sink.accept(TxnRecordCodec.decode(k, v));
                });
            }
            return count[0];
        }

        /** The states written for {@code transactionalId}, in order. */
        public synchronized List<TxnState> states(String transactionalId) {
            return appended.stream().filter(r -> r.transactionalId().equals(transactionalId))
                    .map(r -> r.value().map(TxnMetadata::state).orElse(TxnState.DEAD)).toList();
        }
    }

    /** A timer and clock moved by hand: {@link #advance} runs due tasks in time order on the caller's thread. */
    public static final class ManualTimer implements CoordinatorTimer {
        private long nowMs;
        private long sequence;
        private final Map<String, Object[]> tasks = new HashMap<>();

        ManualTimer(long startMs) {
            nowMs = startMs;
        }

        @Override
        public synchronized void schedule(String key, long delayMs, Runnable task) {
            tasks.put(key, new Object[] {nowMs + delayMs, sequence++, task});
        }

        @Override
        public synchronized void cancel(String key) {
            tasks.remove(key);
        }

        public long nowMs() {
            return nowMs;
        }

        public void advance(long ms) {
            long target = nowMs + ms;
            while (true) {
                Optional<Map.Entry<String, Object[]>> next;
                synchronized (this) {
                    next = tasks.entrySet().stream().filter(e -> (long) e.getValue()[0] <= target)
                            .min(Comparator.comparingLong((Map.Entry<String, Object[]> e) -> (long) e.getValue()[0])
                                    .thenComparingLong(e -> (long) e.getValue()[1]));
                    next.ifPresent(e -> {
                        tasks.remove(e.getKey());
                        nowMs = Math.max(nowMs, (long) e.getValue()[0]);
                    });
                }
                if (next.isEmpty()) {
                    break;
                }
                ((Runnable) next.get().getValue()[2]).run();
            }
            nowMs = target;
        }

        public Clock clock() {
            return new Clock() {
                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return Instant.ofEpochMilli(nowMs);
                }
            };
        }
    }
}

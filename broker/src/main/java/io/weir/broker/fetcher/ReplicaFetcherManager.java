package io.weir.broker.fetcher;

import io.weir.broker.net.BrokerClient;
import io.weir.broker.replica.Partition;
import io.weir.storage.TopicPartitionKey;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follower partitions of this broker and the fetcher threads that fill them:
 * {@code num.replica.fetchers} threads per leader broker at most, a partition always on the same
 * one of them (by its hash), each thread with its own connection to the leader. A thread ends when
 * its last partition leaves. The leader's address is looked up at every connect, so a leader that
 * restarted on another port is found again.
 *
 * <p>Thread-safety: all methods are synchronized; {@link #addPartition} and
 * {@link #removePartition} are meant for the metadata thread. {@link #removePartition} returns only
 * once no fetcher writes the partition's log any more: call it before the partition changes role.
 */
public final class ReplicaFetcherManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicaFetcherManager.class);

    private final FetcherConfig config;
    private final IntFunction<Optional<InetSocketAddress>> brokerAddress;
    private final Clock clock;
    private final Map<FetcherId, ReplicaFetcherThread> threads = new HashMap<>();
    private final List<Consumer<TopicPartitionKey>> highWatermarkListeners = new CopyOnWriteArrayList<>();
    private final Map<TopicPartitionKey, FetchState> followed = new HashMap<>();
    private boolean closed;

    /** One fetcher thread: the leader it fetches from and its index among that leader's threads. */
    private record FetcherId(int leaderId, int index) {}

    /**
     * @param config the fetchers' settings
     * @param brokerAddress the inter-broker listener address of a broker by node id, if registered
     * @param clock for backoffs
     */
    public ReplicaFetcherManager(FetcherConfig config, IntFunction<Optional<InetSocketAddress>> brokerAddress, Clock clock) {
        this.config = config;
        this.brokerAddress = brokerAddress;
        this.clock = clock;
    }

    /**
     * Calls {@code listener} (on a fetcher thread; it must not block) after the high watermark of a
     * followed partition moved, so that consumers waiting at this follower (KIP-392) are answered.
     */
    public void addHighWatermarkListener(Consumer<TopicPartitionKey> listener) {
        highWatermarkListeners.add(listener);
    }

    /**
     * Follows {@code partition} from {@code leaderId} at {@code leaderEpoch}: truncates by leader
     * epochs first, then fetches. The same leader and epoch again changes nothing.
     */
    public synchronized void addPartition(Partition partition, int leaderId, int leaderEpoch) {
        if (closed) {
            return;
        }
        TopicPartitionKey key = partition.key();
        FetchState current = followed.get(key);
        if (current != null && current.partition == partition && current.leaderId == leaderId && current.leaderEpoch == leaderEpoch) {
            return;
        }
        removePartition(key);
        FetchState state = new FetchState(partition, leaderId, leaderEpoch);
        followed.put(key, state);
        FetcherId id = new FetcherId(leaderId, Math.floorMod(key.hashCode(), config.numFetchers()));
        threads.computeIfAbsent(id, this::startThread).add(state);
        log.debug("[node {} {}] fetching from node {} at leader epoch {}", config.nodeId(), key, leaderId, leaderEpoch);
    }

    /** Stops following {@code key}, if followed; returns once no fetcher writes its log. */
    public synchronized void removePartition(TopicPartitionKey key) {
        FetchState state = followed.remove(key);
        if (state == null) {
            return;
        }
        FetcherId id = new FetcherId(state.leaderId, Math.floorMod(key.hashCode(), config.numFetchers()));
        ReplicaFetcherThread thread = threads.get(id);
        if (thread != null) {
            thread.remove(key);
            if (thread.isEmpty()) {
                threads.remove(id);
                thread.shutdown();
            }
        }
    }

    /** The partitions followed now. */
    public synchronized int followedCount() {
        return followed.size();
    }

    private ReplicaFetcherThread startThread(FetcherId id) {
        String name = "weir-replica-fetcher-" + config.nodeId() + "-from-" + id.leaderId() + "-" + id.index();
        BrokerClient client = new BrokerClient("[node " + config.nodeId() + " " + name + "]", "weir-replica-" + config.nodeId(),
                () -> brokerAddress.apply(id.leaderId()), config.requestTimeoutMs(), config.backoffMs(), clock);
        ReplicaFetcherThread thread = new ReplicaFetcherThread(config, client, clock, name, highWatermarkListeners);
        thread.start();
        return thread;
    }

    /** Stops every fetcher thread. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        threads.values().forEach(ReplicaFetcherThread::shutdown);
        threads.clear();
        followed.clear();
    }
}

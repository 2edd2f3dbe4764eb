package io.weir.broker.txn;

import io.weir.broker.net.BrokerClient;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * One {@link BrokerClient} per remote broker for the coordinators' inter-broker requests
 * (WriteTxnMarkers from the transaction coordinator, AddPartitionsToTxn from partition leaders),
 * created on first use and reused. Each broker's address is looked up in the current metadata at
 * every connect, on the inter-broker listener.
 *
 * <p>Thread-safe: the clients live in a concurrent map; a client sends one request at a time, so
 * callers run sends on their own executor, never on a coordinator lane.
 */
public final class CoordinatorClients implements AutoCloseable {
    private final int nodeId;
    private final IntFunction<Optional<InetSocketAddress>> addresses;
    private final int requestTimeoutMs;
    private final long reconnectBackoffMs;
    private final Clock clock;
    private final ConcurrentHashMap<Integer, BrokerClient> clients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param nodeId this node, for log prefixes and the client id
     * @param addresses where a broker's inter-broker listener is now, empty when unknown
     * @param requestTimeoutMs the longest wait for a connect or a response
     * @param reconnectBackoffMs the least time between a failure and the next connect
     * @param clock for the backoff
     */
    public CoordinatorClients(int nodeId, IntFunction<Optional<InetSocketAddress>> addresses, int requestTimeoutMs,
            long reconnectBackoffMs, Clock clock) {
        this.nodeId = nodeId;
        this.addresses = addresses;
        this.requestTimeoutMs = requestTimeoutMs;
        this.reconnectBackoffMs = reconnectBackoffMs;
        this.clock = clock;
    }

    /** The client of broker {@code remoteNodeId}; fails once this is closed. */
    public BrokerClient client(int remoteNodeId) {
        if (closed) {
            throw new IllegalStateException("[node " + nodeId + "] coordinator clients are closed");
        }
        return clients.computeIfAbsent(remoteNodeId, id -> new BrokerClient("[node " + nodeId + " coordinator to " + id + "]",
                "weir-coordinator-" + nodeId, () -> addresses.apply(id), requestTimeoutMs, reconnectBackoffMs, clock));
    }

    /** Closes every client; blocked sends fail at once. Idempotent. */
    @Override
    public void close() {
        closed = true;
        clients.values().forEach(BrokerClient::close);
        clients.clear();
    }
}

package io.weir.broker.network;

/**
 * Settings of one Kafka listener's transport. Immutable and thread-safe.
 *
 * @param nodeId this broker's node id, for log lines
 * @param listenerName e.g. {@code PLAINTEXT}
 * @param host the address to bind; {@code 0.0.0.0} for all
 * @param port the port to bind; 0 picks a free one (see {@link SocketServer#boundPort()})
 * @param networkThreads worker event loops (Kafka's {@code num.network.threads})
 * @param maxRequestBytes largest accepted request frame ({@code socket.request.max.bytes}); a larger
 *     size field closes the connection. Also the per-connection budget of in-flight request bytes.
 * @param connectionsMaxIdleMs close a connection with no traffic and nothing in flight for this
 *     long ({@code connections.max.idle.ms})
 * @param frameReadTimeoutMs close a connection that started a frame and has not completed it within
 *     this long, counted from the frame's first byte
 * @param maxInFlightRequestsPerConnection stop reading a connection while this many of its requests
 *     await their responses
 * @param socketReceiveBufferBytes SO_RCVBUF, or -1 for the OS default ({@code socket.receive.buffer.bytes})
 * @param socketSendBufferBytes SO_SNDBUF, or -1 for the OS default ({@code socket.send.buffer.bytes})
 */
public record ListenerConfig(
        int nodeId,
        String listenerName,
        String host,
        int port,
        int networkThreads,
        int maxRequestBytes,
        long connectionsMaxIdleMs,
        long frameReadTimeoutMs,
        int maxInFlightRequestsPerConnection,
        int socketReceiveBufferBytes,
        int socketSendBufferBytes) {

    public static final int DEFAULT_MAX_REQUEST_BYTES = 104_857_600;
    public static final long DEFAULT_CONNECTIONS_MAX_IDLE_MS = 600_000L;
    public static final long DEFAULT_FRAME_READ_TIMEOUT_MS = 30_000L;
    public static final int DEFAULT_NETWORK_THREADS = 3;
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 100;
    public static final int DEFAULT_SOCKET_BUFFER_BYTES = 102_400;

    public ListenerConfig {
        requirePositive(networkThreads, "networkThreads");
        requirePositive(maxRequestBytes, "maxRequestBytes");
        requirePositive(connectionsMaxIdleMs, "connectionsMaxIdleMs");
        requirePositive(frameReadTimeoutMs, "frameReadTimeoutMs");
        requirePositive(maxInFlightRequestsPerConnection, "maxInFlightRequestsPerConnection");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " out of range");
        }
    }

    /** A PLAINTEXT listener of node {@code nodeId} on {@code host:port} with Kafka's defaults. */
    public static ListenerConfig defaults(int nodeId, String host, int port) {
        return new ListenerConfig(nodeId, "PLAINTEXT", host, port, DEFAULT_NETWORK_THREADS, DEFAULT_MAX_REQUEST_BYTES,
                DEFAULT_CONNECTIONS_MAX_IDLE_MS, DEFAULT_FRAME_READ_TIMEOUT_MS, DEFAULT_MAX_IN_FLIGHT_REQUESTS,
                DEFAULT_SOCKET_BUFFER_BYTES, DEFAULT_SOCKET_BUFFER_BYTES);
    }

    public ListenerConfig withMaxRequestBytes(int bytes) {
        return new ListenerConfig(nodeId, listenerName, host, port, networkThreads, bytes, connectionsMaxIdleMs,
                frameReadTimeoutMs, maxInFlightRequestsPerConnection, socketReceiveBufferBytes, socketSendBufferBytes);
    }

    public ListenerConfig withConnectionsMaxIdleMs(long idleMs) {
        return new ListenerConfig(nodeId, listenerName, host, port, networkThreads, maxRequestBytes, idleMs,
                frameReadTimeoutMs, maxInFlightRequestsPerConnection, socketReceiveBufferBytes, socketSendBufferBytes);
    }

    public ListenerConfig withFrameReadTimeoutMs(long timeoutMs) {
        return new ListenerConfig(nodeId, listenerName, host, port, networkThreads, maxRequestBytes, connectionsMaxIdleMs,
                timeoutMs, maxInFlightRequestsPerConnection, socketReceiveBufferBytes, socketSendBufferBytes);
    }

    public ListenerConfig withMaxInFlightRequestsPerConnection(int requests) {
        return new ListenerConfig(nodeId, listenerName, host, port, networkThreads, maxRequestBytes, connectionsMaxIdleMs,
                frameReadTimeoutMs, requests, socketReceiveBufferBytes, socketSendBufferBytes);
    }

    private static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}

package io.weir.broker.handler;

import java.net.SocketAddress;

/**
 * The client connection a request arrived on. Immutable and thread-safe.
 *
 * @param nodeId this broker's node id
 * @param listenerName the listener, e.g. {@code PLAINTEXT}
 * @param connectionId unique among this listener's live connections
 * @param clientAddress the client's address
 */
public record ConnectionInfo(int nodeId, String listenerName, String connectionId, SocketAddress clientAddress) {

    /** The context prefix for log lines about this connection, e.g. {@code "[node 1 PLAINTEXT 127.0.0.1:5123] "}. */
    public String logPrefix() {
        return "[node " + nodeId + " " + listenerName + " " + connectionId + "] ";
    }
}

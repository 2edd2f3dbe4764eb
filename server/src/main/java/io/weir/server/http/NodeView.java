package io.weir.server.http;

import io.weir.broker.handler.RequestDispatcher;
import io.weir.storage.LogManager;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * What the HTTP endpoint reports about its node: identity, data directories, the partition logs
 * and the number of open client connections. Suppliers are read at request time.
 *
 * @param nodeId {@code node.id}
 * @param clusterId the cluster id from meta.properties
 * @param logDirs the configured data directories
 * @param logManager the node's partition logs
 * @param connectionCount open Kafka-protocol connections over all listeners
 * @param dispatcher the listeners' request dispatcher, for the requests handled per API
 */
public record NodeView(int nodeId, Supplier<String> clusterId, List<Path> logDirs, LogManager logManager,
        IntSupplier connectionCount, RequestDispatcher dispatcher) {
    public NodeView {
        logDirs = List.copyOf(logDirs);
    }
}

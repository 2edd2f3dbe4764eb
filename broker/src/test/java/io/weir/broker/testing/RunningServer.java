package io.weir.broker.testing;

import io.weir.broker.handler.ApiHandler;
import io.weir.broker.handler.HandlerRegistry;
import io.weir.broker.handler.RequestDispatcher;
import io.weir.broker.network.ListenerConfig;
import io.weir.broker.network.SocketServer;
import io.weir.protocol.ErrorMapper;
import java.util.Map;

/** Starts a {@link SocketServer} on 127.0.0.1, port 0, with the given handlers. */
public final class RunningServer {

    private RunningServer() {}

    public static SocketServer start(ListenerConfig config, ApiHandler<?>... handlers) {
        HandlerRegistry.Builder registry = HandlerRegistry.builder();
        for (ApiHandler<?> handler : handlers) {
            registry.register(handler);
        }
        RequestDispatcher dispatcher = new RequestDispatcher(registry.build(), new ErrorMapper(Map.of()));
        SocketServer server = new SocketServer(config, dispatcher);
        server.start();
        return server;
    }

    public static ListenerConfig localConfig() {
        return ListenerConfig.defaults(1, "127.0.0.1", 0);
    }
}

package io.weir.broker.handler;

import io.weir.protocol.ErrorMapper;
import java.util.Map;

/**
 * The set of API handlers one broker serves, and the dispatcher over them: the one place where a
 * new API is registered.
 */
public final class Handlers {
    private final RequestDispatcher dispatcher;

    private Handlers(HandlerRegistry registry) {
        this.dispatcher = new RequestDispatcher(registry, new ErrorMapper(Map.of()));
    }

    /** The handlers of a broker; ApiVersions is always served. */
    public static Handlers forBroker() {
        return new Handlers(HandlerRegistry.builder().build());
    }

    public RequestDispatcher dispatcher() {
        return dispatcher;
    }
}

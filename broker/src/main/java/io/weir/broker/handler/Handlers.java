package io.weir.broker.handler;

import io.weir.broker.config.ConfigManager;
import io.weir.broker.topic.BrokerIdentity;
import io.weir.broker.topic.TopicManager;
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

    /** The handlers of a broker over its services; ApiVersions is always served. */
    public static Handlers forBroker(TopicManager topics, ConfigManager configs, BrokerIdentity identity) {
        return new Handlers(HandlerRegistry.builder()
                .register(new MetadataHandler(topics, identity))
                .register(new DescribeClusterHandler(topics::image, identity))
                .register(new CreateTopicsHandler(topics))
                .register(new DeleteTopicsHandler(topics))
                .register(new CreatePartitionsHandler(topics))
                .register(new DescribeConfigsHandler(configs))
                .register(new AlterConfigsHandler(configs))
                .register(new IncrementalAlterConfigsHandler(configs))
                .build());
    }

    public RequestDispatcher dispatcher() {
        return dispatcher;
    }
}

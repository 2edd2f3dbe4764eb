package io.weir.broker;

import io.weir.broker.handler.Handlers;
import io.weir.broker.network.ListenerConfig;
import io.weir.broker.network.SocketServer;
import io.weir.metadata.config.BrokerConfig;
import io.weir.metadata.config.Listener;
import io.weir.metadata.store.LocalMetadataStore;
import io.weir.storage.LogConfig;
import io.weir.storage.LogManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker: its partition logs, its metadata, the API handlers and a Kafka listener per
 * configured broker listener, started in dependency order and stopped in reverse.
 *
 * <p>The metadata of a single node lives in {@code <first log dir>/__cluster_metadata-0} (a
 * {@link LocalMetadataStore}); the cluster work replaces it by the controller quorum's log.
 *
 * <p>Thread-safety: {@link #start()} and {@link #close()} are synchronized; the services it starts
 * are thread-safe themselves.
 */
public final class BrokerServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerServer.class);

    private final BrokerConfig config;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final String logPrefix;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final List<SocketServer> socketServers = new ArrayList<>();
    private LogManager logManager;
    private LocalMetadataStore metadataStore;

    public BrokerServer(BrokerConfig config, ScheduledExecutorService scheduler, Clock clock) {
        this.config = config;
        this.scheduler = scheduler;
        this.clock = clock;
        this.logPrefix = "[node " + config.nodeId() + "]";
    }

    /** Opens (and recovers) the logs and the metadata, then binds every broker listener. */
    public synchronized void start() {
        try {
            logManager = new LogManager(config.logDirs(), defaultLogConfig(), clock, scheduler);
            logManager.startup();
            started.push(logManager::shutdown);
            metadataStore = LocalMetadataStore.open(metadataDir());
            started.push(metadataStore);
            Handlers handlers = Handlers.forBroker();
            for (Listener listener : config.brokerListeners()) {
                SocketServer server = new SocketServer(listenerConfig(listener), handlers.dispatcher());
                server.start();
                started.push(server);
                socketServers.add(server);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("could not open the metadata in " + metadataDir(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The listeners as bound: port 0 in the configuration is replaced by the port chosen. */
    public synchronized List<Listener> boundListeners() {
        List<Listener> listeners = config.brokerListeners();
        List<Listener> bound = new ArrayList<>();
        for (int i = 0; i < socketServers.size(); i++) {
            Listener configured = listeners.get(i);
            bound.add(new Listener(configured.name(), configured.host(), socketServers.get(i).boundPort()));
        }
        return bound;
    }

    private Path metadataDir() {
        return config.logDirs().get(0).resolve(LogManager.METADATA_DIR);
    }

    private LogConfig defaultLogConfig() {
        return LogConfig.defaults();
    }

    private ListenerConfig listenerConfig(Listener listener) {
        return new ListenerConfig(config.nodeId(), listener.name(), listener.host(), listener.port(),
                config.numNetworkThreads(), config.socketRequestMaxBytes(), config.connectionsMaxIdleMs(),
                ListenerConfig.DEFAULT_FRAME_READ_TIMEOUT_MS, ListenerConfig.DEFAULT_MAX_IN_FLIGHT_REQUESTS,
                config.socketReceiveBufferBytes(), config.socketSendBufferBytes());
    }

    /** Stops the listeners, then the metadata, then flushes and closes the logs. Idempotent. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            AutoCloseable service = started.pop();
            try {
                service.close();
            } catch (Exception e) {
                log.error("{} failed to stop {} cleanly", logPrefix, service, e);
            }
        }
        socketServers.clear();
    }
}

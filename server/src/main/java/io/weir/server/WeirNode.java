package io.weir.server;

import io.weir.broker.BrokerServer;
import io.weir.broker.topic.BrokerLifecycle;
import io.weir.controller.BrokerOnlyNode;
import io.weir.controller.ControllerNode;
import io.weir.metadata.controller.ClusterLink;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.config.BrokerConfig;
import io.weir.metadata.config.HostPort;
import io.weir.metadata.config.Listener;
import io.weir.server.http.HttpEndpoint;
import io.weir.server.http.NodeView;
import java.net.InetSocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Weir node: its data directories (each locked by a {@code .lock} file, see {@link
 * LogDirLock}), the scheduler it owns and hands to the storage (daemon threads {@code
 * weir-scheduler-N}), and the services wired in {@link #startServices}. {@link #start()} brings it
 * up; {@link #close()} stops the services in reverse order (stop accepting, flush, close files),
 * stops the scheduler and releases the locks.
 *
 * <p>Thread-safety: {@code start} and {@code close} are synchronized, so a shutdown hook may close
 * the node while another thread waits in {@link #awaitClosed()}. {@code close} is idempotent.
 */
public final class WeirNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WeirNode.class);
    /** Threads for background work (flush, retention, cleaning); the storage submits bounded tasks. */
    private static final int SCHEDULER_THREADS = 2;
    private static final long SCHEDULER_STOP_TIMEOUT_MS = 10_000;

    private final BrokerConfig config;
    private final String logPrefix;
    private final List<LogDirLock> locks = new ArrayList<>();
    private final Deque<Service> services = new ArrayDeque<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private ScheduledExecutorService scheduler;
    private List<Listener> boundListeners;
    private Optional<InetSocketAddress> httpAddress = Optional.empty();
    private Optional<ControllerNode> controllerNode = Optional.empty();
    private Optional<BrokerOnlyNode> brokerOnlyNode = Optional.empty();
    private Optional<BrokerLifecycle> lifecycle = Optional.empty();
    private State state = State.NEW;

    private enum State {
        NEW,
        RUNNING,
        CLOSED
    }

    /** A started service and how to stop it. */
    private record Service(String name, AutoCloseable closer) {}

    /** A node for this configuration; nothing happens until {@link #start()}. */
    public WeirNode(BrokerConfig config) {
        this.config = config;
        this.logPrefix = "[node " + config.nodeId() + "]";
        this.boundListeners = config.listeners();
    }

    /**
     * Creates and locks the data directories, starts the scheduler and the services.
     *
     * @throws StartupException if a data directory can not be created or is in use; everything
     *     already acquired is released again
     * @throws IllegalStateException if the node was started or closed before
     */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("node " + config.nodeId() + " was already started");
        }
        long startNs = System.nanoTime();
        log.info("{} starting Weir {} as {}", logPrefix, WeirVersion.get(), roles());
        try {
            for (Path dir : config.logDirs()) {
                locks.add(LogDirLock.acquire(dir));
                log.debug("{} locked data directory {}", logPrefix, dir);
            }
            scheduler = Executors.newScheduledThreadPool(SCHEDULER_THREADS, new NamedThreadFactory("weir-scheduler"));
            startServices();
        } catch (RuntimeException e) {
            releaseEverything();
            state = State.CLOSED;
            closed.countDown();
            throw e;
        }
        state = State.RUNNING;
        log.info("{} started in {} ms", logPrefix, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
    }

    /**
     * Starts the node's services in dependency order, each registered with {@link #register} so
     * that {@link #close()} stops them in reverse: today one {@link BrokerServer} (logs, metadata,
     * handlers, listeners), then the HTTP endpoint over it (health, metrics) when {@code
     * weir.http.listener} is set, so that it stops before the broker. With {@code
     * controller.quorum.voters} set, a {@link ControllerNode} (the quorum voter) starts first and
     * the broker follows its log, and a {@link BrokerLifecycle} (registration, heartbeats,
     * controlled shutdown) runs once the broker listens and stops before it. A broker-only node
     * (outside the voters) starts a {@link BrokerOnlyNode} instead, which fetches the metadata
     * from the active controller.
     */
    private void startServices() {
        Optional<ClusterLink> cluster = Optional.empty();
        if (!config.controllerQuorumVoters().isEmpty() && (config.isController() || ClusterWiring.isVoter(config))) {
            ControllerNode controller = ClusterWiring.startController(config);
            register("controller", controller);
            controllerNode = Optional.of(controller);
            cluster = Optional.of(ClusterWiring.link(config, controller));
        } else if (!config.controllerQuorumVoters().isEmpty()) {
            BrokerOnlyNode follower = ClusterWiring.startBrokerOnly(config);
            register("metadata fetcher", follower);
            brokerOnlyNode = Optional.of(follower);
            cluster = Optional.of(ClusterWiring.link(config, follower));
        }
        if (config.isBroker()) {
            BrokerServer broker = cluster.map(link -> new BrokerServer(config, scheduler, Clock.systemUTC(), link))
                    .orElseGet(() -> new BrokerServer(config, scheduler, Clock.systemUTC()));
            broker.start();
            register("broker", broker);
            boundListeners = broker.boundListeners();
            cluster.ifPresent(link -> {
                BrokerLifecycle lifecycle = ClusterWiring.lifecycle(config, link, broker, scheduler);
                lifecycle.start();
                register("broker lifecycle", lifecycle);
                this.lifecycle = Optional.of(lifecycle);
            });
            config.httpListener().ifPresent(address -> {
                NodeView view = new NodeView(config.nodeId(), broker::clusterId, config.logDirs(), broker.logManager(),
                        broker::connectionCount, broker.dispatcher());
                HttpEndpoint http = startHttp(address, view);
                register("http", http);
                httpAddress = Optional.of(http.boundAddress());
            });
        }
    }

    private static HttpEndpoint startHttp(HostPort address, NodeView view) {
        try {
            return HttpEndpoint.start(address, view, Clock.systemUTC());
        } catch (UncheckedIOException e) {
            throw new StartupException("cannot serve HTTP on weir.http.listener=" + address + ": " + e.getCause().getMessage()
                    + " (set weir.http.listener to another host:port, or to nothing to turn it off)", e);
        }
    }

    /** Registers a started service, to be closed (in reverse registration order) by {@link #close()}. */
    private void register(String name, AutoCloseable service) {
        services.push(new Service(name, service));
        log.debug("{} started {}", logPrefix, name);
    }

    /** The scheduler this node owns, for the storage's background tasks. */
    public synchronized ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            throw new IllegalStateException("node " + config.nodeId() + " is not started");
        }
        return scheduler;
    }

    public BrokerConfig config() {
        return config;
    }

    /**
     * The line printed on stdout once the node is up, for example {@code Weir 0.1.0 node 1 ready:
     * listener PLAINTEXT://127.0.0.1:9092, http http://127.0.0.1:8080, data in /abs/path/data}
     * (the http part only when the HTTP endpoint is on).
     */
    public synchronized String readyLine() {
        String listeners = boundListeners.stream().map(Listener::toString).collect(Collectors.joining(", "));
        String dirs = config.logDirs().stream().map(Path::toString).collect(Collectors.joining(", "));
        String http = httpAddress.map(a -> ", http http://" + a.getHostString() + ":" + a.getPort()).orElse("");
        return "Weir " + WeirVersion.get() + " node " + config.nodeId() + " ready: listener"
                + (boundListeners.size() == 1 ? " " : "s ") + listeners + http + ", data in " + dirs;
    }

    /** The HTTP endpoint's address as bound, empty when {@code weir.http.listener} is empty or the node is not started. */
    public synchronized Optional<InetSocketAddress> httpAddress() {
        return httpAddress;
    }

    /** The listeners as bound: a configured port 0 is the port the operating system chose. */
    public synchronized List<Listener> boundListeners() {
        return List.copyOf(boundListeners);
    }

    /** The active controller's node id as this node knows it; this node when it is a single node. */
    public OptionalInt activeControllerId() {
        if (brokerOnlyNode.isPresent()) {
            return brokerOnlyNode.get().activeControllerId();
        }
        return controllerNode.map(ControllerNode::activeControllerId).orElse(OptionalInt.of(config.nodeId()));
    }

    /** Whether this node runs the active controller: always for a single node. */
    public boolean isActiveController() {
        return controllerNode.map(ControllerNode::isActive).orElse(brokerOnlyNode.isEmpty());
    }

    /**
     * The broker epoch the active controller granted this node's current process, once registered
     * and unfenced; empty for a single node, before that, or when the broker is fenced.
     */
    public OptionalLong unfencedBrokerEpoch() {
        return lifecycle.filter(l -> !l.isFenced()).map(BrokerLifecycle::brokerEpoch).orElse(OptionalLong.empty());
    }

    /** This node's metadata image in a cluster, empty for a single node (its broker owns its store). */
    public Optional<MetadataImage> clusterImage() {
        if (brokerOnlyNode.isPresent()) {
            return Optional.of(brokerOnlyNode.get().metadataStore().image());
        }
        return controllerNode.map(node -> node.quorum().image());
    }

    /**
     * Stops the node as a crash would look to the rest of the cluster: no controlled shutdown, so
     * the controller fences this broker only when its session expires.
     */
    public void closeAbruptly() {
        lifecycle.ifPresent(BrokerLifecycle::abandon);
        close();
    }

    /** Blocks until the node is closed. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Stops the services in reverse order, the scheduler, and releases the directory locks. Idempotent. */
    @Override
    public synchronized void close() {
        if (state != State.RUNNING) {
            state = State.CLOSED;
            return;
        }
        log.info("{} shutting down", logPrefix);
        releaseEverything();
        state = State.CLOSED;
        closed.countDown();
        log.info("{} stopped", logPrefix);
    }

    private void releaseEverything() {
        while (!services.isEmpty()) {
            Service service = services.pop();
            try {
                service.closer().close();
                log.debug("{} stopped {}", logPrefix, service.name());
            } catch (Exception e) {
                log.error("{} failed to stop {} cleanly", logPrefix, service.name(), e);
            }
        }
        stopScheduler();
        for (LogDirLock lock : locks) {
            try {
                lock.close();
            } catch (IOException e) {
                log.warn("{} could not release the lock on {}: {}", logPrefix, lock.dir(), e.toString());
            }
        }
        locks.clear();
    }

    private void stopScheduler() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(SCHEDULER_STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                log.warn("{} background tasks did not finish in {} ms; interrupting them", logPrefix,
                        SCHEDULER_STOP_TIMEOUT_MS);
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private String roles() {
        return config.processRoles().stream()
                .map(role -> role.configName())
                .collect(Collectors.joining(","));
    }
}

package io.weir.broker;

import io.weir.broker.config.ConfigManager;
import io.weir.broker.config.TopicLogConfigs;
import io.weir.broker.fetch.FetchManager;
import io.weir.broker.fetch.FetchSessionCache;
import io.weir.broker.fetch.FetchTimer;
import io.weir.broker.group.ConsumerGroupOverrides;
import io.weir.broker.group.ExpectedBrokers;
import io.weir.broker.group.GroupConfig;
import io.weir.broker.group.GroupCoordinator;
import io.weir.broker.group.InternalTopicCreator;
import io.weir.broker.group.LogCoordinatorLoader;
import io.weir.broker.group.OffsetsTopicCreator;
import io.weir.broker.group.OffsetsTopicPublisher;
import io.weir.broker.group.ReplicaPartitionWriter;
import io.weir.broker.group.SchedulerTimer;
import io.weir.broker.handler.DescribeQuorumHandler;
import io.weir.broker.handler.Handlers;
import io.weir.broker.handler.InterBrokerTxnRequests;
import io.weir.broker.handler.RequestDispatcher;
import io.weir.broker.network.ListenerConfig;
import io.weir.broker.network.SocketServer;
import io.weir.broker.producer.ProducerIdManager;
import io.weir.broker.fetcher.FetcherConfig;
import io.weir.broker.fetcher.ReplicaFetcherManager;
import io.weir.broker.replica.ReplicaManager;
import io.weir.broker.replica.AlterPartitionSender;
import io.weir.broker.replica.StoreAlterPartition;
import io.weir.broker.topic.BrokerIdentity;
import io.weir.broker.topic.PartitionAdmin;
import io.weir.broker.topic.BrokerRegistrar;
import io.weir.broker.topic.TopicDefaults;
import io.weir.broker.topic.NewTopic;
import io.weir.broker.topic.TopicManager;
import io.weir.broker.txn.ClusterTxnMarkerWriter;
import io.weir.broker.txn.ClusterTxnPartitionRegistrar;
import io.weir.broker.txn.CoordinatorClients;
import io.weir.broker.txn.LeaderTxnMarkerWriter;
import io.weir.broker.txn.LocalTxnPartitionRegistrar;
import io.weir.broker.txn.ReplicaTxnLog;
import io.weir.broker.txn.TransactionCoordinator;
import io.weir.broker.txn.TxnCompletionListener;
import io.weir.broker.txn.TxnConfig;
import io.weir.broker.txn.TxnMarkerWriter;
import io.weir.broker.txn.TxnPartitionRegistrar;
import io.weir.metadata.TopicNames;
import io.weir.metadata.record.Endpoint;
import io.weir.metadata.config.BrokerConfig;
import io.weir.metadata.config.Listener;
import io.weir.metadata.controller.ClusterLink;
import io.weir.metadata.store.LocalMetadataStore;
import io.weir.metadata.store.MetadataStore;
import io.weir.metadata.store.MetadataListener;
import io.weir.metadata.image.MetadataImage;
import io.weir.storage.LogConfig;
import io.weir.storage.LogManager;
import io.weir.storage.cleaner.CleanerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
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

    /** Long-polling fetches waiting at once; past it a fetch is answered with what it read. */
    private static final int MAX_WAITING_FETCHES = 10_000;
    /** Threads running the group coordinator's shards (each shard runs on one at a time). */
    private static final int GROUP_THREADS = 2;
    /** Threads running the transaction coordinator's shards. */
    private static final int TXN_THREADS = 2;
    /** Threads sending the coordinators' inter-broker requests (WriteTxnMarkers, AddPartitionsToTxn). */
    private static final int COORDINATOR_NETWORK_THREADS = 4;
    /** The longest wait for a connect or an answer of another broker to a coordinator request. */
    private static final int COORDINATOR_REQUEST_TIMEOUT_MS = 10_000;
    /** How long after its start a node of a cluster waits for the voters to register before creating an internal topic. */
    private static final long INTERNAL_TOPIC_WAIT_MS = 30_000;
    /** The controller listener name DescribeQuorum gives the voters' addresses when none is configured. */
    private static final String DEFAULT_CONTROLLER_LISTENER = "CONTROLLER";

    private final BrokerConfig config;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final ExpectedBrokers expectedBrokers;
    private final String logPrefix;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final List<SocketServer> socketServers = new ArrayList<>();
    private LogManager logManager;
    private final Optional<MetadataStore> providedStore;
    // A broker of a multi-node cluster: registration and heartbeats are BrokerLifecycle's, run by the node.
    private final Optional<ClusterLink> cluster;
    private MetadataStore metadataStore;
    private volatile String clusterId = "";
    private RequestDispatcher dispatcher;
    private ReplicaManager replicas;
    private ReplicaFetcherManager fetchers;

    /** A broker keeping its metadata in its own {@link LocalMetadataStore}, opened by {@link #start()}. */
    public BrokerServer(BrokerConfig config, ScheduledExecutorService scheduler, Clock clock) {
        this(config, scheduler, clock, Optional.empty());
    }

    /**
     * A broker following the metadata of {@code store}, which the caller opened and closes after
     * this broker (for example the controller quorum's, or one store shared by brokers in a test).
     */
    public BrokerServer(BrokerConfig config, ScheduledExecutorService scheduler, Clock clock, MetadataStore store) {
        this(config, scheduler, clock, Optional.of(store));
    }

    /**
     * A broker of a multi-node cluster: it follows {@code cluster}'s store, reports its active
     * controller, and serves {@code cluster}'s id (a log directory of another cluster stops the
     * start). It does not register itself: the caller runs a {@code BrokerLifecycle} once this
     * broker has started.
     */
    public BrokerServer(BrokerConfig config, ScheduledExecutorService scheduler, Clock clock, ClusterLink cluster) {
        this(config, scheduler, clock, Optional.of(cluster.store()), Optional.of(cluster));
    }

    private BrokerServer(BrokerConfig config, ScheduledExecutorService scheduler, Clock clock, Optional<MetadataStore> store) {
        this(config, scheduler, clock, store, Optional.empty());
    }

    private BrokerServer(BrokerConfig config, ScheduledExecutorService scheduler, Clock clock, Optional<MetadataStore> store,
            Optional<ClusterLink> cluster) {
        this.cluster = cluster;
        this.providedStore = store;
        this.config = config;
        this.scheduler = scheduler;
        this.clock = clock;
        this.logPrefix = "[node " + config.nodeId() + "]";
        int voters = config.controllerQuorumVoters().size();
        this.expectedBrokers = voters == 0 ? ExpectedBrokers.NONE
                : new ExpectedBrokers(voters, clock.millis() + INTERNAL_TOPIC_WAIT_MS, clock);
    }

    /** Opens (and recovers) the logs and the metadata, then binds every broker listener. */
    public synchronized void start() {
        try {
            LogManager.Intervals intervals = new LogManager.Intervals(config.logRetentionCheckIntervalMs(),
                    config.logFlushSchedulerIntervalMs(), LogManager.Intervals.defaults().checkpointIntervalMs(),
                    LogManager.Intervals.defaults().producerIdExpirationCheckIntervalMs());
            CleanerConfig cleaner = new CleanerConfig(config.logCleanerEnable(), config.logCleanerThreads(),
                    config.logCleanerDedupeBufferSize(), config.logCleanerIoMaxBytesPerSecond(),
                    config.logCleanerBackoffMs());
            logManager = new LogManager(config.logDirs(), defaultLogConfig(), clock, scheduler, intervals,
                    config.producerIdExpirationMs(), cleaner);
            logManager.startup();
            started.push(logManager::shutdown);
            if (providedStore.isPresent()) {
                metadataStore = providedStore.get();
            } else {
                LocalMetadataStore local = LocalMetadataStore.open(metadataDir());
                started.push(local);
                metadataStore = local;
            }
            String clusterId = MetaProperties.ensure(config.logDirs(), config.nodeId(), cluster.map(ClusterLink::clusterId));
            this.clusterId = clusterId;
            ExecutorService metadataExecutor = Executors.newSingleThreadExecutor(daemon("weir-metadata"));
            started.push(metadataExecutor::shutdown);
            BrokerIdentity identity = identity(clusterId, config.advertisedListeners());
            TopicManager topics = new TopicManager(metadataStore, config.nodeId(), topicDefaults(),
                    TopicConfigs::validate, new TopicConfigs(config), metadataExecutor);
            ConfigManager configs = new ConfigManager(config, metadataStore, metadataExecutor);
            ExecutorService ioExecutor = Executors.newFixedThreadPool(config.numIoThreads(), daemon("weir-io"));
            started.push(ioExecutor::shutdown);
            ReplicaManager replicas = startReplication(ioExecutor);
            ProducerIdManager producerIds = new ProducerIdManager(config.nodeId(), metadataStore, metadataExecutor);
            ScheduledExecutorService fetchTimer = FetchTimer.newScheduler();
            started.push(fetchTimer::shutdownNow);
            FetchManager fetches = new FetchManager(new HostedPartitions(replicas, config.nodeId(),
                            config.rackAwareReplicaSelector(), metadataStore::image),
                    FetchSessionCache.withRandomIds(FetchSessionCache.DEFAULT_MAX_SESSIONS),
                    FetchTimer.onScheduler(fetchTimer), ioExecutor, MAX_WAITING_FETCHES);
            replicas.addAppendListener(fetches::onAppend);
            if (config.rackAwareReplicaSelector()) {
                // Consumers wait at followers too (KIP-392): a follower's high watermark moving wakes them.
                fetchers.addHighWatermarkListener(fetches::onAppend);
            }
            GroupCoordinator groups = startGroupCoordinator(topics, replicas);
            TxnMarkerWriter leaderMarkers = new LeaderTxnMarkerWriter(replicas::writeTxnMarkers, offsetCompletions(groups));
            ExecutorService coordinatorNetwork = Executors.newFixedThreadPool(COORDINATOR_NETWORK_THREADS,
                    daemon("weir-coordinator-net-" + config.nodeId()));
            started.push(coordinatorNetwork::shutdownNow);
            CoordinatorClients coordinatorClients = new CoordinatorClients(config.nodeId(), this::interBrokerAddress,
                    COORDINATOR_REQUEST_TIMEOUT_MS, config.replicaFetchBackoffMs(), clock);
            started.push(coordinatorClients);
            InterBrokerTxnRequests txnRequests = new InterBrokerTxnRequests(coordinatorClients);
            TxnMarkerWriter txnMarkers = new ClusterTxnMarkerWriter(config.nodeId(), leaderMarkers, metadataStore::image,
                    txnRequests, coordinatorNetwork);
            TransactionCoordinator transactions = startTransactionCoordinator(topics, replicas, producerIds, txnMarkers);
            LocalTxnPartitionRegistrar localRegistrar = new LocalTxnPartitionRegistrar(transactions);
            TxnPartitionRegistrar registrar = new ClusterTxnPartitionRegistrar(config.nodeId(), localRegistrar, transactions,
                    metadataStore::image, txnRequests, coordinatorNetwork);
            IntSupplier controllerId = cluster.<IntSupplier>map(c -> () -> c.controller().activeControllerId().orElse(-1))
                    .orElse(config::nodeId);
            Handlers.Services services = new Handlers.Services(identity, topics, configs, replicas, producerIds, fetches, groups,
                    transactions, leaderMarkers, registrar, localRegistrar, clock, partitionAdmin());
            DescribeQuorumHandler describeQuorum = cluster
                    .map(c -> new DescribeQuorumHandler(c.controller()::describeQuorum, voterEndpoints()))
                    .orElseGet(() -> Handlers.singleNodeQuorum(services));
            Handlers handlers = Handlers.forBroker(services, controllerId, metadataStore::mayLead, describeQuorum);
            dispatcher = handlers.dispatcher();
            for (Listener listener : config.brokerListeners()) {
                SocketServer server = new SocketServer(listenerConfig(listener), handlers.dispatcher());
                server.start();
                started.push(server);
                socketServers.add(server);
            }
            if (cluster.isEmpty()) {
                BrokerRegistrar.registerIfNeeded(metadataStore, identity(clusterId, advertisedAsBound()));
            }
            log.info("{} serving cluster {}", logPrefix, clusterId);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("could not open the metadata in " + metadataDir(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The voters' controller listeners as DescribeQuorum lists them: each voter's address from
     * {@code controller.quorum.voters}, named by this node's first controller listener name.
     */
    private List<DescribeQuorumHandler.VoterEndpoint> voterEndpoints() {
        String listenerName = config.controllerListenerNames().stream().findFirst().orElse(DEFAULT_CONTROLLER_LISTENER);
        return config.controllerQuorumVoters().stream()
                .map(voter -> new DescribeQuorumHandler.VoterEndpoint(voter.nodeId(), listenerName, voter.address().host(),
                        voter.address().port()))
                .toList();
    }

    /** Admin partition operations: on the active controller in a cluster, from the image on a single node. */
    private PartitionAdmin partitionAdmin() {
        return new PartitionAdmin(cluster.map(ClusterLink::controller), metadataStore::image);
    }

    /**
     * Starts replication: the replica manager (ISR changes go to the active controller in a
     * cluster, or are committed by a {@link StoreAlterPartition} to a store without a controller), the replica fetchers (which find leaders on
     * their inter-broker listener in the image), the metadata listener that leads and follows
     * partitions, and the one-time removal of stray logs.
     */
    private ReplicaManager startReplication(ExecutorService ioExecutor) {
        AlterPartitionSender alterPartition;
        if (cluster.isPresent()) {
            alterPartition = cluster.get().controller()::alterPartition;
        } else {
            ExecutorService alterExecutor = Executors.newSingleThreadExecutor(daemon("weir-alter-partition-" + config.nodeId()));
            started.push(alterExecutor::shutdown);
            alterPartition = new StoreAlterPartition(metadataStore, alterExecutor);
        }
        ReplicaManager replicas = new ReplicaManager(config.nodeId(), logManager, ioExecutor, clock, scheduler,
                alterPartition, config.replicaLagTimeMaxMs(), metadataStore::mayLead);
        started.push(replicas);
        String listenerName = config.interBrokerListenerName();
        fetchers = new ReplicaFetcherManager(FetcherConfig.from(config), nodeId -> metadataStore.image().cluster()
                .broker(nodeId).flatMap(broker -> broker.listener(listenerName))
                .map(endpoint -> new InetSocketAddress(endpoint.host(), endpoint.port())), clock);
        started.push(fetchers);
        PartitionPublisher publisher = new PartitionPublisher(config, replicas, fetchers);
        publisher.publishAll(listen(publisher));
        ScheduledFuture<?> retries = scheduler.scheduleWithFixedDelay(publisher::retryUnhosted, PartitionPublisher.RETRY_INTERVAL_MS,
                PartitionPublisher.RETRY_INTERVAL_MS, TimeUnit.MILLISECONDS);
        started.push(() -> retries.cancel(false));
        startStrayLogSweep(publisher);
        this.replicas = replicas;
        return replicas;
    }

    /**
     * Removes, once, the logs the metadata no longer gives this node, as soon as its image is known
     * to be whole ({@link StrayLogSweep}); on a thread of its own, since that may wait for the
     * active controller.
     */
    private void startStrayLogSweep(PartitionPublisher publisher) {
        ScheduledExecutorService sweepExecutor = Executors.newSingleThreadScheduledExecutor(
                daemon("weir-stray-logs-" + config.nodeId()));
        started.push(sweepExecutor::shutdownNow);
        new StrayLogSweep(config.nodeId(), metadataStore, publisher::removeStrayLogs, sweepExecutor,
                StrayLogSweep.RETRY_BACKOFF_MS).start().whenComplete((removed, error) -> sweepExecutor.shutdown());
    }

    /**
     * Starts the group coordinator: a few lane threads, its timer thread, and a metadata listener
     * (registered after the partition publisher) that loads the {@code __consumer_offsets}
     * partitions this node leads.
     */
    private GroupCoordinator startGroupCoordinator(TopicManager topics, ReplicaManager replicas) {
        GroupConfig groupConfig = GroupConfig.from(config);
        ExecutorService groupExecutor = Executors.newFixedThreadPool(GROUP_THREADS, daemon("weir-group"));
        started.push(groupExecutor::shutdown);
        ScheduledThreadPoolExecutor groupTimer = new ScheduledThreadPoolExecutor(1, daemon("weir-group-timer"));
        groupTimer.setRemoveOnCancelPolicy(true);
        started.push(groupTimer::shutdownNow);
        GroupCoordinator groups = new GroupCoordinator(config.nodeId(), groupConfig, new ReplicaPartitionWriter(replicas, clock),
                new LogCoordinatorLoader(replicas), new SchedulerTimer(groupTimer), clock, groupExecutor,
                new OffsetsTopicCreator(topics, groupConfig, config.nodeId(), expectedBrokers), () -> topics.image().topics(),
                ConsumerGroupOverrides.Lookup.fromImage(metadataStore::image, config.values()));
        started.push(groups);
        OffsetsTopicPublisher offsetsPublisher = new OffsetsTopicPublisher(config.nodeId(), groups);
        offsetsPublisher.publishAll(listen(offsetsPublisher));
        return groups;
    }

    /**
     * Starts the transaction coordinator: its lane threads and timer thread, and a metadata listener
     * loading the {@code __transaction_state} partitions this node leads. When a transaction's
     * markers are written, the group coordinator completes the offsets the transaction committed.
     */
    private TransactionCoordinator startTransactionCoordinator(TopicManager topics, ReplicaManager replicas,
            ProducerIdManager producerIds, TxnMarkerWriter markers) {
        TxnConfig txnConfig = new TxnConfig(config.transactionStateLogNumPartitions(), config.transactionStateLogReplicationFactor(),
                config.transactionStateLogSegmentBytes(), config.transactionMaxTimeoutMs(),
                config.transactionAbortTimedOutTransactionCleanupIntervalMs(), config.transactionalIdExpirationMs(),
                config.transactionRemoveExpiredTransactionCleanupIntervalMs(), TxnConfig.DEFAULT_MARKER_RETRY_BACKOFF_MS,
                config.transactionPartitionVerificationEnable());
        ExecutorService txnExecutor = Executors.newFixedThreadPool(TXN_THREADS, daemon("weir-txn"));
        started.push(txnExecutor::shutdown);
        ScheduledThreadPoolExecutor txnTimer = new ScheduledThreadPoolExecutor(1, daemon("weir-txn-timer"));
        txnTimer.setRemoveOnCancelPolicy(true);
        started.push(txnTimer::shutdownNow);
        NewTopic stateTopic = new NewTopic(TopicNames.TRANSACTION_STATE, txnConfig.stateLogNumPartitions(),
                txnConfig.stateLogReplicationFactor(), List.of(), List.of(
                        new NewTopic.Config("cleanup.policy", Optional.of("compact")),
                        new NewTopic.Config("segment.bytes", Optional.of(Integer.toString(txnConfig.stateLogSegmentBytes()))),
                        new NewTopic.Config("min.insync.replicas", Optional.of(Integer.toString(config.transactionStateLogMinIsr()))),
                        new NewTopic.Config("compression.type", Optional.of("uncompressed"))));
        // Offsets complete where their marker is written (LeaderTxnMarkerWriter), on the leader of the __consumer_offsets partition.
        TransactionCoordinator transactions = new TransactionCoordinator(config.nodeId(), txnConfig, new TransactionCoordinator.Services(
                new ReplicaTxnLog(replicas, clock), markers, TxnCompletionListener.none(), producerIds::nextProducerId, new SchedulerTimer(txnTimer), clock,
                txnExecutor, new InternalTopicCreator(topics, stateTopic, config.nodeId(), expectedBrokers)));
        started.push(transactions);
        OffsetsTopicPublisher statePublisher = new OffsetsTopicPublisher(config.nodeId(), TopicNames.TRANSACTION_STATE, transactions);
        statePublisher.publishAll(listen(statePublisher));
        return transactions;
    }

    /**
     * When a transaction's marker is written into a {@code __consumer_offsets} partition this node
     * leads, the group coordinator here completes the transaction's pending offsets.
     */
    private static TxnCompletionListener offsetCompletions(GroupCoordinator groups) {
        return (producerId, commit, partitions) -> CompletableFuture.allOf(partitions.stream()
                .filter(p -> p.topic().equals(TopicNames.CONSUMER_OFFSETS))
                .map(p -> groups.completeTransaction(p.partition(), producerId, commit))
                .toArray(CompletableFuture[]::new));
    }

    /** Where broker {@code nodeId}'s inter-broker listener is in the current metadata. */
    private Optional<InetSocketAddress> interBrokerAddress(int nodeId) {
        return metadataStore.image().cluster().broker(nodeId).flatMap(broker -> broker.listener(config.interBrokerListenerName()))
                .map(endpoint -> new InetSocketAddress(endpoint.host(), endpoint.port()));
    }

    /** Registers a metadata listener until this broker closes; returns the image at registration. */
    private MetadataImage listen(MetadataListener listener) {
        MetadataImage image = metadataStore.addListener(listener);
        started.push(() -> metadataStore.removeListener(listener));
        return image;
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

    /** The partition logs, for metrics and health; valid between {@link #start()} and {@link #close()}. */
    public synchronized LogManager logManager() {
        return logManager;
    }

    /** The hosted partitions; valid between {@link #start()} and {@link #close()}. */
    public synchronized ReplicaManager replicaManager() {
        return replicas;
    }

    /** The cluster id from meta.properties; empty before {@link #start()}. */
    public String clusterId() {
        return clusterId;
    }

    /** The request dispatcher of every listener, for request counts; valid after {@link #start()}. */
    public synchronized RequestDispatcher dispatcher() {
        return dispatcher;
    }

    /** Open client connections over all listeners. */
    public synchronized int connectionCount() {
        return socketServers.stream().mapToInt(SocketServer::connectionCount).sum();
    }

    private BrokerIdentity identity(String clusterId, List<Listener> advertised) {
        List<Endpoint> endpoints = advertised.stream()
                .map(l -> new Endpoint(l.name(), l.host(), l.port(),
                        config.securityProtocol(l)))
                .toList();
        return new BrokerIdentity(config.nodeId(), clusterId, endpoints, config.brokerRack());
    }

    /** The advertised endpoints as bound (port 0 replaced by the port chosen), as the broker registers them. */
    public synchronized List<Endpoint> advertisedEndpoints() {
        return identity(clusterId, advertisedAsBound()).advertisedListeners();
    }

    /** The advertised listeners, with a configured port 0 replaced by the port its listener bound. */
    private List<Listener> advertisedAsBound() {
        List<Listener> bound = boundListeners();
        return config.advertisedListeners().stream()
                .map(advertised -> advertised.port() != 0 ? advertised : bound.stream()
                        .filter(b -> b.name().equals(advertised.name()))
                        .findFirst()
                        .map(b -> new Listener(advertised.name(), advertised.host(), b.port()))
                        .orElse(advertised))
                .toList();
    }

    private TopicDefaults topicDefaults() {
        return new TopicDefaults(config.numPartitions(), config.defaultReplicationFactor(),
                config.autoCreateTopicsEnable(), config.deleteTopicEnable());
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private Path metadataDir() {
        return config.logDirs().get(0).resolve(LogManager.METADATA_DIR);
    }

    private LogConfig defaultLogConfig() {
        return TopicLogConfigs.logConfigFor(config, Map.of());
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

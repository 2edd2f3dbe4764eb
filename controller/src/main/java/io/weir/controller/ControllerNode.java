package io.weir.controller;

import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.weir.metadata.ControllerUnavailableException;
import io.weir.metadata.MetadataException;
import io.weir.metadata.controller.BrokerHeartbeatReply;
import io.weir.metadata.controller.ControllerChannel;
import io.weir.metadata.controller.StaleBrokerEpochException;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.store.MetadataStore;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A controller-quorum voter together with what runs around it on a node of a multi-node
 * cluster: the {@link ActiveController} while this voter is the Raft leader, the handler that
 * answers other nodes' requests to the active controller, and the client that sends this node's
 * own requests there. It hands the broker a {@link #metadataStore()} and a {@link #channel()}.
 *
 * <p>Transport: a request for the active controller ({@link ControllerMessages}) travels as a
 * Ratis read-only client message, sent with Ratis' blocking client to the leader this voter knows
 * (a voter learns the leader from the Raft protocol itself, so no probing is needed); on
 * {@code NotLeaderException}, a timeout or no known leader, it is sent again after a short pause
 * until the request timeout. (Ratis' ordered asynchronous client kept resending to a deposed
 * leader after an early failure, and its Netty transport has no unordered mode.) The leader's
 * state machine answers it in
 * {@link MetadataStateMachine#query}: a batch of records goes straight to
 * {@link QuorumController#commit} (validated under its proposal lock), a quorum description is
 * read from the leader's Raft state ({@link QuorumController#describe}), broker and partition
 * requests go to the active controller's thread. Read-only messages are not written to the log, so
 * the request itself costs no Raft round; only the records it produces are replicated. On the
 * leader itself the request is handled in-process, without the client. Before a call returns,
 * this node waits (bounded) until its own image includes the controller's answer, so that a caller
 * sees its own change.
 *
 * <p>Why brokers that are voters follow the log as voters: the image a broker serves is then the
 * committed state machine itself, with no second replication protocol to build and keep
 * consistent.
 *
 * <p>Thread-safety: thread-safe. The active controller runs on one thread,
 * {@code weir-controller-<id>}, which also runs the periodic session check.
 */
public final class ControllerNode implements Closeable, ControllerSender {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerNode.class);
    private static final long RETRY_BACKOFF_MS = 50;
    /** Sessions are checked at a tenth of the session timeout, at least this often. */
    private static final long MAX_SESSION_CHECK_PERIOD_MS = 500;
    /** Threads sending this node's requests to a remote active controller (blocking calls). */
    private static final int CLIENT_THREADS = 4;
    /** The longest a broker-only node's metadata fetch is held while nothing is newer. */
    static final long MAX_FETCH_WAIT_MS = 500;

    /**
     * How the active controller behaves.
     *
     * @param sessionTimeoutMs {@code broker.session.timeout.ms}: a broker is fenced after this long
     *     without a heartbeat
     * @param uncleanLeaderElectionEnable the cluster's {@code unclean.leader.election.enable}
     * @param requestTimeoutMs how long a request may wait for an active controller and for this
     *     node's image to catch up with its answer
     * @param autoLeaderRebalanceEnable {@code auto.leader.rebalance.enable}
     * @param leaderImbalanceCheckIntervalMs {@code leader.imbalance.check.interval.seconds}, in ms
     * @param leaderImbalancePerBrokerPercentage {@code leader.imbalance.per.broker.percentage}
     */
    public record Settings(long sessionTimeoutMs, boolean uncleanLeaderElectionEnable, long requestTimeoutMs,
            boolean autoLeaderRebalanceEnable, long leaderImbalanceCheckIntervalMs,
            int leaderImbalancePerBrokerPercentage) {

        /** Settings with Kafka's rebalancing defaults: on, every 300 s, 10 %. */
        public Settings(long sessionTimeoutMs, boolean uncleanLeaderElectionEnable, long requestTimeoutMs) {
            this(sessionTimeoutMs, uncleanLeaderElectionEnable, requestTimeoutMs, true, 300_000, 10);
        }
    }

    private final ControllerQuorumConfig config;
    private final Settings settings;
    private final String logPrefix;
    private final ScheduledExecutorService executor;
    private final OffsetWaiters waiters;
    private final ExecutorService clientExecutor;
    private QuorumController quorum;
    private RaftClient client;
    private final Set<ClientCall> calls = ConcurrentHashMap.newKeySet();
    // Written on the executor; volatile so request threads see whether this node is active.
    private volatile Optional<ActiveController> active = Optional.empty();
    // When this node last stopped running the active controller (System.nanoTime), empty if never.
    private volatile OptionalLong resignedNs = OptionalLong.empty();
    private final HeartbeatLease lease;
    private ScheduledFuture<?> sessionCheck;
    private Optional<ScheduledFuture<?>> imbalanceCheck = Optional.empty();
    private volatile boolean closed;

    private ControllerNode(ControllerQuorumConfig config, Settings settings) {
        this.config = config;
        this.settings = settings;
        this.logPrefix = "[controller " + config.nodeId() + "]";
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "weir-controller-" + config.nodeId());
            thread.setDaemon(true);
            return thread;
        });
        this.waiters = new OffsetWaiters();
        this.lease = new HeartbeatLease(TimeUnit.MILLISECONDS.toNanos(settings.sessionTimeoutMs()) / 2);
        this.clientExecutor = Executors.newFixedThreadPool(CLIENT_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "weir-controller-client-" + config.nodeId());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts the voter and the client; returns without waiting for an election.
     *
     * @param config the voter's configuration
     * @param settings the active controller's settings
     * @return the running node
     * @throws IOException if the Raft storage cannot be opened or the address cannot be bound
     */
    public static ControllerNode start(ControllerQuorumConfig config, Settings settings) throws IOException {
        ControllerNode node = new ControllerNode(config, settings);
        try {
            node.quorum = QuorumController.start(config, List.of(node::onLeaderChange),
                    Optional.of(node::handleRemote));
            node.waiters.init(node.quorum.addListener(node.waiters));
            node.client = newClient(config, settings);
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    private static RaftClient newClient(ControllerQuorumConfig config, Settings settings) {
        RaftProperties properties = new RaftProperties();
        RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.NETTY);
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties,
                TimeDuration.valueOf(Math.max(1000, settings.requestTimeoutMs() / 3), TimeUnit.MILLISECONDS));
        return RaftClient.newBuilder()
                .setClientId(ClientId.randomId())
                .setRaftGroup(RaftSettings.group(config.voters()))
                .setProperties(properties)
                .setRetryPolicy(RetryPolicies.noRetry())
                .build();
    }

    /** The voter. */
    public QuorumController quorum() {
        return quorum;
    }

    /** This node's metadata as a broker sees it; commits go to the active controller. Not to be closed. */
    public MetadataStore metadataStore() {
        return new QuorumMetadataStore(this);
    }

    /** This node's channel to the active controller. */
    public ControllerChannel channel() {
        return new RaftControllerChannel(this);
    }

    /**
     * Whether this node's broker may go on leading during an election, on the {@link HeartbeatLease}
     * of its last acknowledged heartbeats: only if this node has not run the active controller
     * within the session timeout. A controller that was paused and resumed answers its own
     * broker's heartbeats from its stale state until it learns of the newer term; its lease proves
     * nothing, so its broker leads again only once it follows the new controller.
     */
    boolean leadsOnLease() {
        long nowNs = System.nanoTime();
        if (active.isPresent() || !lease.validAt(nowNs)) {
            return false;
        }
        OptionalLong resigned = resignedNs;
        return resigned.isEmpty()
                || nowNs - resigned.getAsLong() > TimeUnit.MILLISECONDS.toNanos(settings.sessionTimeoutMs());
    }

    @Override
    public void onHeartbeatAnswer(long sentNs, BrokerHeartbeatReply reply, Throwable failure) {
        if (failure == null) {
            lease.onAnswer(sentNs, reply.fenced());
        } else if (unwrap(failure) instanceof StaleBrokerEpochException) {
            lease.revoke();
        }
    }

    /** Whether this node runs the active controller now. */
    public boolean isActive() {
        return active.isPresent() && quorum.isLeader();
    }

    /** The active controller's node id as this voter knows it. */
    @Override
    public OptionalInt activeControllerId() {
        return quorum.leaderId();
    }

    // ---- leadership

    private void onLeaderChange(OptionalInt leaderId, boolean isLocal) {
        if (closed) {
            return;
        }
        leaderId.ifPresent(this::abandonCallsToOtherLeaders);
        executor.execute(isLocal ? this::becomeActive : this::resign);
    }

    private void becomeActive() {
        if (active.isPresent() || closed) {
            return;
        }
        if (!quorum.isLeader()) {
            if (quorum.leaderId().equals(OptionalInt.of(config.nodeId()))) {
                // Told before Ratis reports the leader ready: look again shortly rather than miss the term.
                executor.schedule(this::becomeActive, RETRY_BACKOFF_MS, TimeUnit.MILLISECONDS);
            }
            return;
        }
        active = Optional.of(new ActiveController(config.nodeId(), quorum::image, this::commitOnLeader,
                settings.sessionTimeoutMs(), settings.uncleanLeaderElectionEnable(), System::currentTimeMillis));
        long periodMs = Math.max(20, Math.min(settings.sessionTimeoutMs() / 10, MAX_SESSION_CHECK_PERIOD_MS));
        sessionCheck = executor.scheduleWithFixedDelay(this::checkSessions, periodMs, periodMs, TimeUnit.MILLISECONDS);
        if (settings.autoLeaderRebalanceEnable()) {
            long intervalMs = settings.leaderImbalanceCheckIntervalMs();
            imbalanceCheck = Optional.of(executor.scheduleWithFixedDelay(this::checkLeaderImbalance, intervalMs,
                    intervalMs, TimeUnit.MILLISECONDS));
        }
        LOG.info("{} runs the active controller", logPrefix);
    }

    private void resign() {
        if (active.isEmpty()) {
            return;
        }
        resignedNs = OptionalLong.of(System.nanoTime());
        active = Optional.empty();
        sessionCheck.cancel(false);
        imbalanceCheck.ifPresent(check -> check.cancel(false));
        imbalanceCheck = Optional.empty();
        LOG.info("{} no longer runs the active controller", logPrefix);
    }

    private void checkSessions() {
        try {
            active.ifPresent(ActiveController::onSessionCheck);
        } catch (RuntimeException e) {
            LOG.warn("{} session check failed: {}", logPrefix, e.toString());
        }
    }

    private void checkLeaderImbalance() {
        try {
            active.ifPresent(c -> c.onLeaderImbalanceCheck(settings.leaderImbalancePerBrokerPercentage()));
        } catch (RuntimeException e) {
            LOG.warn("{} leader imbalance check failed: {}", logPrefix, e.toString());
        }
    }

    /** The active controller's committer: the local voter's commit, awaited on the controller thread. */
    private MetadataImage commitOnLeader(List<? extends MetadataRecord> records) {
        try {
            return quorum.commit(records).get(settings.requestTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw asMetadataException(e.getCause());
        } catch (TimeoutException e) {
            throw new ControllerUnavailableException("The commit did not complete in " + settings.requestTimeoutMs()
                    + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControllerUnavailableException("Interrupted while committing");
        }
    }

    // ---- requests

    /** Answers a request sent by any node (this one included) to the active controller. */
    private CompletableFuture<byte[]> handleRemote(ByteBuffer request) {
        ControllerMessages.Request decoded;
        try {
            decoded = ControllerMessages.decodeRequest(request);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(ControllerMessages.error(new IllegalArgumentException(
                    "Malformed controller request: " + e.getMessage())));
        }
        if (decoded instanceof ControllerMessages.FetchMetadata fetch) {
            return fetchMetadata(fetch);
        }
        if (decoded instanceof ControllerMessages.DescribeQuorum) {
            // Answered by the ready leader only, which alone knows its followers' progress.
            return CompletableFuture.completedFuture(quorum.describe(System.currentTimeMillis())
                    .map(description -> ControllerMessages.ok(quorum.image().offset(),
                            ControllerMessages.quorumBody(description)))
                    .orElseGet(() -> ControllerMessages.notSent("Node " + config.nodeId()
                            + " does not lead the metadata quorum")));
        }
        if (decoded instanceof ControllerMessages.Commit commit) {
            CompletableFuture<MetadataImage> committed = quorum.commit(commit.records());
            // Refused at once (not the ready leader): nothing was proposed, so the sender may resend.
            boolean refusedAtOnce = committed.isCompletedExceptionally();
            return committed.handle((image, error) -> error == null
                    ? ControllerMessages.ok(image.offset(), new byte[0])
                    : refusedAtOnce && unwrap(error) instanceof NotControllerException
                            ? ControllerMessages.notSent(unwrap(error).getMessage())
                            : ControllerMessages.error(unwrap(error)));
        }
        try {
            return CompletableFuture.supplyAsync(() -> onControllerThread(decoded), executor);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.completedFuture(ControllerMessages.error(
                    new ControllerUnavailableException("Controller " + config.nodeId() + " is closing")));
        }
    }

    /**
     * Answers a broker-only node's fetch from the leader's window: at once when something is newer
     * than its offset, else once the image moves past it or the wait (at most
     * {@link #MAX_FETCH_WAIT_MS}) ends, with nothing. Served only by the ready leader, as every
     * request, so that a follower is never answered from a voter that lags the committed log.
     */
    private CompletableFuture<byte[]> fetchMetadata(ControllerMessages.FetchMetadata fetch) {
        if (!quorum.isLeader()) {
            return CompletableFuture.completedFuture(ControllerMessages.notSent(
                    "Node " + config.nodeId() + " does not run the active controller"));
        }
        if (quorum.window().endOffset() > fetch.afterOffset() || fetch.maxWaitMs() <= 0) {
            return CompletableFuture.completedFuture(answerFetch(fetch));
        }
        long waitMs = Math.min(fetch.maxWaitMs(), MAX_FETCH_WAIT_MS);
        return waiters.await(fetch.afterOffset() + 1, waitMs).handle((image, error) -> answerFetch(fetch));
    }

    private byte[] answerFetch(ControllerMessages.FetchMetadata fetch) {
        MetadataImage image = quorum.image();
        MetadataWindow.Fetched fetched = quorum.window().after(fetch.afterOffset(), image);
        if (fetched instanceof MetadataWindow.Snapshot) {
            LOG.info("{} sends a snapshot at offset {} to a broker at offset {} (window starts at {})", logPrefix,
                    image.offset(), fetch.afterOffset(), quorum.window().startOffset());
        }
        return ControllerMessages.ok(image.offset(), ControllerMessages.fetchedBody(fetched));
    }

    private byte[] onControllerThread(ControllerMessages.Request request) {
        Optional<ActiveController> controller = active;
        if (controller.isEmpty()) {
            return ControllerMessages.notSent("Node " + config.nodeId() + " does not run the active controller");
        }
        try {
            byte[] body;
            if (request instanceof ControllerMessages.Register register) {
                body = ControllerMessages.longBody(controller.get().onRegisterBroker(register.request()));
            } else if (request instanceof ControllerMessages.Heartbeat heartbeat) {
                body = ControllerMessages.heartbeatBody(controller.get().onHeartbeat(heartbeat.request()));
            } else if (request instanceof ControllerMessages.ElectLeaders elect) {
                body = ControllerMessages.resultsBody(controller.get().onElectLeaders(elect.request()));
            } else if (request instanceof ControllerMessages.AlterReassignments alter) {
                body = ControllerMessages.resultsBody(controller.get().onAlterReassignments(alter.requests()));
            } else {
                ControllerMessages.AlterPartition alter = (ControllerMessages.AlterPartition) request;
                body = ControllerMessages.partitionBody(controller.get().onAlterPartition(alter.request()));
            }
            return ControllerMessages.ok(quorum.image().offset(), body);
        } catch (RuntimeException e) {
            return ControllerMessages.error(e);
        }
    }

    /**
     * Sends a request to the active controller, retrying while there is none until the request
     * timeout, then waits until this node's image reaches the controller's answer.
     *
     * @return completes with the reply, or fails with the {@link MetadataException} it carries
     */
    @Override
    public CompletableFuture<ControllerMessages.Reply> send(byte[] request) {
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.requestTimeoutMs());
        return attempt(request, deadlineNs)
                .thenCompose(reply -> waiters.await(reply.imageOffset(), settings.requestTimeoutMs())
                        .thenApply(image -> reply));
    }

    private CompletableFuture<ControllerMessages.Reply> attempt(byte[] request, long deadlineNs) {
        if (closed) {
            return CompletableFuture.failedFuture(new ControllerUnavailableException(logPrefix + " is closed"));
        }
        CompletableFuture<byte[]> raw;
        if (quorum.isLeader()) {
            raw = handleRemote(ByteBuffer.wrap(request));
        } else if (quorum.leaderId().isEmpty()) {
            // No leader known here yet (an election): wait instead of letting the client probe every voter.
            raw = CompletableFuture.completedFuture(ControllerMessages.notSent("No active controller is known yet"));
        } else {
            raw = viaClient(request);
        }
        long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime()));
        return raw.orTimeout(remainingMs, TimeUnit.MILLISECONDS)
                .handle((bytes, error) -> error != null
                        ? ControllerMessages.error(new ControllerUnavailableException(String.valueOf(unwrap(error))))
                        : bytes)
                .thenCompose(bytes -> ControllerMessages.resendOrDecode(request, bytes, deadlineNs, RETRY_BACKOFF_MS,
                        () -> attempt(request, deadlineNs)));
    }

    /**
     * Sends a request to the leader this voter knows, with Ratis' blocking client on a client
     * thread. The client does not retry: a request refused by a deposed leader fails fast, and
     * {@link #attempt} sends it again to whichever leader this voter knows by then.
     */
    private CompletableFuture<byte[]> viaClient(byte[] request) {
        int leader = quorum.leaderId().orElseThrow();
        try {
            return CompletableFuture.supplyAsync(() -> {
                ClientCall call = new ClientCall(Thread.currentThread(), leader);
                calls.add(call);
                try {
                    return replyBytes(client.io().sendReadOnly(Message.valueOf(ByteString.copyFrom(request)),
                            RaftSettings.peerId(leader)));
                } catch (IOException e) {
                    String message = "Controller " + leader + " did not answer: " + e;
                    return refusedUnseen(e) ? ControllerMessages.notSent(message)
                            : ControllerMessages.error(new ControllerUnavailableException(message));
                } finally {
                    calls.remove(call);
                    call.finish();
                }
            }, clientExecutor);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new ControllerUnavailableException(logPrefix + " is closed"));
        }
    }

    /**
     * A new leader is known: calls still waiting for another one stop waiting (a paused or cut-off
     * leader would hold them, and the broker heartbeats among them, for the whole client timeout,
     * long enough for the new controller to fence this broker). They end as unavailable, which
     * {@link #attempt} sends again to the new leader unless the request was a batch of records.
     */
    private void abandonCallsToOtherLeaders(int leaderId) {
        for (ClientCall call : calls) {
            if (call.leader != leaderId) {
                call.abandon();
            }
        }
    }

    /** A blocking client call in progress on {@code thread}, sent to {@code leader}. */
    private static final class ClientCall {
        private final Thread thread;
        private final int leader;
        private boolean finished;

        ClientCall(Thread thread, int leader) {
            this.thread = thread;
            this.leader = leader;
        }

        synchronized void abandon() {
            if (!finished) {
                thread.interrupt();
            }
        }

        /** After this no interrupt comes; clears one that came, so the pool thread runs on clean. */
        void finish() {
            synchronized (this) {
                finished = true;
            }
            Thread.interrupted();
        }
    }

    /**
     * Whether a failed send certainly did not run on the leader: refused by a voter that is not
     * the ready leader (a read-only message runs only on the ready leader), or no connection.
     */
    static boolean refusedUnseen(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NotLeaderException || t instanceof LeaderNotReadyException || t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    static byte[] replyBytes(RaftClientReply reply) {
        if (!reply.isSuccess()) {
            String message = "The quorum refused the request: " + reply.getException();
            return refusedUnseen(reply.getException()) ? ControllerMessages.notSent(message)
                    : ControllerMessages.error(new ControllerUnavailableException(message));
        }
        return reply.getMessage().getContent().toByteArray();
    }

    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** {@code failure} as the metadata exception a caller should see. */
    static RuntimeException asMetadataException(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof NotControllerException) {
            return new ControllerUnavailableException(cause.getMessage(), cause);
        }
        if (cause instanceof MetadataException || cause instanceof IllegalArgumentException) {
            return (RuntimeException) cause;
        }
        if (cause instanceof TimeoutException) {
            return new ControllerUnavailableException("No answer from the active controller in time", cause);
        }
        return new ControllerUnavailableException("The active controller could not be reached: " + cause, cause);
    }

    /** Stops the active controller, the client and the voter. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        executor.shutdownNow();
        clientExecutor.shutdownNow();
        waiters.failAll(new ControllerUnavailableException(logPrefix + " is closed"));
        try {
            if (client != null) {
                client.close();
            }
        } catch (IOException e) {
            LOG.warn("{} could not close the Raft client: {}", logPrefix, e.toString());
        }
        if (quorum != null) {
            quorum.close();
        }
    }

    @Override
    public String toString() {
        return logPrefix;
    }
}

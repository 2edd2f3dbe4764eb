package io.weir.controller;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import io.weir.metadata.ControllerUnavailableException;
import io.weir.metadata.config.QuorumVoter;
import io.weir.metadata.controller.ControllerChannel;
import io.weir.metadata.store.MetadataStore;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node with {@code process.roles=broker} outside the controller quorum: it follows the metadata
 * by fetching it from the active controller, and sends its requests (registration, heartbeats,
 * ISR changes, commits) there, both as {@link ControllerMessages} over a Ratis client of the
 * voters' group.
 *
 * <p>Why fetch rather than join the Raft group as a Ratis listener: a listener is a member of the
 * group, so adding or removing a broker would change the group's configuration, which the static
 * {@code controller.quorum.voters} list (and the cluster id derived from it) does not allow; the
 * fetch needs no membership at all, and it travels on the same channel as heartbeats, so one
 * transport and one leader-following logic serve both. The active controller keeps the last
 * committed batches in memory ({@link MetadataWindow}); a fetch names this node's image offset and
 * gets the batches after it, or the whole image when the offset fell out of the window. The
 * leader holds a fetch up to {@link ControllerNode#MAX_FETCH_WAIT_MS} while nothing is newer (a
 * long poll), so new metadata arrives at once without polling traffic.
 *
 * <p>Finding the leader: requests go to the voter believed to lead; a {@code NotLeaderException}
 * names the new leader, a failed connection moves on to the next voter.
 *
 * <p>Thread-safety: thread-safe. The fetch loop runs on {@code weir-metadata-fetch-<id>} (which
 * also runs the store's listeners); blocking sends run on a small client pool.
 */
public final class BrokerOnlyNode implements Closeable, ControllerSender {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerOnlyNode.class);
    private static final long RETRY_BACKOFF_MS = 50;
    private static final long FETCH_BACKOFF_MS = 100;
    private static final int CLIENT_THREADS = 4;

    private final int nodeId;
    private final List<QuorumVoter> voters;
    private final long requestTimeoutMs;
    private final String logPrefix;
    private final OffsetWaiters waiters = new OffsetWaiters();
    private final FetchedMetadataStore store;
    private final ScheduledExecutorService fetcher;
    private final ExecutorService clientExecutor;
    private final RaftClient client;
    // Index into voters of the voter believed to lead; moved by leader hints and failures.
    private volatile int target;
    private volatile OptionalInt knownLeader = OptionalInt.empty();
    private volatile boolean closed;

    private BrokerOnlyNode(int nodeId, List<QuorumVoter> voters, long requestTimeoutMs) {
        this.nodeId = nodeId;
        this.voters = List.copyOf(voters);
        this.requestTimeoutMs = requestTimeoutMs;
        this.logPrefix = "[node " + nodeId + " metadata]";
        this.store = new FetchedMetadataStore(logPrefix, this);
        this.waiters.init(store.addListener(waiters));
        this.fetcher = Executors.newSingleThreadScheduledExecutor(daemon("weir-metadata-fetch-" + nodeId));
        this.clientExecutor = Executors.newFixedThreadPool(CLIENT_THREADS, daemon("weir-controller-client-" + nodeId));
        RaftProperties properties = new RaftProperties();
        RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.NETTY);
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties, TimeDuration.valueOf(
                Math.max(1000 + ControllerNode.MAX_FETCH_WAIT_MS, requestTimeoutMs / 3), TimeUnit.MILLISECONDS));
        this.client = RaftClient.newBuilder()
                .setClientId(ClientId.randomId())
                .setRaftGroup(RaftSettings.group(this.voters))
                .setProperties(properties)
                .setRetryPolicy(RetryPolicies.noRetry())
                .build();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Starts following the metadata; returns at once (the image fills in the background).
     *
     * @param nodeId this node's id, not one of the voters
     * @param voters the controller quorum
     * @param requestTimeoutMs how long a request may wait for an active controller and for this
     *     node's image to catch up with its answer
     */
    public static BrokerOnlyNode start(int nodeId, List<QuorumVoter> voters, long requestTimeoutMs) {
        if (voters.stream().anyMatch(v -> v.nodeId() == nodeId)) {
            throw new IllegalArgumentException("Node " + nodeId + " is a voter: it follows the log as one");
        }
        BrokerOnlyNode node = new BrokerOnlyNode(nodeId, voters, requestTimeoutMs);
        node.fetcher.execute(node::fetchOnce);
        LOG.info("{} follows the metadata of voters {} by fetching it from the active controller", node.logPrefix,
                voters);
        return node;
    }

    /** This node's metadata; commits go to the active controller. Not to be closed. */
    public MetadataStore metadataStore() {
        return store;
    }

    /** This node's channel to the active controller. */
    public ControllerChannel channel() {
        return new RaftControllerChannel(this);
    }

    /** Snapshots this node applied since start (it had fallen behind the controller's window). */
    public long snapshotsApplied() {
        return store.snapshotsApplied();
    }

    @Override
    public OptionalInt activeControllerId() {
        return knownLeader;
    }

    private void fetchOnce() {
        if (closed) {
            return;
        }
        long delayMs = 0;
        try {
            byte[] reply = sendOnce(ControllerMessages.fetchMetadata(store.image().offset(),
                    (int) ControllerNode.MAX_FETCH_WAIT_MS));
            if (ControllerMessages.mayResend(reply, false)) {
                delayMs = FETCH_BACKOFF_MS;
            } else {
                ControllerMessages.Reply decoded = ControllerMessages.decodeReply(ByteBuffer.wrap(reply));
                store.apply(ControllerMessages.fetchedReply(decoded.body()));
            }
        } catch (RuntimeException e) {
            LOG.debug("{} metadata fetch failed: {}", logPrefix, e.toString());
            delayMs = FETCH_BACKOFF_MS;
        }
        try {
            fetcher.schedule(this::fetchOnce, delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    /** One blocking send to the voter believed to lead; the reply bytes, or an error reply. */
    private byte[] sendOnce(byte[] request) {
        int index = target;
        QuorumVoter voter = voters.get(Math.floorMod(index, voters.size()));
        try {
            var reply = client.io().sendReadOnly(Message.valueOf(ByteString.copyFrom(request)),
                    RaftSettings.peerId(voter.nodeId()));
            if (reply.isSuccess()) {
                knownLeader = OptionalInt.of(voter.nodeId());
            } else {
                follow(index, reply.getException());
            }
            return ControllerNode.replyBytes(reply);
        } catch (IOException e) {
            follow(index, e);
            String message = "Controller " + voter.nodeId() + " did not answer: " + e;
            return ControllerNode.refusedUnseen(e) ? ControllerMessages.notSent(message)
                    : ControllerMessages.error(new ControllerUnavailableException(message));
        }
    }

    /** After a failure at voter {@code index}: go where a leader hint points, else to the next voter. */
    private void follow(int index, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NotLeaderException notLeader && notLeader.getSuggestedLeader() != null) {
                RaftPeer leader = notLeader.getSuggestedLeader();
                int leaderId = RaftSettings.nodeId(leader.getId());
                for (int i = 0; i < voters.size(); i++) {
                    if (voters.get(i).nodeId() == leaderId) {
                        target = i;
                        knownLeader = OptionalInt.of(leaderId);
                        return;
                    }
                }
            }
        }
        if (target == index) {
            target = index + 1;
        }
        knownLeader = OptionalInt.empty();
    }

    @Override
    public CompletableFuture<ControllerMessages.Reply> send(byte[] request) {
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(requestTimeoutMs);
        return attempt(request, deadlineNs)
                .thenCompose(reply -> waiters.await(reply.imageOffset(), requestTimeoutMs).thenApply(image -> reply));
    }

    private CompletableFuture<ControllerMessages.Reply> attempt(byte[] request, long deadlineNs) {
        if (closed) {
            return CompletableFuture.failedFuture(new ControllerUnavailableException(logPrefix + " is closed"));
        }
        CompletableFuture<byte[]> raw;
        try {
            raw = CompletableFuture.supplyAsync(() -> sendOnce(request), clientExecutor);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new ControllerUnavailableException(logPrefix + " is closed"));
        }
        return raw.thenCompose(bytes -> ControllerMessages.resendOrDecode(request, bytes, deadlineNs, RETRY_BACKOFF_MS,
                () -> attempt(request, deadlineNs)));
    }

    /** Stops the fetch loop and the client. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        fetcher.shutdownNow();
        clientExecutor.shutdownNow();
        waiters.failAll(new ControllerUnavailableException(logPrefix + " is closed"));
        try {
            client.close();
        } catch (IOException e) {
            LOG.warn("{} could not close the Raft client: {}", logPrefix, e.toString());
        }
        LOG.info("{} stopped", logPrefix);
    }

    @Override
    public String toString() {
        return logPrefix;
    }
}

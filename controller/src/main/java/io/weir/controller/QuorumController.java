package io.weir.controller;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import io.weir.metadata.MetadataValidationException;
import io.weir.metadata.config.QuorumVoter;
import io.weir.metadata.controller.QuorumDescription;
import io.weir.metadata.controller.QuorumDescription.ReplicaState;
import io.weir.metadata.image.MetadataDelta;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.record.MetadataRecordCodec;
import io.weir.metadata.store.MetadataListener;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SnapshotManagementRequest;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One voter of the controller quorum: a Ratis server in the quorum's Raft group, running a
 * {@link MetadataStateMachine}. The Raft leader is the active controller; only it accepts
 * {@link #commit(List)}. Every voter keeps the {@link #image()} of every committed batch and tells
 * its {@link MetadataListener}s, in log order, as the single-node {@code LocalMetadataStore} does.
 *
 * <p>Storage: {@code raftDir/<group uuid>/} holds Ratis' files: {@code current/} the Raft log
 * segments and vote metadata (Ratis' formats), {@code sm/} the image snapshots
 * ({@link ImageSnapshotFile}). A snapshot is taken every {@code snapshotEveryEntries} applied
 * entries, on {@link #takeSnapshot()}, and on a graceful close; log entries it covers are purged.
 *
 * <p>Commit path: the leader validates a batch against the image of everything applied plus
 * everything it proposed that is not applied yet, then appends it to the Raft log; both steps hold
 * one lock, so log order is validation order. The returned future completes once the batch is
 * committed and applied on this voter.
 *
 * <p>Thread-safety: every method may be called from any thread. {@link #image()},
 * {@link #isLeader()} and {@link #leaderId()} do not block. Proposals are serialized by one lock
 * that Ratis' callbacks never take (they invalidate the proposed image through an atomic epoch
 * instead), so a callback made under Ratis' own locks cannot deadlock with a proposer. Listeners
 * run on Ratis threads and must be quick.
 */
public final class QuorumController implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(QuorumController.class);
    private static final long SNAPSHOT_TIMEOUT_MS = 30_000;

    private final ControllerQuorumConfig config;
    private final String logPrefix;
    private final RaftPeerId selfId;
    private final MetadataStateMachine stateMachine;
    private final RaftServer server;
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    private final List<LeadershipListener> leadershipListeners = new CopyOnWriteArrayList<>();
    // Serializes proposals: validation and appending happen in one critical section.
    private final Object proposalLock = new Object();
    // The image after every batch this voter proposed as leader; guarded by proposalLock.
    private Optional<Proposed> proposed = Optional.empty();
    // Bumped, without locking, when proposals in flight may have been lost (role change, failed
    // commit): Ratis calls back while holding its own locks, so those paths must not take ours.
    private final AtomicLong proposalEpoch = new AtomicLong();
    private volatile RaftServer.Division division;
    private volatile boolean closed;

    private QuorumController(ControllerQuorumConfig config) throws IOException {
        this.config = config;
        this.logPrefix = "[controller " + config.nodeId() + "]";
        this.selfId = RaftSettings.peerId(config.nodeId());
        this.stateMachine = new MetadataStateMachine(logPrefix, new Roles());
        Files.createDirectories(config.raftDir());
        boolean formatted = Files.isDirectory(config.raftDir().resolve(RaftSettings.GROUP_ID.getUuid().toString()));
        this.server = RaftServer.newBuilder()
                .setServerId(selfId)
                .setGroup(RaftSettings.group(config.voters()))
                .setStateMachine(stateMachine)
                .setProperties(RaftSettings.properties(config))
                .setOption(formatted ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                .build();
    }

    /**
     * Builds a voter and starts it: it binds its Raft address, loads its snapshot, replays its
     * log and joins the quorum. Returns without waiting for an election.
     *
     * @param config the voter's configuration
     * @return the running voter
     * @throws IOException if the storage cannot be opened or the address cannot be bound
     */
    public static QuorumController start(ControllerQuorumConfig config) throws IOException {
        return start(config, List.of(), Optional.empty());
    }

    /**
     * Builds a voter with listeners and a request handler in place before it joins the quorum, so
     * that no leadership event is missed, and starts it.
     *
     * @param config the voter's configuration
     * @param leadership told of every leader change
     * @param queryHandler answers requests other nodes send to the active controller
     * @return the running voter
     * @throws IOException if the storage cannot be opened or the address cannot be bound
     */
    static QuorumController start(ControllerQuorumConfig config, List<LeadershipListener> leadership,
            Optional<MetadataStateMachine.QueryHandler> queryHandler) throws IOException {
        QuorumController controller = new QuorumController(Objects.requireNonNull(config, "config"));
        controller.leadershipListeners.addAll(leadership);
        queryHandler.ifPresent(controller.stateMachine::setQueryHandler);
        try {
            controller.server.start();
            controller.division = controller.server.getDivision(RaftSettings.GROUP_ID);
        } catch (IOException | RuntimeException e) {
            controller.server.close();
            throw e;
        }
        LOG.info("{} started with voters {} in {}", controller.logPrefix, config.voters(), config.raftDir());
        return controller;
    }

    /**
     * This voter's node id.
     *
     * @return the id
     */
    public int nodeId() {
        return config.nodeId();
    }

    /**
     * The image of every batch applied on this voter. Lock-free.
     *
     * @return the image
     */
    public MetadataImage image() {
        return stateMachine.image();
    }

    /** The recent committed batches this voter applied, for broker-only nodes' fetches. */
    MetadataWindow window() {
        return stateMachine.window();
    }

    /**
     * Whether this voter is the active controller: the Raft leader, with an entry of its own term
     * committed, so that it can accept {@link #commit(List)}.
     *
     * @return true on the ready leader
     */
    public boolean isLeader() {
        DivisionInfo info = division.getInfo();
        return info.isLeader() && info.isLeaderReady();
    }

    /**
     * Whether this voter knows a leader and, when that is itself, the leader is ready. A deposed
     * leader that was paused drops its leader as soon as it sees the newer term, and learns the new
     * one only after its step-down completes (up to 5 s in Ratis 3.2): false all that time.
     *
     * @return true when the image follows a known, ready leader
     */
    public boolean followsReadyLeader() {
        DivisionInfo info = division.getInfo();
        RaftPeerId leader = info.getLeaderId();
        return leader != null && (!leader.equals(selfId) || info.isLeaderReady());
    }

    /**
     * The Raft leader as this voter knows it.
     *
     * @return its node id, or empty during an election
     */
    public OptionalInt leaderId() {
        RaftPeerId leader = division.getInfo().getLeaderId();
        return leader == null ? OptionalInt.empty() : OptionalInt.of(RaftSettings.nodeId(leader));
    }

    /**
     * The quorum as this voter sees it while it is the ready leader, in DescribeQuorum's terms.
     * Offsets are positions in the Raft log (Ratis' index plus one, so the first entry ends at
     * offset 1), counting entries: a batch of metadata records is one entry, and Ratis' own
     * configuration and leader-start entries count too. The mapping:
     *
     * <ul>
     *   <li>leader epoch: the Raft term;
     *   <li>high watermark: the committed index plus one;
     *   <li>the leader's log end offset: its next index; its fetch and caught-up times: now;
     *   <li>a follower's log end offset: its match index plus one (-1 before the leader has heard
     *       of any entry it holds); its last fetch time: when it last answered the leader's append
     *       or heartbeat ({@code now} minus Ratis' elapsed time since that answer); its caught-up
     *       time: that same time when its log end equals the leader's, else -1 (Ratis does not keep
     *       when a lagging follower was last caught up);
     *   <li>observers: the registered brokers that are not voters (broker-only nodes). They fetch
     *       the metadata from the active controller by record offset, not Raft index, so their
     *       log end offset and times are -1.
     * </ul>
     *
     * @param nowMs the current wall-clock time
     * @return the description, or empty on a voter that is not the ready leader
     */
    public Optional<QuorumDescription> describe(long nowMs) {
        DivisionInfo info = division.getInfo();
        if (!info.isLeader() || !info.isLeaderReady()) {
            return Optional.empty();
        }
        RaftLog log = division.getRaftLog();
        long logEndOffset = log.getNextIndex();
        long highWatermark = log.getLastCommittedIndex() + 1;
        Map<Integer, ReplicaState> followers = followerStates(info, logEndOffset, nowMs);
        List<ReplicaState> voters = new ArrayList<>();
        for (QuorumVoter voter : config.voters()) {
            voters.add(voter.nodeId() == config.nodeId()
                    ? new ReplicaState(voter.nodeId(), logEndOffset, nowMs, nowMs)
                    : followers.getOrDefault(voter.nodeId(), ReplicaState.unknown(voter.nodeId())));
        }
        List<ReplicaState> observers = image().cluster().brokers().keySet().stream()
                .filter(id -> config.voters().stream().noneMatch(v -> v.nodeId() == id))
                .sorted()
                .map(ReplicaState::unknown)
                .toList();
        return Optional.of(new QuorumDescription(config.nodeId(), Math.toIntExact(info.getCurrentTerm()), highWatermark,
                voters, observers));
    }

    /**
     * The followers' states from the leader's role information and its followers' match indexes,
     * which Ratis lists in the same order (its log appenders'); empty if the two disagree in size
     * (a configuration change between the two reads, which a static quorum never makes).
     */
    private static Map<Integer, ReplicaState> followerStates(DivisionInfo info, long leaderLogEndOffset, long nowMs) {
        RoleInfoProto role = info.getRoleInfoProto();
        long[] matchIndexes = info.getFollowerMatchIndices();
        List<ServerRpcProto> followers = role.getLeaderInfo().getFollowerInfoList();
        Map<Integer, ReplicaState> states = new HashMap<>();
        if (followers.size() != matchIndexes.length) {
            return states;
        }
        for (int i = 0; i < followers.size(); i++) {
            int nodeId = RaftSettings.nodeId(RaftPeerId.valueOf(followers.get(i).getId().getId()));
            long logEndOffset = matchIndexes[i] < 0 ? -1 : matchIndexes[i] + 1;
            long lastFetchMs = nowMs - followers.get(i).getLastRpcElapsedTimeMs();
            long caughtUpMs = logEndOffset >= leaderLogEndOffset ? lastFetchMs : -1;
            states.put(nodeId, new ReplicaState(nodeId, logEndOffset, lastFetchMs, caughtUpMs));
        }
        return states;
    }

    /**
     * Proposes a batch on the active controller. The batch is validated against the image of every
     * applied batch and every batch this leader proposed before it, then appended to the Raft log;
     * it is applied whole or not at all. An empty batch changes nothing.
     *
     * @param records the batch, in order
     * @return completes with an image that includes the batch once it is committed and applied
     *     here; fails with {@link NotControllerException} on a voter that is not the ready leader or
     *     that loses leadership first, with {@link MetadataValidationException} (or another
     *     {@link io.weir.metadata.MetadataException}) if the batch contradicts the image (nothing is
     *     appended), or with {@link IllegalStateException} once closed
     */
    public CompletableFuture<MetadataImage> commit(List<? extends MetadataRecord> records) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException(logPrefix + " is closed"));
        }
        if (!isLeader()) {
            return CompletableFuture.failedFuture(new NotControllerException(
                    "Node " + config.nodeId() + " is not the active controller", leaderId()));
        }
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(image());
        }
        CompletableFuture<RaftClientReply> reply;
        synchronized (proposalLock) {
            long epoch = proposalEpoch.get();
            MetadataImage base = proposalBase(epoch);
            MetadataDelta delta = new MetadataDelta(base);
            try {
                delta.replayAll(records);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
            try {
                reply = server.submitClientRequestAsync(writeRequest(MetadataRecordCodec.serializeAll(records)));
            } catch (IOException e) {
                return CompletableFuture.failedFuture(notController("The commit failed: " + e, Optional.empty()));
            }
            proposed = Optional.of(new Proposed(delta.apply(base.offset() + records.size()), epoch));
        }
        return reply.handle(this::onReply);
    }

    /**
     * The image a new proposal must fit: the proposed one if it is still valid and ahead of the
     * applied one. A stale base only risks proposing a batch that every voter then skips.
     */
    private MetadataImage proposalBase(long epoch) {
        MetadataImage applied = stateMachine.image();
        return proposed.filter(p -> p.epoch() == epoch && p.image().offset() > applied.offset())
                .map(Proposed::image)
                .orElse(applied);
    }

    private RaftClientRequest writeRequest(byte[] batch) {
        return RaftClientRequest.newBuilder()
                .setClientId(clientId)
                .setServerId(selfId)
                .setGroupId(RaftSettings.GROUP_ID)
                .setCallId(callIds.incrementAndGet())
                .setMessage(Message.valueOf(ByteString.copyFrom(batch)))
                .setType(RaftClientRequest.writeRequestType())
                .build();
    }

    private MetadataImage onReply(RaftClientReply reply, Throwable error) {
        if (error != null) {
            forgetProposals();
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            throw new CompletionException(notController("The commit failed: " + cause, Optional.empty()));
        }
        if (!reply.isSuccess()) {
            forgetProposals();
            NotLeaderException notLeader = reply.getNotLeaderException();
            Optional<RaftPeerId> suggested = Optional.ofNullable(notLeader)
                    .flatMap(e -> Optional.ofNullable(e.getSuggestedLeader()))
                    .map(peer -> peer.getId());
            throw new CompletionException(notController("The commit was not accepted: " + reply.getException(),
                    suggested));
        }
        ApplyOutcome outcome = ApplyOutcome.decode(reply.getMessage().getContent().asReadOnlyByteBuffer());
        if (outcome instanceof ApplyOutcome.Rejected rejected) {
            forgetProposals();
            throw new CompletionException(new MetadataValidationException(rejected.reason()));
        }
        return stateMachine.image();
    }

    private NotControllerException notController(String message, Optional<RaftPeerId> suggested) {
        OptionalInt leader = suggested.map(id -> OptionalInt.of(RaftSettings.nodeId(id))).orElseGet(this::leaderId);
        return new NotControllerException(message, leader);
    }

    /** Lock-free: may run on a Ratis thread that holds Ratis' locks. */
    private void forgetProposals() {
        proposalEpoch.incrementAndGet();
    }

    /**
     * Registers a listener for every batch applied on this voter from now on.
     *
     * @param listener the listener
     * @return the image at registration: the listener hears of every change after it
     */
    public MetadataImage addListener(MetadataListener listener) {
        return stateMachine.addListener(listener);
    }

    /**
     * Unregisters a listener.
     *
     * @param listener the listener
     */
    public void removeListener(MetadataListener listener) {
        stateMachine.removeListener(listener);
    }

    /**
     * Registers a listener for leader changes.
     *
     * @param listener told of each later change
     */
    public void addLeadershipListener(LeadershipListener listener) {
        leadershipListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Takes a snapshot of this voter's image now and purges the log entries it covers.
     *
     * @return the Raft log index the snapshot includes
     * @throws IOException if Ratis refuses or the snapshot cannot be written
     */
    public long takeSnapshot() throws IOException {
        SnapshotManagementRequest request = SnapshotManagementRequest.newCreate(clientId, selfId,
                RaftSettings.GROUP_ID, callIds.incrementAndGet(), SNAPSHOT_TIMEOUT_MS, 0);
        RaftClientReply reply = server.snapshotManagement(request);
        if (!reply.isSuccess()) {
            throw new IOException(logPrefix + " cannot take a snapshot: " + reply.getException());
        }
        return reply.getLogIndex();
    }

    /** Leaves the quorum gracefully: takes a snapshot, stops the Raft server, closes the log. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.info("{} closed at image offset {}", logPrefix, image().offset());
    }

    /** Batches of records that reached this voter's state machine since it started. */
    long batchesSeen() {
        return stateMachine.batchesSeen();
    }

    /** Snapshots this voter received from a leader since it started. */
    int snapshotsInstalled() {
        return stateMachine.snapshotsInstalled();
    }

    @Override
    public String toString() {
        return logPrefix;
    }

    /** The image after the batches proposed while the proposal epoch was {@code epoch}. */
    private record Proposed(MetadataImage image, long epoch) {}

    /** Role events from the state machine. */
    private final class Roles implements MetadataStateMachine.RoleObserver {
        @Override
        public void onLeaderChanged(Optional<RaftPeerId> leaderId) {
            forgetProposals();
            LOG.info("{} the leader is now {}", logPrefix, leaderId.map(Object::toString).orElse("unknown"));
            if (leaderId.filter(selfId::equals).isEmpty()) {
                tellListeners(leaderId.map(id -> OptionalInt.of(RaftSettings.nodeId(id))).orElse(OptionalInt.empty()),
                        false);
            }
        }

        @Override
        public void onLeaderReady() {
            forgetProposals();
            LOG.info("{} is the active controller", logPrefix);
            tellListeners(OptionalInt.of(config.nodeId()), true);
        }

        @Override
        public void onNotLeader() {
            forgetProposals();
        }

        private void tellListeners(OptionalInt leaderId, boolean isLocal) {
            for (LeadershipListener listener : leadershipListeners) {
                try {
                    listener.onLeaderChange(leaderId, isLocal);
                } catch (RuntimeException e) {
                    LOG.error("{} leadership listener {} failed", logPrefix, listener, e);
                }
            }
        }
    }
}

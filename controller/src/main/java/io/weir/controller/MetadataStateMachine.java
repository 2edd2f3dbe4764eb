package io.weir.controller;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import io.weir.metadata.MetadataException;
import io.weir.metadata.image.MetadataDelta;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.record.MetadataRecordCodec;
import io.weir.metadata.store.MetadataListener;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine of the controller quorum: each log entry's data is one batch of
 * metadata records ({@link MetadataRecordCodec#serializeAll(List)}), applied whole to the image
 * through a {@link MetadataDelta}. Image offsets count records, as in the single-node store: the
 * first record ever committed has offset 0. A batch that contradicts the image is skipped by every
 * voter alike (validation is deterministic) and its proposer is told why; the leader validates
 * before proposing, so this only happens when proposals race a leader change.
 *
 * <p>Snapshots are {@link ImageSnapshotFile}s in the storage's state machine directory; one is
 * loaded when the server starts and again when Ratis installs one sent by the leader
 * ({@link #reinitialize()}).
 *
 * <p>The last {@link MetadataWindow#DEFAULT_MAX_RECORDS} committed records are also kept in memory
 * ({@link #window()}), so that the active controller can send broker-only nodes what they miss.
 *
 * <p>Thread-safety: Ratis applies entries and takes snapshots on its state machine updater thread;
 * both, and snapshot loading, hold this object's monitor, so the image and the last applied
 * term-index move together. {@link #image()} is a lock-free read of a volatile field. Listeners
 * run on the applying thread, in log order.
 */
final class MetadataStateMachine extends BaseStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataStateMachine.class);

    /** Told about Raft role changes; called on Ratis threads. */
    interface RoleObserver {
        /** Some voter, or none, is now the leader; not necessarily able to commit yet. */
        void onLeaderChanged(Optional<RaftPeerId> leaderId);

        /** This voter is leader and has committed an entry of its term: it may now propose. */
        void onLeaderReady();

        /** This voter stopped being leader. */
        void onNotLeader();
    }

    /** Answers a request sent to this voter as a read-only client message; see {@link ControllerMessages}. */
    @FunctionalInterface
    interface QueryHandler {
        CompletableFuture<byte[]> query(ByteBuffer request);
    }

    private final String logPrefix;
    private final RoleObserver roles;
    private volatile QueryHandler queryHandler = request -> CompletableFuture.completedFuture(
            ControllerMessages.error(new io.weir.metadata.ControllerUnavailableException("no controller here")));
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final List<MetadataListener> listeners = new CopyOnWriteArrayList<>();
    // Written under the monitor; volatile so readers on any thread see a whole, current image.
    private volatile MetadataImage image = MetadataImage.EMPTY;
    // Written under the monitor only; volatile for tests reading it from another thread.
    private volatile long batchesSeen;
    private volatile int snapshotsInstalled;
    private final MetadataWindow window = new MetadataWindow(
            Integer.getInteger(MetadataWindow.MAX_RECORDS_PROPERTY, MetadataWindow.DEFAULT_MAX_RECORDS));

    MetadataStateMachine(String logPrefix, RoleObserver roles) {
        this.logPrefix = logPrefix;
        this.roles = Objects.requireNonNull(roles, "roles");
    }

    MetadataImage image() {
        return image;
    }

    /** The recent committed batches, served to broker-only nodes. */
    MetadataWindow window() {
        return window;
    }

    /** Batches that reached this state machine since it started, applied or skipped. */
    long batchesSeen() {
        return batchesSeen;
    }

    /** Snapshots received from a leader and loaded since this state machine started. */
    int snapshotsInstalled() {
        return snapshotsInstalled;
    }

    synchronized MetadataImage addListener(MetadataListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return image;
    }

    void removeListener(MetadataListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        getLifeCycle().transition(LifeCycle.State.STARTING);
        loadLatestSnapshot();
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    /** Ratis pauses the state machine before it replaces the snapshot files with the leader's. */
    @Override
    public void pause() {
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    /** Loads the snapshot Ratis installed from the leader, then resumes applying entries. */
    @Override
    public void reinitialize() throws IOException {
        getLifeCycle().transition(LifeCycle.State.STARTING);
        snapshotsInstalled++;
        loadLatestSnapshot();
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext transaction) {
        LogEntryProto entry = transaction.getLogEntry();
        ByteBuffer data = entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer();
        ApplyOutcome outcome = apply(data, TermIndex.valueOf(entry));
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(ApplyOutcome.encode(outcome))));
    }

    private synchronized ApplyOutcome apply(ByteBuffer data, TermIndex termIndex) {
        batchesSeen++;
        MetadataImage current = image;
        MetadataDelta delta = new MetadataDelta(current);
        List<MetadataRecord> records;
        try {
            records = MetadataRecordCodec.deserializeAll(data);
            delta.replayAll(records);
        } catch (MetadataException | IllegalArgumentException e) {
            updateLastAppliedTermIndex(termIndex);
            LOG.warn("{} skipped the batch at log index {}: {}", logPrefix, termIndex.getIndex(), e.getMessage());
            return new ApplyOutcome.Rejected(e.getMessage());
        }
        MetadataImage next = delta.apply(current.offset() + records.size());
        image = next;
        window.append(current.offset(), records);
        updateLastAppliedTermIndex(termIndex);
        LOG.debug("{} applied {} records at log index {}, image offset {}", logPrefix, records.size(),
                termIndex.getIndex(), next.offset());
        notifyListeners(delta, next);
        return new ApplyOutcome.Applied(next.offset());
    }

    @Override
    public synchronized long takeSnapshot() throws IOException {
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || last.getIndex() < 0) {
            return -1L;
        }
        File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        ImageSnapshotFile.write(file.toPath(), image);
        MD5Hash digest = MD5FileUtil.computeAndSaveMd5ForFile(file);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), digest), last));
        LOG.info("{} took a snapshot at log index {} (term {}), image offset {}", logPrefix, last.getIndex(),
                last.getTerm(), image.offset());
        return last.getIndex();
    }

    private synchronized void loadLatestSnapshot() throws IOException {
        SingleFileSnapshotInfo snapshot = storage.loadLatestSnapshot();
        if (snapshot == null) {
            LOG.info("{} found no snapshot; starting from the empty image", logPrefix);
            return;
        }
        MetadataImage previous = image;
        MetadataImage loaded = ImageSnapshotFile.read(snapshot.getFile().getPath());
        image = loaded;
        window.reset(loaded.offset());
        setLastAppliedTermIndex(snapshot.getTermIndex());
        LOG.info("{} loaded the snapshot at log index {}: image offset {}, {} topics, {} brokers", logPrefix,
                snapshot.getIndex(), loaded.offset(), loaded.topics().size(), loaded.cluster().brokers().size());
        if (!previous.equals(loaded)) {
            // Topics the new image lacks were deleted meanwhile: listeners drop them first.
            MetadataDelta removal = MetadataDelta.topicsRemovedBetween(previous, loaded);
            if (removal.recordCount() > 0) {
                notifyListeners(removal, removal.apply(previous.offset()));
            }
            // A whole new image: its delta starts from the empty image, telling listeners to reload.
            MetadataDelta reload = new MetadataDelta(MetadataImage.EMPTY);
            reload.replayAll(loaded.toRecords());
            reload.apply(loaded.offset());
            notifyListeners(reload, loaded);
        }
    }

    private void notifyListeners(MetadataDelta delta, MetadataImage next) {
        for (MetadataListener listener : listeners) {
            try {
                listener.onMetadataUpdate(delta, next);
            } catch (RuntimeException e) {
                LOG.error("{} metadata listener {} failed at offset {}", logPrefix, listener, next.offset(), e);
            }
        }
    }

    void setQueryHandler(QueryHandler handler) {
        this.queryHandler = Objects.requireNonNull(handler, "handler");
    }

    /** A request for the active controller, sent by a node's Ratis client; answered by the query handler. */
    @Override
    public CompletableFuture<Message> query(Message request) {
        return queryHandler.query(request.getContent().asReadOnlyByteBuffer())
                .thenApply(reply -> Message.valueOf(ByteString.copyFrom(reply)));
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        roles.onLeaderChanged(Optional.ofNullable(newLeaderId));
    }

    @Override
    public void notifyLeaderReady() {
        roles.onLeaderReady();
    }

    @Override
    public void notifyNotLeader(java.util.Collection<TransactionContext> pending) {
        roles.onNotLeader();
    }
}

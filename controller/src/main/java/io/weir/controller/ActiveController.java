package io.weir.controller;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import io.weir.metadata.controller.AlterPartitionRequest;
import io.weir.metadata.controller.BrokerHeartbeatReply;
import io.weir.metadata.controller.BrokerHeartbeatRequest;
import io.weir.metadata.controller.BrokerRegistrationRequest;
import io.weir.metadata.controller.ElectLeadersRequest;
import io.weir.metadata.controller.PartitionResult;
import io.weir.metadata.controller.ReassignmentRequest;
import io.weir.metadata.controller.StaleBrokerEpochException;
import io.weir.metadata.image.BrokerRegistration;
import io.weir.metadata.image.MetadataImage;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.metadata.record.MetadataRecord;
import io.weir.metadata.record.PartitionChangeRecord;
import io.weir.metadata.record.RegisterBrokerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active controller's work on brokers and partitions: registration, heartbeats, fencing when a
 * session expires, unfencing once a broker has caught up, controlled shutdown, and AlterPartition.
 * It reads the image, decides with {@link ReplicaControl}, and commits the resulting records
 * through a {@link Committer}; it runs only where the metadata is written (the Raft leader, or a
 * single node's own store), and a new instance starts each time this node becomes active.
 *
 * <p>Rules:
 * <ul>
 *   <li>Registration: a new incarnation id gets a {@link RegisterBrokerRecord}, fenced, whose
 *       broker epoch is the record's own offset (larger than any earlier one). If the node was
 *       registered unfenced (it restarted faster than its session expired), it is fenced first in
 *       the same batch so its old leaderships move. A retry with the same incarnation id gets the
 *       same epoch.
 *   <li>Heartbeats are kept in memory ({@link BrokerHeartbeats}); a heartbeat with a stale epoch
 *       is refused with {@link StaleBrokerEpochException}. A fenced broker is unfenced once the
 *       metadata offset it reports reaches its registration.
 *   <li>A broker not heard from for the session timeout is fenced ({@link #onSessionCheck()}).
 *   <li>Leader elections an administrator asks for: {@link LeaderElections}; the periodic
 *       return of leadership to preferred replicas: {@link LeaderRebalance}; partition
 *       reassignments: {@link Reassignments}, completed when an AlterPartition brings the last
 *       target replica into the ISR.
 *   <li>Controlled shutdown: a heartbeat asking to shut down fences the broker at once, which
 *       moves its leaderships to other live ISR members and removes it from every ISR it is not
 *       the last member of, then answers that it may stop.
 * </ul>
 *
 * <p>Not thread-safe: every {@code on*} method must run on one thread (the controller's).
 */
final class ActiveController {
    private static final Logger LOG = LoggerFactory.getLogger(ActiveController.class);

    /** Commits a batch where the metadata is written; blocks until it is applied. */
    @FunctionalInterface
    interface Committer {
        /**
         * @param records the batch
         * @return an image that includes it
         * @throws io.weir.metadata.MetadataException if it cannot be committed
         */
        MetadataImage commit(List<? extends MetadataRecord> records);
    }

    private final String logPrefix;
    private final Supplier<MetadataImage> images;
    private final Committer committer;
    private final boolean uncleanDefault;
    private final LongSupplier clockMs;
    private final BrokerHeartbeats heartbeats;

    /**
     * @param nodeId this controller's node id, for log lines
     * @param images the current image
     * @param committer where batches are committed
     * @param sessionTimeoutMs {@code broker.session.timeout.ms}
     * @param uncleanDefault the cluster's {@code unclean.leader.election.enable}
     * @param clockMs the time in milliseconds (injected for tests)
     */
    ActiveController(int nodeId, Supplier<MetadataImage> images, Committer committer, long sessionTimeoutMs,
            boolean uncleanDefault, LongSupplier clockMs) {
        this.logPrefix = "[controller " + nodeId + "]";
        this.images = images;
        this.committer = committer;
        this.uncleanDefault = uncleanDefault;
        this.clockMs = clockMs;
        this.heartbeats = new BrokerHeartbeats(sessionTimeoutMs);
        heartbeats.trackAll(List.copyOf(images.get().cluster().brokers().keySet()), clockMs.getAsLong());
    }

    /**
     * Registers a broker process.
     *
     * @param request the registration
     * @return the granted broker epoch
     */
    long onRegisterBroker(BrokerRegistrationRequest request) {
        MetadataImage image = images.get();
        Optional<BrokerRegistration> existing = image.cluster().broker(request.nodeId());
        if (existing.filter(r -> r.incarnationId().equals(request.incarnationId())).isPresent()) {
            return existing.get().brokerEpoch();
        }
        List<MetadataRecord> records = new ArrayList<>(
                ReplicaControl.fence(image, request.nodeId(), uncleanDefault, this::logUnclean));
        long epoch = Math.max(image.offset() + 1 + records.size(), existing.map(r -> r.brokerEpoch() + 1).orElse(0L));
        records.add(new RegisterBrokerRecord(request.nodeId(), request.incarnationId(), epoch, request.listeners(),
                request.rack(), true));
        committer.commit(records);
        heartbeats.onRegistration(request.nodeId(), clockMs.getAsLong());
        LOG.info("{} registered broker {} with broker epoch {} and listeners {}", logPrefix, request.nodeId(), epoch,
                request.listeners());
        return epoch;
    }

    /**
     * Handles a heartbeat: unfences a caught-up broker, or fences one that asks to shut down.
     *
     * @param request the heartbeat
     * @return the answer
     * @throws StaleBrokerEpochException if the epoch is not the broker's current registration
     */
    BrokerHeartbeatReply onHeartbeat(BrokerHeartbeatRequest request) {
        MetadataImage image = images.get();
        int nodeId = request.nodeId();
        BrokerRegistration registration = image.cluster().broker(nodeId)
                .filter(r -> r.brokerEpoch() == request.brokerEpoch())
                .orElseThrow(() -> new StaleBrokerEpochException("Broker " + nodeId + " is not registered with epoch "
                        + request.brokerEpoch()));
        heartbeats.onHeartbeat(nodeId, clockMs.getAsLong());
        if (request.wantShutDown()) {
            heartbeats.onShutdownRequest(nodeId);
            if (!registration.fenced()) {
                LOG.info("{} broker {} shuts down: moving its leaderships and fencing it", logPrefix, nodeId);
                commitIfAny(ReplicaControl.fence(image, nodeId, uncleanDefault, this::logUnclean));
            }
            return new BrokerHeartbeatReply(true, true);
        }
        if (registration.fenced() && !heartbeats.isShuttingDown(nodeId)
                && request.metadataOffset() >= registration.brokerEpoch()) {
            LOG.info("{} broker {} caught up to offset {}: unfencing it", logPrefix, nodeId, request.metadataOffset());
            commitIfAny(ReplicaControl.unfence(image, nodeId, uncleanDefault, this::logUnclean));
            return new BrokerHeartbeatReply(false, false);
        }
        return new BrokerHeartbeatReply(registration.fenced(), false);
    }

    /**
     * Applies an ISR change a leader asks for.
     *
     * @param request the request
     * @return the partition's registration after the change
     * @throws io.weir.metadata.controller.AlterPartitionException if refused
     */
    PartitionRegistration onAlterPartition(AlterPartitionRequest request) {
        MetadataImage image = images.get();
        Optional<PartitionChangeRecord> change = ReplicaControl.alterPartition(image, request);
        MetadataImage next = change.isEmpty() ? image : committer.commit(List.of(change.get()));
        next = maybeCompleteReassignment(next, request);
        LOG.debug("{} AlterPartition {}-{} by node {}: ISR {}", logPrefix, request.topicId(), request.partition(),
                request.leaderId(), request.newIsr());
        return next.topics().getTopic(request.topicId())
                .flatMap(topic -> topic.partition(request.partition()))
                .orElseThrow();
    }

    /**
     * Runs the leader elections an administrator asks for ({@link LeaderElections}).
     *
     * @param request the election
     * @return one result per partition considered
     */
    List<PartitionResult> onElectLeaders(ElectLeadersRequest request) {
        LeaderElections.Outcome outcome = LeaderElections.elect(images.get(), request);
        if (!outcome.changes().isEmpty()) {
            LOG.info("{} {} leader election moves the leadership of {} partition(s)", logPrefix,
                    request.electionType(), outcome.changes().size());
            committer.commit(outcome.changes());
        }
        return outcome.results();
    }

    /**
     * Moves leadership back to preferred replicas where a broker's imbalance exceeds the limit
     * ({@link LeaderRebalance}).
     *
     * @param imbalancePercentage {@code leader.imbalance.per.broker.percentage}
     */
    void onLeaderImbalanceCheck(int imbalancePercentage) {
        List<PartitionChangeRecord> changes = LeaderRebalance.rebalance(images.get(), imbalancePercentage);
        if (!changes.isEmpty()) {
            LOG.info("{} moving the leadership of {} partition(s) back to their preferred replicas", logPrefix,
                    changes.size());
            committer.commit(changes);
        }
    }

    /** Completes the partition's reassignment if the ISR change brought every target replica in. */
    private MetadataImage maybeCompleteReassignment(MetadataImage image, AlterPartitionRequest request) {
        Optional<PartitionChangeRecord> completion = image.topics().getTopic(request.topicId())
                .flatMap(topic -> Reassignments.maybeComplete(image, topic, request.partition()));
        if (completion.isEmpty()) {
            return image;
        }
        LOG.info("{} reassignment of {}-{} complete: replicas {}", logPrefix, request.topicId(), request.partition(),
                completion.get().replicas().orElse(List.of()));
        return committer.commit(List.of(completion.get()));
    }

    /**
     * Starts or cancels partition reassignments ({@link Reassignments}).
     *
     * @param requests one per partition
     * @return one result per request, in order
     */
    List<PartitionResult> onAlterReassignments(List<ReassignmentRequest> requests) {
        Reassignments.Outcome outcome = Reassignments.alter(images.get(), requests);
        if (!outcome.changes().isEmpty()) {
            LOG.info("{} reassigning {} partition(s)", logPrefix, outcome.changes().size());
            committer.commit(outcome.changes());
        }
        return outcome.results();
    }

    /** Fences every unfenced broker whose session expired. */
    void onSessionCheck() {
        long nowMs = clockMs.getAsLong();
        MetadataImage image = images.get();
        heartbeats.trackAll(List.copyOf(image.cluster().brokers().keySet()), nowMs);
        for (BrokerRegistration broker : image.cluster().unfencedBrokers()) {
            if (heartbeats.expired(broker.nodeId(), nowMs)) {
                LOG.info("{} broker {} sent no heartbeat in its session timeout: fencing it", logPrefix,
                        broker.nodeId());
                commitIfAny(ReplicaControl.fence(images.get(), broker.nodeId(), uncleanDefault, this::logUnclean));
            }
        }
    }

    private void commitIfAny(List<MetadataRecord> records) {
        if (!records.isEmpty()) {
            committer.commit(records);
        }
    }

    private void logUnclean(ReplicaControl.UncleanElection election) {
        LOG.warn("{} unclean leader election: {}-{} is led by node {}, which is not in its ISR {}; records only the"
                + " old ISR held are lost", logPrefix, election.topic(), election.partition(), election.leader(),
                election.oldIsr());
    }
}

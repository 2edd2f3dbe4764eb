package io.weir.metadata.controller;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import io.weir.metadata.ControllerUnavailableException;
import io.weir.metadata.Uuid;
import io.weir.metadata.image.PartitionRegistration;

/**
 * The broker's line to the active controller: registration at start, periodic heartbeats (which
 * also carry the wish to shut down), ISR changes a partition leader requests (Kafka's
 * AlterPartition, KIP-497), and an administrator's leader elections (KIP-460) and partition
 * reassignments (KIP-455). Every call is asynchronous and never blocks the caller.
 *
 * <p>Failures: {@link io.weir.metadata.ControllerUnavailableException} when no active controller
 * answered in time (retry later); {@link StaleBrokerEpochException} when a heartbeat names a
 * registration the controller no longer has (register again); {@link AlterPartitionException}
 * naming Kafka's AlterPartition error.
 *
 * <p>Thread-safety: implementations are thread-safe.
 */
public interface ControllerChannel {

    /**
     * Registers a broker process. The controller grants a broker epoch larger than any earlier
     * registration of the node; the broker starts fenced. A retry with the same incarnation id
     * answers the same epoch.
     *
     * @param request who registers
     * @return completes with the granted broker epoch
     */
    CompletableFuture<Long> registerBroker(BrokerRegistrationRequest request);

    /**
     * Tells the active controller this broker is alive and how far it has applied the metadata.
     *
     * @param request the heartbeat
     * @return completes with the controller's answer
     */
    CompletableFuture<BrokerHeartbeatReply> heartbeat(BrokerHeartbeatRequest request);

    /**
     * Asks to change a partition's ISR, as its leader.
     *
     * @param request the change
     * @return completes with the partition's registration after the change
     */
    CompletableFuture<PartitionRegistration> alterPartition(AlterPartitionRequest request);

    /**
     * {@link #alterPartition(AlterPartitionRequest)} with the fields as arguments.
     *
     * @param topicId the topic
     * @param partition the partition index
     * @param leaderId the requesting leader
     * @param leaderEpoch the leader epoch the leader holds
     * @param partitionEpoch the partition epoch the leader last saw
     * @param newIsr the ISR asked for
     * @return completes with the registration after the change
     */
    default CompletableFuture<PartitionRegistration> alterPartition(Uuid topicId, int partition, int leaderId,
            int leaderEpoch, int partitionEpoch, List<Integer> newIsr) {
        return alterPartition(new AlterPartitionRequest(topicId, partition, leaderId, leaderEpoch, partitionEpoch,
                newIsr));
    }

    /**
     * Asks the active controller to elect leaders (ElectLeaders, KIP-460).
     *
     * @param request the election
     * @return completes with one result per partition considered
     */
    default CompletableFuture<List<PartitionResult>> electLeaders(ElectLeadersRequest request) {
        return CompletableFuture.failedFuture(new ControllerUnavailableException(
                "This controller channel does not run leader elections"));
    }

    /**
     * Asks the active controller to start or cancel partition reassignments (KIP-455).
     *
     * @param requests one per partition
     * @return completes with one result per request, in order
     */
    default CompletableFuture<List<PartitionResult>> alterReassignments(List<ReassignmentRequest> requests) {
        return CompletableFuture.failedFuture(new ControllerUnavailableException(
                "This controller channel does not run reassignments"));
    }

    /**
     * Asks the leader of the metadata quorum to describe it (DescribeQuorum, KIP-595).
     *
     * @return completes with the leader's view of the quorum
     */
    default CompletableFuture<QuorumDescription> describeQuorum() {
        return CompletableFuture.failedFuture(new ControllerUnavailableException(
                "This controller channel does not describe the quorum"));
    }

    /**
     * The active controller as this node knows it, for Metadata and DescribeCluster answers.
     *
     * @return its node id, or empty while none is known
     */
    OptionalInt activeControllerId();
}

package io.weir.controller;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import io.weir.metadata.controller.AlterPartitionRequest;
import io.weir.metadata.controller.BrokerHeartbeatReply;
import io.weir.metadata.controller.BrokerHeartbeatRequest;
import io.weir.metadata.controller.BrokerRegistrationRequest;
import io.weir.metadata.controller.ControllerChannel;
import io.weir.metadata.controller.ElectLeadersRequest;
import io.weir.metadata.controller.PartitionResult;
import io.weir.metadata.controller.QuorumDescription;
import io.weir.metadata.controller.ReassignmentRequest;
import io.weir.metadata.image.PartitionRegistration;

/**
 * The broker's channel to the active controller of a cluster, through the local
 * {@link ControllerNode} (see its transport notes) or a {@link BrokerOnlyNode}. Each call completes once this node's image
 * includes what the controller committed for it. Thread-safe.
 */
final class RaftControllerChannel implements ControllerChannel {
    private final ControllerSender node;

    RaftControllerChannel(ControllerSender node) {
        this.node = node;
    }

    @Override
    public CompletableFuture<Long> registerBroker(BrokerRegistrationRequest request) {
        return failuresAsMetadata(node.send(ControllerMessages.register(request)).thenApply(r -> r.body().getLong()));
    }

    @Override
    public CompletableFuture<BrokerHeartbeatReply> heartbeat(BrokerHeartbeatRequest request) {
        long sentNs = System.nanoTime();
        return failuresAsMetadata(node.send(ControllerMessages.heartbeat(request))
                .thenApply(r -> ControllerMessages.heartbeatReply(r.body())))
                .whenComplete((reply, error) -> node.onHeartbeatAnswer(sentNs, reply, error));
    }

    @Override
    public CompletableFuture<PartitionRegistration> alterPartition(AlterPartitionRequest request) {
        return failuresAsMetadata(node.send(ControllerMessages.alterPartition(request))
                .thenApply(r -> ControllerMessages.partitionReply(r.body())));
    }

    @Override
    public CompletableFuture<List<PartitionResult>> electLeaders(ElectLeadersRequest request) {
        return failuresAsMetadata(node.send(ControllerMessages.electLeaders(request))
                .thenApply(r -> ControllerMessages.resultsReply(r.body())));
    }

    @Override
    public CompletableFuture<List<PartitionResult>> alterReassignments(List<ReassignmentRequest> requests) {
        return failuresAsMetadata(node.send(ControllerMessages.alterReassignments(requests))
                .thenApply(r -> ControllerMessages.resultsReply(r.body())));
    }

    @Override
    public CompletableFuture<QuorumDescription> describeQuorum() {
        return failuresAsMetadata(node.send(ControllerMessages.describeQuorum())
                .thenApply(r -> ControllerMessages.quorumReply(r.body())));
    }

    @Override
    public OptionalInt activeControllerId() {
        return node.activeControllerId();
    }

    private static <T> CompletableFuture<T> failuresAsMetadata(CompletableFuture<T> future) {
        return future.exceptionallyCompose(e -> CompletableFuture.failedFuture(ControllerNode.asMetadataException(e)));
    }
}

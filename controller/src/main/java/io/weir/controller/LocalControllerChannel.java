package io.weir.controller;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import io.weir.metadata.controller.AlterPartitionRequest;
import io.weir.metadata.controller.BrokerHeartbeatReply;
import io.weir.metadata.controller.BrokerHeartbeatRequest;
import io.weir.metadata.controller.BrokerRegistrationRequest;
import io.weir.metadata.controller.ControllerChannel;
import io.weir.metadata.controller.ElectLeadersRequest;
import io.weir.metadata.controller.PartitionResult;
import io.weir.metadata.controller.ReassignmentRequest;
import io.weir.metadata.image.PartitionRegistration;
import io.weir.metadata.store.MetadataStore;

/**
 * The channel to an active controller in the same process, over a {@link MetadataStore} that
 * this process alone writes (a single node's {@code LocalMetadataStore}): every call runs the
 * {@link ActiveController} on one thread of its own and commits straight into the store. Sessions
 * are not checked periodically: with one broker there is nobody to hand leaderships to.
 *
 * <p>Thread-safety: thread-safe; {@link #close()} stops the thread.
 */
public final class LocalControllerChannel implements ControllerChannel, AutoCloseable {
    private final int nodeId;
    private final ActiveController controller;
    private final ExecutorService executor;

    /**
     * @param nodeId this node's id, reported as the active controller
     * @param store the store the controller commits into
     * @param sessionTimeoutMs {@code broker.session.timeout.ms}
     * @param uncleanDefault the cluster's {@code unclean.leader.election.enable}
     */
    public LocalControllerChannel(int nodeId, MetadataStore store, long sessionTimeoutMs, boolean uncleanDefault) {
        this.nodeId = nodeId;
        this.controller = new ActiveController(nodeId, store::image, store::commit, sessionTimeoutMs, uncleanDefault,
                System::currentTimeMillis);
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "weir-controller-" + nodeId);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public CompletableFuture<Long> registerBroker(BrokerRegistrationRequest request) {
        return run(() -> controller.onRegisterBroker(request));
    }

    @Override
    public CompletableFuture<BrokerHeartbeatReply> heartbeat(BrokerHeartbeatRequest request) {
        return run(() -> controller.onHeartbeat(request));
    }

    @Override
    public CompletableFuture<PartitionRegistration> alterPartition(AlterPartitionRequest request) {
        return run(() -> controller.onAlterPartition(request));
    }

    @Override
    public CompletableFuture<List<PartitionResult>> electLeaders(ElectLeadersRequest request) {
        return run(() -> controller.onElectLeaders(request));
    }

    @Override
    public CompletableFuture<List<PartitionResult>> alterReassignments(List<ReassignmentRequest> requests) {
        return run(() -> controller.onAlterReassignments(requests));
    }

    @Override
    public OptionalInt activeControllerId() {
        return OptionalInt.of(nodeId);
    }

    private <T> CompletableFuture<T> run(Supplier<T> action) {
        return CompletableFuture.supplyAsync(action, executor);
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}

package io.weir.controller;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import io.weir.metadata.ControllerUnavailableException;
import io.weir.metadata.controller.BrokerHeartbeatReply;
import io.weir.metadata.record.MetadataRecord;

/**
 * Sends {@link ControllerMessages} requests to the active controller and waits until this node's
 * image includes the answer: a voter's {@link ControllerNode} or a {@link BrokerOnlyNode}.
 * Thread-safe.
 */
interface ControllerSender {
    /** Completes with the reply, or fails with the metadata exception it carries. */
    CompletableFuture<ControllerMessages.Reply> send(byte[] request);

    /** The active controller's node id as this node knows it. */
    OptionalInt activeControllerId();

    /**
     * The outcome of this node's heartbeat sent at {@code sentNs} ({@link System#nanoTime()}):
     * the reply, or the failure. Nothing by default.
     */
    default void onHeartbeatAnswer(long sentNs, BrokerHeartbeatReply reply, Throwable failure) {}

    /**
     * Commits a batch through the active controller and returns once this node's image includes
     * it; an empty batch only learns the controller's offset and waits for it here (a sync). Blocks.
     *
     * @throws io.weir.metadata.MetadataException as the controller refused the batch, or
     *     {@link ControllerUnavailableException} when none answered in time
     */
    default void commitAndWait(List<? extends MetadataRecord> records) {
        try {
            send(ControllerMessages.commit(records)).get();
        } catch (ExecutionException e) {
            throw ControllerNode.asMetadataException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControllerUnavailableException("Interrupted while committing metadata");
        }
    }
}

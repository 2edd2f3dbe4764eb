package io.weir.controller;

import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

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
}

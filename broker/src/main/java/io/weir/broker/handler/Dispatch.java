package io.weir.broker.handler;

import io.weir.protocol.EncodedResponse;
import io.weir.protocol.RequestHeader;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What the transport does with one frame, as decided by {@link RequestDispatcher}. */
public sealed interface Dispatch {

    /**
     * Keep the request's place in the response order and send {@code response} when it completes;
     * an empty response sends nothing (acks=0 produce). The future completes exceptionally only
     * when no response could be built at all, and then the connection is closed.
     */
    record Respond(RequestHeader header, CompletableFuture<Optional<EncodedResponse>> response) implements Dispatch {}

    /** Close the connection without answering: the frame could not be understood. */
    record Close(String reason) implements Dispatch {}
}

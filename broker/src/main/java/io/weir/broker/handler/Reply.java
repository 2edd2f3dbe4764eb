package io.weir.broker.handler;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.protocol.ApiMessage;

/** What a handler answers: a response body, or nothing at all (Produce with acks=0). */
public sealed interface Reply {

    /** Send {@code body}, this API's generated {@code *ResponseData}, to the client. */
    record Respond(ApiMessage body) implements Reply {
        public Respond {
            Objects.requireNonNull(body, "body");
        }
    }

    /** Send nothing; the request still holds its place in the connection's response order. */
    record NoResponse() implements Reply {}

    static Reply respond(ApiMessage body) {
        return new Respond(body);
    }

    static Reply none() {
        return new NoResponse();
    }

    /** An already-completed stage answering {@code body}, for handlers that answer at once. */
    static CompletionStage<Reply> completed(ApiMessage body) {
        return CompletableFuture.completedFuture(respond(body));
    }
}

package io.weir.broker.testing;

import io.weir.broker.handler.ApiHandler;
import io.weir.broker.handler.Reply;
import io.weir.broker.handler.RequestContext;
import io.weir.protocol.VersionRange;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * A Heartbeat (api key 12, versions 0 to 4) handler whose behaviour the request's member id
 * picks: {@code now} answers at once, {@code later} parks the answer for the test to complete,
 * {@code none} answers nothing, {@code bug} throws, {@code not-coordinator} fails with
 * NOT_COORDINATOR.
 */
public final class ScriptedHeartbeatHandler implements ApiHandler<HeartbeatRequestData> {

    /** Parked answers, in arrival order; completing one sends the response. */
    public final LinkedBlockingQueue<CompletableFuture<Reply>> parked = new LinkedBlockingQueue<>();

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.HEARTBEAT;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 4);
    }

    @Override
    public CompletionStage<Reply> handle(RequestContext context, HeartbeatRequestData request) {
        switch (request.memberId()) {
            case "later":
                CompletableFuture<Reply> answer = new CompletableFuture<>();
                parked.add(answer);
                return answer;
            case "none":
                return CompletableFuture.completedFuture(Reply.none());
            case "bug":
                throw new IllegalStateException("scripted bug");
            case "not-coordinator":
                return CompletableFuture.failedFuture(new NotCoordinatorException("scripted"));
            default:
                return Reply.completed(new HeartbeatResponseData());
        }
    }

    public static HeartbeatRequestData request(String behaviour) {
        return new HeartbeatRequestData().setGroupId("g").setGenerationId(1).setMemberId(behaviour);
    }

    public static Reply answer() {
        return Reply.respond(new HeartbeatResponseData());
    }
}

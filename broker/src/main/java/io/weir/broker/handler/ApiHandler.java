package io.weir.broker.handler;

import io.weir.protocol.VersionRange;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * Answers one Kafka API. Each implementation lives in its own file and states the versions it
 * supports in {@link #versions()}; that range is what Weir advertises and decodes.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #handle} is called on the connection's event loop, in request order, once per
 *       request, with the body decoded at {@code context.header().apiVersion()}, which always
 *       lies in {@link #versions()}. It must not block.
 *   <li>The returned stage may complete on any thread, now or later, and must always complete
 *       (a waiting handler completes on its own timeout). The request body, including any
 *       records in it, stays valid until then and not after: keep a copy of anything needed
 *       longer.
 *   <li>To fail, throw or complete exceptionally with a Kafka {@code ApiException} or a mapped
 *       Weir exception; the dispatcher answers with this API's error response for that code.
 *       Anything unexpected becomes UNKNOWN_SERVER_ERROR and one ERROR log line.
 *   <li>The response body must be this API's generated {@code *ResponseData}; it is encoded at
 *       the request's version.
 * </ul>
 *
 * @param <Q> the API's generated {@code *RequestData} class
 */
public interface ApiHandler<Q extends ApiMessage> {

    /** The API this handler answers. */
    ApiKeys apiKey();

    /** The versions this handler implements; must be stable versions of the codec. */
    VersionRange versions();

    /** Handles one request; see the interface documentation for the threading contract. */
    CompletionStage<Reply> handle(RequestContext context, Q request);
}

package io.weir.broker.handler;

import io.weir.protocol.DecodeResult;
import io.weir.protocol.DecodedRequest;
import io.weir.protocol.EncodedResponse;
import io.weir.protocol.ErrorMapper;
import io.weir.protocol.RequestDecoder;
import io.weir.protocol.RequestHeader;
import io.weir.protocol.ResponseEncoder;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one request frame into a {@link Dispatch}: decode it, route it to its API's handler,
 * map failures to the API's error response, and prepare the response for the wire.
 *
 * <ul>
 *   <li>a request Weir implements goes to its handler;
 *   <li>a well-formed request at a version (or of an API) Weir does not implement is answered
 *       with UNSUPPORTED_VERSION in that API's error response;
 *   <li>ApiVersions at a version Weir does not implement gets the KIP-511 v0 answer;
 *   <li>an unknown api key, a version the codec cannot parse, or bytes that do not parse close
 *       the connection, as Kafka does.
 * </ul>
 *
 * <p>Thread-safe; called on the connection's event loop. Its only state is a count of handled
 * requests per API (a {@link LongAdder} each, for metrics).
 */
public final class RequestDispatcher {

    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);
    private static final short KIP_511_RESPONSE_VERSION = 0;

    private final HandlerRegistry registry;
    private final RequestDecoder decoder;
    private final ResponseEncoder encoder = new ResponseEncoder();
    private final ErrorMapper errorMapper;
    /** Filled for every API at construction and never changed after, so reads need no lock. */
    private final Map<ApiKeys, LongAdder> requestCounts = new EnumMap<>(ApiKeys.class);

    public RequestDispatcher(HandlerRegistry registry, ErrorMapper errorMapper) {
        this.registry = registry;
        this.decoder = new RequestDecoder(registry.versionTable());
        this.errorMapper = errorMapper;
        for (ApiKeys apiKey : ApiKeys.values()) {
            requestCounts.put(apiKey, new LongAdder());
        }
    }

    /** Requests of this API handed to its handler since start (not those refused for their version). */
    public long requestCount(ApiKeys apiKey) {
        return requestCounts.get(apiKey).sum();
    }

    /** For each API served, its Kafka name (for example {@code Produce}) and a live view of {@link #requestCount}. */
    public Map<String, LongSupplier> requestCounters() {
        Map<String, LongSupplier> counters = new TreeMap<>();
        for (ApiKeys apiKey : registry.versionTable().ranges().keySet()) {
            counters.put(apiKey.name, requestCounts.get(apiKey)::sum);
        }
        return counters;
    }

    /** The APIs this dispatcher serves. */
    public HandlerRegistry registry() {
        return registry;
    }

    /**
     * Dispatches the frame between {@code frame}'s position and limit (a request header and body,
     * without the size prefix). The decoded request may keep views into the frame: its memory
     * must stay valid until the returned response future completes.
     */
    public Dispatch dispatch(ByteBuffer frame, ConnectionInfo connection) {
        DecodeResult result = decoder.decode(frame);
        if (result instanceof DecodeResult.Decoded decoded) {
            return handle(decoded.request(), connection);
        } else if (result instanceof DecodeResult.UnsupportedVersion unsupported) {
            return answerUnsupportedVersion(unsupported.request(), connection);
        } else if (result instanceof DecodeResult.UnsupportedApiVersionsVersion apiVersions) {
            log.debug("{}{}: unsupported ApiVersions version, answering with v0", connection.logPrefix(), apiVersions.header().describe());
            ApiMessage body = registry.apiVersionsHandler().unsupportedVersionResponse();
            EncodedResponse response = encoder.encode(apiVersions.header(), body, KIP_511_RESPONSE_VERSION);
            return respondNow(apiVersions.header(), Optional.of(response));
        } else {
            DecodeResult.Rejected rejected = (DecodeResult.Rejected) result;
            return new Dispatch.Close(rejected.reason() + ": " + rejected.detail());
        }
    }

    private Dispatch handle(DecodedRequest request, ConnectionInfo connection) {
        RequestHeader header = request.header();
        log.debug("{}{}", connection.logPrefix(), header.describe());
        requestCounts.get(header.apiKey()).increment();
        CompletionStage<Reply> reply;
        try {
            reply = invoke(registry.handler(header.apiKey()).orElseThrow(), new RequestContext(header, connection), request.body());
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Optional<EncodedResponse>> response = reply.toCompletableFuture()
                .handle((answer, failure) -> failure == null
                        ? encodeReply(request, answer, connection)
                        : encodeError(request, failure, connection));
        return new Dispatch.Respond(header, response);
    }

    @SuppressWarnings("unchecked")
    private static CompletionStage<Reply> invoke(ApiHandler<?> handler, RequestContext context, ApiMessage body) {
        // Safe: the registry routes by api key, and the decoder builds that api's *RequestData.
        CompletionStage<Reply> reply = ((ApiHandler<ApiMessage>) handler).handle(context, body);
        if (reply == null) {
            throw new IllegalStateException(handler.getClass().getSimpleName() + " returned no reply stage");
        }
        return reply;
    }

    private Optional<EncodedResponse> encodeReply(DecodedRequest request, Reply reply, ConnectionInfo connection) {
        if (reply instanceof Reply.Respond respond) {
            try {
                return Optional.of(encoder.encode(request.header(), respond.body()));
            } catch (RuntimeException e) {
                return encodeError(request, e, connection);
            }
        }
        return Optional.empty();
    }

    private Optional<EncodedResponse> encodeError(DecodedRequest request, Throwable failure, ConnectionInfo connection) {
        return errorMapper.errorResponse(request, failure, connection.logPrefix()).map(body -> encoder.encode(request.header(), body));
    }

    private Dispatch answerUnsupportedVersion(DecodedRequest request, ConnectionInfo connection) {
        log.debug("{}{}: version not implemented", connection.logPrefix(), request.header().describe());
        try {
            Optional<EncodedResponse> response = errorMapper.errorResponse(request, Errors.UNSUPPORTED_VERSION)
                    .map(body -> encoder.encode(request.header(), body));
            return respondNow(request.header(), response);
        } catch (RuntimeException e) {
            return new Dispatch.Close("no UNSUPPORTED_VERSION response for " + request.header().describe() + ": " + e);
        }
    }

    private static Dispatch respondNow(RequestHeader header, Optional<EncodedResponse> response) {
        return new Dispatch.Respond(header, CompletableFuture.completedFuture(response));
    }
}

package io.weir.protocol;

import io.weir.protocol.DecodeResult.RejectReason;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * Decodes one request frame: the bytes after the 4-byte size prefix, i.e. the request header
 * followed by the body. The header version follows from the api key and version; the body is
 * read by the generated {@code *RequestData} class through a reader that refuses any length
 * larger than what remains in the frame before allocating it.
 *
 * <p>Never throws for bad input: every frame maps to exactly one {@link DecodeResult}. A frame
 * with bytes left over after the body is rejected, since no client sends one.
 *
 * <p>Stateless and thread-safe.
 */
public final class RequestDecoder {

    private static final int API_KEY_AND_VERSION_BYTES = 4;

    private final ApiVersionTable table;

    public RequestDecoder(ApiVersionTable table) {
        this.table = table;
    }

    /**
     * Decodes {@code frame} from its position to its limit. The position is advanced; the
     * resulting request may keep views into the frame's memory.
     */
    public DecodeResult decode(ByteBuffer frame) {
        int frameBytes = frame.remaining();
        if (frameBytes < API_KEY_AND_VERSION_BYTES) {
            return rejected(RejectReason.TRUNCATED_HEADER, "frame of " + frameBytes + " bytes");
        }
        short apiKeyId = frame.getShort(frame.position());
        short apiVersion = frame.getShort(frame.position() + 2);
        if (!ApiKeys.hasId(apiKeyId) || !hasAnyVersion(ApiKeys.forId(apiKeyId))) {
            return rejected(RejectReason.UNKNOWN_API_KEY, "api key " + apiKeyId);
        }
        ApiKeys apiKey = ApiKeys.forId(apiKeyId);
        if (apiKey == ApiKeys.API_VERSIONS && !table.supports(apiKey, apiVersion)) {
            return decodeUnsupportedApiVersions(frame, apiVersion);
        }
        if (!codecKnows(apiKey, apiVersion)) {
            return rejected(RejectReason.UNKNOWN_VERSION, apiKey + " v" + apiVersion);
        }
        RequestHeader header;
        try {
            header = readHeader(frame, apiKey, apiVersion);
        } catch (RuntimeException e) {
            return rejected(RejectReason.MALFORMED_HEADER, apiKey + " v" + apiVersion + ": " + e.getMessage());
        }
        return decodeBody(frame, header, frameBytes);
    }

    private DecodeResult decodeUnsupportedApiVersions(ByteBuffer frame, short apiVersion) {
        // KIP-511: a client sends its newest ApiVersions with the header its version implies
        // (v2 once flexible); the body may be in a format we cannot read, so it is skipped.
        try {
            return new DecodeResult.UnsupportedApiVersionsVersion(readHeader(frame, ApiKeys.API_VERSIONS, apiVersion));
        } catch (RuntimeException e) {
            return rejected(RejectReason.MALFORMED_HEADER, "API_VERSIONS v" + apiVersion + ": " + e.getMessage());
        }
    }

    private DecodeResult decodeBody(ByteBuffer frame, RequestHeader header, int frameBytes) {
        AbstractRequest request;
        try {
            request = AbstractRequest.parseRequest(header.apiKey(), header.apiVersion(), new BoundedReadable(frame)).request;
        } catch (RuntimeException e) {
            return rejected(RejectReason.MALFORMED_BODY, header.describe() + ": " + e);
        }
        if (frame.hasRemaining()) {
            return rejected(RejectReason.TRAILING_BYTES, header.describe() + ": " + frame.remaining() + " bytes after the body");
        }
        DecodedRequest decoded = new DecodedRequest(header, request, frameBytes);
        return table.supports(header.apiKey(), header.apiVersion())
                ? new DecodeResult.Decoded(decoded)
                : new DecodeResult.UnsupportedVersion(decoded);
    }

    /** Reads the request header at the version {@code apiKey} and {@code apiVersion} imply. */
    static RequestHeader readHeader(ByteBuffer frame, ApiKeys apiKey, short apiVersion) {
        short headerVersion = apiKey.requestHeaderVersion(apiVersion);
        RequestHeaderData data = new RequestHeaderData(new BoundedReadable(frame), headerVersion);
        return new RequestHeader(apiKey, apiVersion, data.correlationId(), data.clientId(), headerVersion);
    }

    private static boolean hasAnyVersion(ApiKeys apiKey) {
        return apiKey.latestVersion(true) >= apiKey.oldestVersion();
    }

    private static boolean codecKnows(ApiKeys apiKey, short apiVersion) {
        return apiVersion >= apiKey.oldestVersion() && apiVersion <= apiKey.latestVersion(true);
    }

    private static DecodeResult rejected(RejectReason reason, String detail) {
        return new DecodeResult.Rejected(reason, detail);
    }
}

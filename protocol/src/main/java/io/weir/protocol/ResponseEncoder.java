package io.weir.protocol;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * Prepares responses for the wire: the body at the request's version, behind response header
 * v0 or v1 as the API and version imply (ApiVersions always uses v0, so that a client that
 * sent a version the broker does not know can still read the answer).
 *
 * <p>A body holding file-backed records ({@link SliceRecords}) is released here if it cannot be
 * encoded; otherwise the returned response owns them.
 *
 * <p>Stateless and thread-safe.
 */
public final class ResponseEncoder {

    /** Encodes {@code body} as the answer to {@code request}, at the request's version. */
    public EncodedResponse encode(RequestHeader request, ApiMessage body) {
        return encode(request, body, request.apiVersion());
    }

    /**
     * Encodes {@code body} as the answer to {@code request} at {@code bodyVersion}, which differs
     * from the request's version only for an ApiVersions request at a version Weir does not
     * implement (answered at v0, KIP-511).
     */
    public EncodedResponse encode(RequestHeader request, ApiMessage body, short bodyVersion) {
        ApiKeys apiKey = request.apiKey();
        if (body.apiKey() != apiKey.id) {
            EncodedResponse.releaseSlices(body);
            throw new IllegalArgumentException("a " + ApiKeys.forId(body.apiKey()) + " body cannot answer " + apiKey);
        }
        short headerVersion = apiKey.responseHeaderVersion(bodyVersion);
        try {
            return new EncodedResponse(request.correlationId(), headerVersion, body, bodyVersion);
        } catch (RuntimeException e) {
            // The response will never be sent: give up the file regions it holds.
            EncodedResponse.releaseSlices(body);
            throw e;
        }
    }
}

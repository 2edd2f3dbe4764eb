package io.weir.protocol;

import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The parsed header of one request.
 *
 * <p>Wire format (big-endian): {@code api_key int16, api_version int16, correlation_id int32},
 * then from header v1 {@code client_id nullable int16-length string}, then from header v2 the
 * tagged fields. The header version follows from the api key and version (flexible versions use
 * v2). Immutable and thread-safe.
 *
 * @param apiKey the API
 * @param apiVersion the version the body is encoded at (may be one Weir does not implement)
 * @param correlationId echoed in the response
 * @param clientId the client id; empty when the header had none (v0) or it was null
 * @param headerVersion 0, 1 or 2
 */
public record RequestHeader(ApiKeys apiKey, short apiVersion, int correlationId, String clientId, short headerVersion) {

    public RequestHeader {
        if (clientId == null) {
            clientId = "";
        }
    }

    /** A short description for log lines, e.g. {@code API_VERSIONS v3 correlationId=7 clientId=app}. */
    public String describe() {
        return apiKey + " v" + apiVersion + " correlationId=" + correlationId + " clientId=" + clientId;
    }
}

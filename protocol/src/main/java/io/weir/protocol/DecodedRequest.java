package io.weir.protocol;

import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * One decoded request: its header and its body, a generated {@code *RequestData} instance.
 *
 * <p>Fields of type {@code records} (Produce) are views into the frame the request was decoded
 * from, not copies: the frame's memory must stay valid until the request has been handled. The
 * transport guarantees that (it releases the frame when the handler's answer is complete).
 * Immutable once built; the body is a mutable generated class that handlers must treat as
 * read-only.
 */
public final class DecodedRequest {

    private final RequestHeader header;
    private final AbstractRequest request;
    private final int frameBytes;

    DecodedRequest(RequestHeader header, AbstractRequest request, int frameBytes) {
        this.header = header;
        this.request = request;
        this.frameBytes = frameBytes;
    }

    public RequestHeader header() {
        return header;
    }

    /** The body, an instance of the generated {@code *RequestData} class of the header's API. */
    public ApiMessage body() {
        return request.data();
    }

    /** The size of the frame (header and body, without the 4-byte size prefix). */
    public int frameBytes() {
        return frameBytes;
    }

    /** The kafka-clients request wrapper, used only to build error responses. */
    AbstractRequest request() {
        return request;
    }

    @Override
    public String toString() {
        return header.describe();
    }
}

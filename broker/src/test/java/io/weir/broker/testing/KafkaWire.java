package io.weir.broker.testing;

import java.nio.ByteBuffer;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;

/** Request and response bytes built and read with kafka-clients' own classes, as a client would. */
public final class KafkaWire {

    private KafkaWire() {}

    /** A request frame (header and body) without the size prefix. */
    public static ByteBuffer request(ApiMessage body, int version, int correlationId) {
        RequestHeader header = new RequestHeader(ApiKeys.forId(body.apiKey()), (short) version, "weir-test", correlationId);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.data().size(cache, header.headerVersion()) + body.size(cache, (short) version);
        ByteBuffer buffer = ByteBuffer.allocate(size);
        ByteBufferAccessor writer = new ByteBufferAccessor(buffer);
        header.data().write(writer, cache, header.headerVersion());
        body.write(writer, cache, (short) version);
        return buffer.flip();
    }

    public static ByteBuffer apiVersionsRequest(int version, int correlationId) {
        ApiVersionsRequestData body = new ApiVersionsRequestData();
        if (version >= 3) {
            body.setClientSoftwareName("weir-test").setClientSoftwareVersion("1.0");
        }
        return request(body, version, correlationId);
    }

    /** The same frame with its 4-byte size prefix. */
    public static ByteBuffer sized(ByteBuffer frame) {
        return ByteBuffer.allocate(4 + frame.remaining()).putInt(frame.remaining()).put(frame.duplicate()).flip();
    }

    /** Reads an ApiVersions response (without size prefix), whose header is always v0. */
    public static Parsed<ApiVersionsResponseData> apiVersionsResponse(ByteBuffer response, int version) {
        int correlationId = ResponseHeader.parse(response, (short) 0).correlationId();
        return new Parsed<>(correlationId, ApiVersionsResponse.parse(new ByteBufferAccessor(response), (short) version).data());
    }

    /** Reads any response (without size prefix) to a request sent with {@code request}'s header. */
    public static AbstractResponse response(ByteBuffer response, ApiKeys apiKey, int version, int correlationId) {
        return AbstractResponse.parseResponse(response, new RequestHeader(apiKey, (short) version, "weir-test", correlationId));
    }

    public static int correlationIdOf(ByteBuffer response) {
        return response.getInt(response.position());
    }

    /** A response body with its correlation id. */
    public record Parsed<T>(int correlationId, T body) {}
}

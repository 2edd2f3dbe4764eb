package io.weir.protocol;

import java.nio.ByteBuffer;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

/** Builds request frames (header and body, no size prefix) with kafka-clients' own classes. */
final class Frames {

    private Frames() {}

    static ByteBuffer request(ApiMessage body, int version, int correlationId, String clientId) {
        ApiKeys apiKey = ApiKeys.forId(body.apiKey());
        var header = new org.apache.kafka.common.requests.RequestHeader(apiKey, (short) version, clientId, correlationId);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.data().size(cache, header.headerVersion()) + body.size(cache, (short) version);
        ByteBuffer buffer = ByteBuffer.allocate(size);
        ByteBufferAccessor writer = new ByteBufferAccessor(buffer);
        header.data().write(writer, cache, header.headerVersion());
        body.write(writer, cache, (short) version);
        return buffer.flip();
    }

    /** A header v1 (non-flexible) prefix followed by {@code body} bytes, built by hand. */
    static ByteBuffer rawV1(ApiKeys apiKey, int version, byte... body) {
        ByteBuffer buffer = ByteBuffer.allocate(10 + body.length);
        buffer.putShort(apiKey.id).putShort((short) version).putInt(42).putShort((short) -1).put(body);
        return buffer.flip();
    }

    /** A header v2 (flexible) prefix with no tagged fields, followed by {@code body} bytes. */
    static ByteBuffer rawV2(ApiKeys apiKey, int version, byte... body) {
        ByteBuffer buffer = ByteBuffer.allocate(11 + body.length);
        buffer.putShort(apiKey.id).putShort((short) version).putInt(42).putShort((short) -1).put((byte) 0).put(body);
        return buffer.flip();
    }

    static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }
}

package io.weir.protocol;

import java.nio.ByteBuffer;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

/**
 * A response whose size is known and whose bytes are written on demand, so that the transport
 * can allocate one (pooled, direct) buffer of exactly {@link #sizeBytes()} and have the response
 * written straight into it, with no intermediate copy.
 *
 * <p>Wire format: {@code size int32} (the bytes that follow), the response header
 * ({@code correlation_id int32}, plus tagged fields in header v1), then the body at its version.
 *
 * <p>Not thread-safe; write it once, on one thread.
 */
public final class EncodedResponse {

    private static final int SIZE_PREFIX_BYTES = 4;

    private final ResponseHeaderData header;
    private final short headerVersion;
    private final ApiMessage body;
    private final short bodyVersion;
    private final ObjectSerializationCache cache = new ObjectSerializationCache();
    private final int sizeBytes;

    EncodedResponse(int correlationId, short headerVersion, ApiMessage body, short bodyVersion) {
        this.header = new ResponseHeaderData().setCorrelationId(correlationId);
        this.headerVersion = headerVersion;
        this.body = body;
        this.bodyVersion = bodyVersion;
        this.sizeBytes = SIZE_PREFIX_BYTES + header.size(cache, headerVersion) + body.size(cache, bodyVersion);
    }

    /** Total bytes on the wire, including the 4-byte size prefix. */
    public int sizeBytes() {
        return sizeBytes;
    }

    /** The body, for logging and tests. */
    public ApiMessage body() {
        return body;
    }

    public short bodyVersion() {
        return bodyVersion;
    }

    /**
     * Writes the size prefix, header and body at {@code destination}'s position, advancing it by
     * exactly {@link #sizeBytes()}.
     *
     * @throws RuntimeException if the body holds a value its version cannot carry; nothing useful
     *     has then been written and the caller should discard the destination
     */
    public void writeTo(ByteBuffer destination) {
        int start = destination.position();
        destination.putInt(sizeBytes - SIZE_PREFIX_BYTES);
        ByteBufferAccessor writer = new ByteBufferAccessor(destination);
        header.write(writer, cache, headerVersion);
        body.write(writer, cache, bodyVersion);
        int written = destination.position() - start;
        if (written != sizeBytes) {
            throw new IllegalStateException("wrote " + written + " bytes for a response sized " + sizeBytes);
        }
    }

    /** Convenience for tests and small responses: the response in a new heap buffer, flipped. */
    public ByteBuffer toByteBuffer() {
        ByteBuffer buffer = ByteBuffer.allocate(sizeBytes);
        writeTo(buffer);
        return buffer.flip();
    }
}

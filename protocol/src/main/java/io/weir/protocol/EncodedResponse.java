package io.weir.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.internal.BaseRecords;

/**
 * A response whose size is known and whose bytes are written on demand, so that the transport
 * can allocate one (pooled, direct) buffer of exactly {@link #sizeBytes()} and have the response
 * written straight into it, with no intermediate copy.
 *
 * <p>Wire format: {@code size int32} (the bytes that follow), the response header
 * ({@code correlation_id int32}, plus tagged fields in header v1), then the body at its version.
 *
 * <p>File-backed records ({@link SliceRecords}, in Fetch responses) are not bytes in memory:
 * {@link #writeSplit} writes everything else into one buffer of {@link #bufferBytes()} and says
 * where each file region belongs, so the transport can send the regions with {@code sendfile};
 * {@link #writeTo} instead copies them from the file. Either way the response holds its slices
 * until {@link #release()} (the transport calls it once the bytes are out or the connection has
 * gone). Sizes are ints: a response must stay below 2 GiB, which the fetch limits guarantee.
 *
 * <p>Not thread-safe; write it once, on one thread. {@link #release()} may be called from any.
 */
public final class EncodedResponse {

    private static final int SIZE_PREFIX_BYTES = 4;

    private final ResponseHeaderData header;
    private final short headerVersion;
    private final ApiMessage body;
    private final short bodyVersion;
    private final ObjectSerializationCache cache = new ObjectSerializationCache();
    private final int sizeBytes;
    private final List<SliceRecords> slices;
    private final int fileBytes;

    EncodedResponse(int correlationId, short headerVersion, ApiMessage body, short bodyVersion) {
        this.header = new ResponseHeaderData().setCorrelationId(correlationId);
        this.headerVersion = headerVersion;
        this.body = body;
        this.bodyVersion = bodyVersion;
        this.slices = slicesOf(body);
        long sliceBytes = 0;
        for (SliceRecords slice : slices) {
            sliceBytes += slice.sizeInBytes();
        }
        long total = SIZE_PREFIX_BYTES + (long) header.size(cache, headerVersion) + body.size(cache, bodyVersion);
        if (total > Integer.MAX_VALUE || sliceBytes > Integer.MAX_VALUE) {
            release();
            throw new IllegalArgumentException("response of " + total + " bytes exceeds the protocol's 2 GiB limit");
        }
        this.sizeBytes = (int) total;
        this.fileBytes = (int) sliceBytes;
    }

    private static List<SliceRecords> slicesOf(ApiMessage body) {
        List<SliceRecords> found = new ArrayList<>();
        if (body instanceof FetchResponseData fetch) {
            for (FetchResponseData.FetchableTopicResponse topic : fetch.responses()) {
                for (FetchResponseData.PartitionData partition : topic.partitions()) {
                    if (partition.records() instanceof SliceRecords slice) {
                        found.add(slice);
                    }
                }
            }
        }
        return List.copyOf(found);
    }

    /** Gives up every file region this response holds; idempotent, thread-safe. */
    public void release() {
        for (SliceRecords slice : slices) {
            slice.release();
        }
    }

    /** Releases the file regions held by {@code body} (a response that will not be encoded). */
    public static void releaseSlices(ApiMessage body) {
        for (SliceRecords slice : slicesOf(body)) {
            slice.release();
        }
    }

    /** Bytes of file-backed records in the response (0 for every API but Fetch). */
    public int fileBytes() {
        return fileBytes;
    }

    /** Bytes {@link #writeSplit} writes into its buffer: {@link #sizeBytes()} minus {@link #fileBytes()}. */
    public int bufferBytes() {
        return sizeBytes - fileBytes;
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
        SplittingWriter writer = new SplittingWriter(destination, false);
        header.write(writer, cache, headerVersion);
        body.write(writer, cache, bodyVersion);
        int written = destination.position() - start;
        if (written != sizeBytes) {
            throw new IllegalStateException("wrote " + written + " bytes for a response sized " + sizeBytes);
        }
    }

    /**
     * Writes the size prefix, header and body at {@code destination}'s position except the bytes
     * of file-backed records, advancing it by exactly {@link #bufferBytes()}, and returns where
     * each file region belongs (offsets relative to the starting position), in wire order. The
     * wire bytes are the buffer's bytes with each region's bytes inserted at its offset.
     */
    public List<FileSplice> writeSplit(ByteBuffer destination) {
        int start = destination.position();
        destination.putInt(sizeBytes - SIZE_PREFIX_BYTES);
        SplittingWriter writer = new SplittingWriter(destination, true);
        header.write(writer, cache, headerVersion);
        body.write(writer, cache, bodyVersion);
        int written = destination.position() - start;
        if (written != bufferBytes()) {
            throw new IllegalStateException("wrote " + written + " buffer bytes for a response needing " + bufferBytes());
        }
        return writer.splices(start);
    }

    /** Writes like kafka-clients' accessor, but file-backed records are copied or left as splices. */
    private static final class SplittingWriter extends ByteBufferAccessor {
        private final ByteBuffer destination;
        private final boolean split;
        private final List<FileSplice> splices = new ArrayList<>();

        SplittingWriter(ByteBuffer destination, boolean split) {
            super(destination);
            this.destination = destination;
            this.split = split;
        }

        @Override
        public void writeRecords(BaseRecords records) {
            if (!(records instanceof SliceRecords slice)) {
                super.writeRecords(records);
            } else if (split) {
                splices.add(new FileSplice(destination.position(), slice));
            } else {
                slice.copyTo(destination);
            }
        }

        List<FileSplice> splices(int start) {
            return splices.stream().map(s -> new FileSplice(s.bufferOffset() - start, s.records())).toList();
        }
    }

    /** Convenience for tests and small responses: the response in a new heap buffer, flipped. */
    public ByteBuffer toByteBuffer() {
        ByteBuffer buffer = ByteBuffer.allocate(sizeBytes);
        writeTo(buffer);
        return buffer.flip();
    }
}

package io.weir.protocol;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * A {@link Readable} over one frame that refuses, before allocating, any length larger than the
 * bytes left in the frame: byte arrays, strings, byte buffers, records and unknown tagged
 * fields. Collection counts are checked against {@link #remaining()} by the generated code
 * itself; this class covers the lengths that reach an allocation through the reader.
 *
 * <p>Reads the frame in place (byte buffers and records are views into it, not copies).
 * Not thread-safe: one decode at a time.
 */
final class BoundedReadable implements Readable {

    private final ByteBufferAccessor delegate;

    BoundedReadable(ByteBuffer frame) {
        this.delegate = new ByteBufferAccessor(frame);
    }

    @Override
    public byte readByte() {
        return delegate.readByte();
    }

    @Override
    public short readShort() {
        return delegate.readShort();
    }

    @Override
    public int readInt() {
        return delegate.readInt();
    }

    @Override
    public long readLong() {
        return delegate.readLong();
    }

    @Override
    public double readDouble() {
        return delegate.readDouble();
    }

    @Override
    public byte[] readArray(int length) {
        return delegate.readArray(checkLength(length, "byte array"));
    }

    @Override
    public int readUnsignedVarint() {
        return delegate.readUnsignedVarint();
    }

    @Override
    public ByteBuffer readByteBuffer(int length) {
        return delegate.readByteBuffer(checkLength(length, "bytes field"));
    }

    @Override
    public int readVarint() {
        return delegate.readVarint();
    }

    @Override
    public long readVarlong() {
        return delegate.readVarlong();
    }

    @Override
    public int remaining() {
        return delegate.remaining();
    }

    @Override
    public Readable slice() {
        return new BoundedReadable(delegate.buffer().slice());
    }

    @Override
    public String readString(int length) {
        return Readable.super.readString(checkLength(length, "string"));
    }

    @Override
    public List<RawTaggedField> readUnknownTaggedField(List<RawTaggedField> unknowns, int tag, int size) {
        return Readable.super.readUnknownTaggedField(unknowns, tag, checkLength(size, "tagged field " + tag));
    }

    @Override
    public MemoryRecords readRecords(int length) {
        // A negative length is the protocol's null records field.
        return length < 0 ? Readable.super.readRecords(length) : Readable.super.readRecords(checkLength(length, "records"));
    }

    private int checkLength(int length, String what) {
        int remaining = delegate.remaining();
        if (length < 0 || length > remaining) {
            throw new MalformedRequestException(
                    what + " claims " + Integer.toUnsignedString(length) + " bytes but the frame has " + remaining + " left");
        }
        return length;
    }
}

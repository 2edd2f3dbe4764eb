package io.weir.metadata.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import io.weir.metadata.Uuid;

/** A growable big-endian byte buffer for encoding records. Not thread-safe. */
final class ByteWriter {
    private byte[] bytes;
    private int size;

    ByteWriter(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    void writeByte(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
    }

    void writeShort(int value) {
        writeByte(value >>> 8);
        writeByte(value);
    }

    void writeInt(int value) {
        writeShort(value >>> 16);
        writeShort(value);
    }

    void writeLong(long value) {
        writeInt((int) (value >>> 32));
        writeInt((int) value);
    }

    void writeBoolean(boolean value) {
        writeByte(value ? 1 : 0);
    }

    /** Unsigned LEB128 varint; {@code value} must be non-negative. */
    void writeUnsignedVarint(int value) {
        int remaining = value;
        while ((remaining & ~0x7F) != 0) {
            writeByte((remaining & 0x7F) | 0x80);
            remaining >>>= 7;
        }
        writeByte(remaining);
    }

    void writeBytes(byte[] source) {
        ensure(source.length);
        System.arraycopy(source, 0, bytes, size, source.length);
        size += source.length;
    }

    void writeString(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeUnsignedVarint(utf8.length);
        writeBytes(utf8);
    }

    void writeUuid(Uuid id) {
        writeLong(id.mostSignificantBits());
        writeLong(id.leastSignificantBits());
    }

    void writeIntList(List<Integer> values) {
        writeUnsignedVarint(values.size());
        for (int value : values) {
            writeInt(value);
        }
    }

    ByteBuffer asBuffer() {
        return ByteBuffer.wrap(bytes, 0, size);
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }
}

package io.weir.metadata.record;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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

    /** Strict UTF-8: a string with an unpaired surrogate would not read back equal, so it is refused. */
    void writeString(String value) {
        ByteBuffer utf8;
        try {
            utf8 = StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(value));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("String is not valid Unicode (unpaired surrogate): " + e, e);
        }
        writeUnsignedVarint(utf8.remaining());
        ensure(utf8.remaining());
        int length = utf8.remaining();
        utf8.get(bytes, size, length);
        size += length;
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

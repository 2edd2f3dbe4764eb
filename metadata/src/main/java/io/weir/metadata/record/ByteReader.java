package io.weir.metadata.record;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import io.weir.metadata.CorruptMetadataException;
import io.weir.metadata.Uuid;

/**
 * Reads the encoding {@link ByteWriter} writes from a buffer, checking every length against the
 * bytes that remain so that garbage can never make it allocate more than the input's size. Not
 * thread-safe; advances the buffer's position.
 */
final class ByteReader {
    private final ByteBuffer buffer;

    ByteReader(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    int remaining() {
        return buffer.remaining();
    }

    byte readByte() {
        require(1);
        return buffer.get();
    }

    short readShort() {
        require(2);
        return buffer.getShort();
    }

    int readInt() {
        require(4);
        return buffer.getInt();
    }

    long readLong() {
        require(8);
        return buffer.getLong();
    }

    boolean readBoolean() {
        byte value = readByte();
        if (value != 0 && value != 1) {
            throw new CorruptMetadataException("Invalid boolean byte " + value);
        }
        return value == 1;
    }

    int readUnsignedVarint() {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte next = readByte();
            value |= (next & 0x7F) << shift;
            if ((next & 0x80) == 0) {
                if (value < 0) {
                    throw new CorruptMetadataException("Varint out of range");
                }
                return value;
            }
        }
        throw new CorruptMetadataException("Varint longer than 5 bytes");
    }

    /** A length or count, checked against the bytes left assuming each element takes at least {@code minElementBytes}. */
    int readCount(int minElementBytes) {
        int count = readUnsignedVarint();
        if ((long) count * minElementBytes > buffer.remaining()) {
            throw new CorruptMetadataException("Count " + count + " exceeds the " + buffer.remaining() + " bytes left");
        }
        return count;
    }

    String readString() {
        int length = readCount(1);
        ByteBuffer slice = buffer.slice();
        slice.limit(length);
        buffer.position(buffer.position() + length);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CorruptMetadataException("String is not valid UTF-8", e);
        }
    }

    Uuid readUuid() {
        return new Uuid(readLong(), readLong());
    }

    List<Integer> readIntList() {
        int count = readCount(4);
        List<Integer> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(readInt());
        }
        return values;
    }

    ByteBuffer readSlice(int length) {
        require(length);
        ByteBuffer slice = buffer.slice();
        slice.limit(length);
        buffer.position(buffer.position() + length);
        return slice;
    }

    private void require(int bytes) {
        if (buffer.remaining() < bytes) {
            throw new CorruptMetadataException("Needed " + bytes + " bytes, only " + buffer.remaining() + " left");
        }
    }
}

package io.weir.storage.cleaner;

import java.nio.ByteBuffer;

/**
 * Zigzag varints as the v2 record format uses them (protobuf style: 7 bits per byte, least
 * significant group first, high bit set on every byte but the last). Thread-safety: stateless.
 */
final class Varints {
    private Varints() {}

    static int readVarint(ByteBuffer buffer) {
        long value = readVarlong(buffer);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("varint out of int range: " + value);
        }
        return (int) value;
    }

    static long readVarlong(ByteBuffer buffer) {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            byte b = buffer.get();
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new IllegalArgumentException("varlong longer than 10 bytes");
    }

    static int sizeOfVarint(int value) {
        return sizeOfVarlong(value);
    }

    static int sizeOfVarlong(long value) {
        long raw = (value << 1) ^ (value >> 63);
        int bytes = 1;
        while ((raw & ~0x7FL) != 0) {
            bytes++;
            raw >>>= 7;
        }
        return bytes;
    }
}

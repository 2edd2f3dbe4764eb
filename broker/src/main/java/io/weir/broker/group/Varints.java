package io.weir.broker.group;

import java.nio.ByteBuffer;

/** Zigzag varints of the record format v2. Stateless. */
final class Varints {
    private Varints() {}

    static void writeVarint(ByteBuffer out, int value) {
        int raw = (value << 1) ^ (value >> 31);
        while ((raw & ~0x7f) != 0) {
            out.put((byte) ((raw & 0x7f) | 0x80));
            raw >>>= 7;
        }
        out.put((byte) raw);
    }

    static void writeVarlong(ByteBuffer out, long value) {
        long raw = (value << 1) ^ (value >> 63);
        while ((raw & ~0x7fL) != 0) {
            out.put((byte) ((raw & 0x7f) | 0x80));
            raw >>>= 7;
        }
        out.put((byte) raw);
    }

    static int readVarint(ByteBuffer in) {
        int raw = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = in.get();
            raw |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new IllegalArgumentException("varint longer than 5 bytes");
    }

    static long readVarlong(ByteBuffer in) {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            byte b = in.get();
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new IllegalArgumentException("varlong longer than 10 bytes");
    }
}

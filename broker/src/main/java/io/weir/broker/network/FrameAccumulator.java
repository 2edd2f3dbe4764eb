package io.weir.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Collects a connection's inbound bytes and cuts them into request frames.
 *
 * <p>Wire format: {@code size int32 big-endian} then {@code size} bytes. The size is checked as
 * soon as its 4 bytes arrive; a size below 0 or above the maximum is reported without allocating
 * anything for it. Bytes are kept only as they arrive: a frame that claims 100 MB but has sent
 * 10 bytes holds 10 bytes (in a buffer that grows by doubling, like Netty's own cumulation).
 *
 * <p>Frames are returned as retained slices of the accumulated bytes, with no copy; the caller
 * releases each one. While slices are outstanding the accumulation is never written into again
 * in place: new bytes go to a fresh buffer.
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
final class FrameAccumulator {

    private static final int SIZE_PREFIX_BYTES = 4;

    /** The next step for the caller. */
    sealed interface Next {}

    /** A complete frame (without its size prefix), which the caller must release. */
    record Frame(ByteBuf frame) implements Next {}

    /** No complete frame yet. */
    record Incomplete() implements Next {}

    /** The next frame's size field is negative or too large; the connection must be closed. */
    record InvalidSize(int declaredBytes) implements Next {}

    private static final Next INCOMPLETE = new Incomplete();

    private final ByteBufAllocator allocator;
    private final int maxFrameBytes;
    private ByteBuf accumulated;

    FrameAccumulator(ByteBufAllocator allocator, int maxFrameBytes) {
        this.allocator = allocator;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Appends {@code data}, taking ownership of it. */
    void append(ByteBuf data) {
        if (accumulated == null) {
            accumulated = data;
            return;
        }
        try {
            if (accumulated.refCnt() == 1 && !accumulated.isReadOnly()) {
                // No outstanding slices: compacting and growing in place is safe.
                accumulated.discardSomeReadBytes();
                accumulated.writeBytes(data);
            } else {
                ByteBuf merged = allocator.buffer(accumulated.readableBytes() + data.readableBytes());
                merged.writeBytes(accumulated).writeBytes(data);
                accumulated.release();
                accumulated = merged;
            }
        } finally {
            data.release();
        }
    }

    /** Cuts the next frame, if complete. */
    Next next() {
        if (accumulated == null || accumulated.readableBytes() < SIZE_PREFIX_BYTES) {
            return INCOMPLETE;
        }
        int size = accumulated.getInt(accumulated.readerIndex());
        if (size < 0 || size > maxFrameBytes) {
            return new InvalidSize(size);
        }
        if (accumulated.readableBytes() < SIZE_PREFIX_BYTES + size) {
            return INCOMPLETE;
        }
        accumulated.skipBytes(SIZE_PREFIX_BYTES);
        ByteBuf frame = accumulated.readRetainedSlice(size);
        if (!accumulated.isReadable()) {
            accumulated.release();
            accumulated = null;
        }
        return new Frame(frame);
    }

    /** Whether bytes of a frame not yet complete are held. */
    boolean hasPartialFrame() {
        return accumulated != null && accumulated.isReadable();
    }

    /** Bytes received and not yet cut into frames. */
    int bufferedBytes() {
        return accumulated == null ? 0 : accumulated.readableBytes();
    }

    /** Releases what is held; slices already returned stay valid until released. */
    void release() {
        if (accumulated != null) {
            accumulated.release();
            accumulated = null;
        }
    }
}

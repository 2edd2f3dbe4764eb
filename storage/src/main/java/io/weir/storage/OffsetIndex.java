package io.weir.storage;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The sparse offset index of one segment ({@code <base offset>.index}). Each entry is 8 bytes,
 * big-endian: the last offset of a batch relative to the segment's base offset (int32), then the
 * byte position of that batch in the {@code .log} file (int32). Entries are added every
 * {@code index.interval.bytes} of batches, so a lookup gives a position at or before the batch
 * holding an offset and the segment scans batch headers from there. Both columns strictly
 * increase; an index violating that, or pointing past the log, is rebuilt from the log.
 *
 * <p>Thread-safety: as {@link IndexFile}.
 */
final class OffsetIndex extends IndexFile {
    static final int ENTRY_BYTES = 8;

    OffsetIndex(Path file, long baseOffset) {
        super(file, baseOffset, ENTRY_BYTES);
    }

    void append(long offset, int position) {
        int relative = Math.toIntExact(offset - baseOffset);
        appendEntry((buffer, at) -> buffer.putInt(at, relative).putInt(at + 4, position));
    }

    /** Largest entry with offset at most {@code targetOffset}, or (baseOffset, 0). */
    OffsetPosition lookup(long targetOffset) {
        ByteBuffer buffer = buffer();
        int count = Math.min(entries(), buffer.capacity() / ENTRY_BYTES);
        int slot = floorSlot(buffer, count, targetOffset - baseOffset, (b, at) -> b.getInt(at));
        if (slot < 0) {
            return new OffsetPosition(baseOffset, baseOffset, 0);
        }
        int at = slot * ENTRY_BYTES;
        return new OffsetPosition(baseOffset + buffer.getInt(at), baseOffset, buffer.getInt(at + 4));
    }

    /**
     * The largest entry position at most {@code maxPosition}: a batch start, so that a read can
     * skip the batch headers before it. Positions increase with offsets, so the same binary search
     * works on the position column. Empty when no entry is that low.
     */
    OptionalInt floorPosition(int maxPosition) {
        ByteBuffer buffer = buffer();
        int count = Math.min(entries(), buffer.capacity() / ENTRY_BYTES);
        int slot = floorSlot(buffer, count, maxPosition, (b, at) -> b.getInt(at + 4));
        return slot < 0 ? OptionalInt.empty() : OptionalInt.of(buffer.getInt(slot * ENTRY_BYTES + 4));
    }

    /** The last entry, or (baseOffset, 0) when empty. */
    OffsetPosition lastEntry() {
        return lookup(Long.MAX_VALUE);
    }

    /** Removes every entry for an offset at or above {@code offset}. */
    void truncateTo(long offset) {
        ByteBuffer buffer = buffer();
        int slot = floorSlot(buffer, entries(), offset - baseOffset - 1, (b, at) -> b.getInt(at));
        truncateToEntries(slot + 1);
    }

    /** True when entries strictly increase, are not below the base, and point inside the log. */
    boolean isConsistent(int logSizeBytes) {
        ByteBuffer buffer = buffer();
        long previousOffset = -1;
        long previousPosition = -1;
        for (int i = 0; i < entries(); i++) {
            int relative = buffer.getInt(i * ENTRY_BYTES);
            int position = buffer.getInt(i * ENTRY_BYTES + 4);
            if (relative <= previousOffset || position <= previousPosition || position >= logSizeBytes) {
                return false;
            }
            previousOffset = relative;
            previousPosition = position;
        }
        return true;
    }
}

package io.weir.storage;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The sparse time index of one segment ({@code <base offset>.timeindex}). Each entry is 12 bytes,
 * big-endian: the largest timestamp seen so far in the segment (int64), then the offset, relative
 * to the segment's base offset (int32), of the last record of the batch where that timestamp first
 * appeared. An entry is added alongside each offset index entry when the largest timestamp grew,
 * and once more when the segment stops being active, so the last entry of an inactive segment
 * holds its largest timestamp. Both columns never decrease; an index violating that is rebuilt.
 *
 * <p>Thread-safety: as {@link IndexFile}.
 */
final class TimeIndex extends IndexFile {
    static final int ENTRY_BYTES = 12;

    TimeIndex(Path file, long baseOffset) {
        super(file, baseOffset, ENTRY_BYTES);
    }

    /**
     * Appends (timestamp, offset) when the timestamp is larger than the last entry's. The last slot
     * is kept for the entry written when the segment stops being active ({@code finalEntry}).
     */
    void maybeAppend(long timestampMs, long offset, boolean finalEntry) {
        if (timestampMs < 0 || isFull() || (!finalEntry && isAlmostFull())) {
            return;
        }
        if (entries() > 0 && lastEntry().timestampMs() >= timestampMs) {
            return;
        }
        int relative = Math.toIntExact(offset - baseOffset);
        appendEntry((buffer, at) -> buffer.putLong(at, timestampMs).putInt(at + 8, relative));
    }

    /** True when only the slot reserved for the final entry is left. */
    boolean isAlmostFull() {
        return entries() + 1 >= maxEntries();
    }

    /** Largest entry with timestamp at most {@code targetMs}, or (-1, baseOffset). */
    TimestampAndOffset lookup(long targetMs) {
        ByteBuffer buffer = buffer();
        int count = Math.min(entries(), buffer.capacity() / ENTRY_BYTES);
        int slot = floorSlot(buffer, count, targetMs, (b, at) -> b.getLong(at));
        return entryAt(buffer, slot);
    }

    /** The last entry, or (-1, baseOffset) when empty. */
    TimestampAndOffset lastEntry() {
        ByteBuffer buffer = buffer();
        int count = Math.min(entries(), buffer.capacity() / ENTRY_BYTES);
        return entryAt(buffer, count - 1);
    }

    private TimestampAndOffset entryAt(ByteBuffer buffer, int slot) {
        if (slot < 0) {
            return new TimestampAndOffset(-1, baseOffset, OptionalInt.empty());
        }
        int at = slot * ENTRY_BYTES;
        return new TimestampAndOffset(buffer.getLong(at), baseOffset + buffer.getInt(at + 8), OptionalInt.empty());
    }

    /** Removes every entry for an offset at or above {@code offset}. */
    void truncateTo(long offset) {
        ByteBuffer buffer = buffer();
        int keep = entries();
        while (keep > 0 && baseOffset + buffer.getInt((keep - 1) * ENTRY_BYTES + 8) >= offset) {
            keep--;
        }
        truncateToEntries(keep);
    }

    /** True when timestamps strictly increase, offsets never decrease and are not below the base. */
    boolean isConsistent() {
        ByteBuffer buffer = buffer();
        long previousTimestamp = Long.MIN_VALUE;
        int previousOffset = 0;
        for (int i = 0; i < entries(); i++) {
            long timestamp = buffer.getLong(i * ENTRY_BYTES);
            int relative = buffer.getInt(i * ENTRY_BYTES + 8);
            if (timestamp <= previousTimestamp || relative < previousOffset || timestamp < 0) {
                return false;
            }
            previousTimestamp = timestamp;
            previousOffset = relative;
        }
        return true;
    }
}

package io.weir.storage.cleaner;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A bounded map from a record key to the latest offset seen for it, as the cleaner builds it over
 * a log's dirty section. Keys are not stored: each is replaced by its 16-byte MD5 digest, so an
 * entry is 24 bytes (two longs of digest, one long of offset) in one open-addressing table with
 * linear probing. Two keys with the same digest would share an entry (a chance of about
 * n^2 / 2^129 for n keys, far below any hardware error rate).
 *
 * <p>Memory is fixed at construction; the map is full at {@link #LOAD_FACTOR} of its slots (the
 * cleaner then cleans only the prefix of the dirty section it mapped).
 *
 * <p>Thread-safety: none; one cleaner pass owns it.
 */
final class OffsetMap {
    /** Share of slots that may be used before the map reports itself full (Kafka's default 0.9). */
    static final double LOAD_FACTOR = 0.9;
    /** Bytes per entry. */
    static final int ENTRY_BYTES = 24;
    /** {@link #latestOffset} for a key not in the map. */
    static final long ABSENT = -1;

    private final long[] table;
    private final int slots;
    private final int maxEntries;
    private final MessageDigest md5;
    private int entries;
    private long lastOffset = -1;

    /** A map using at most {@code memoryBytes} (at least one entry's worth). */
    OffsetMap(long memoryBytes) {
        long wanted = Math.max(2, memoryBytes / ENTRY_BYTES);
        this.slots = (int) Math.min(wanted, Integer.MAX_VALUE / 3 - 1);
        this.table = new long[slots * 3];
        Arrays.fill(table, ABSENT);
        this.maxEntries = Math.max(1, (int) (slots * LOAD_FACTOR));
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides MD5", e);
        }
    }

    /** How many distinct keys fit. */
    int maxEntries() {
        return maxEntries;
    }

    int size() {
        return entries;
    }

    boolean isFull() {
        return entries >= maxEntries;
    }

    /** The largest offset put so far, or -1. */
    long lastOffset() {
        return lastOffset;
    }

    /**
     * Records that {@code key}'s latest record is at {@code offset} (offsets are put in increasing
     * order). Returns false, changing nothing, when the key is new and the map is full.
     */
    boolean put(ByteBuffer key, long offset) {
        byte[] digest = digest(key);
        long high = ByteBuffer.wrap(digest).getLong(0);
        long low = ByteBuffer.wrap(digest).getLong(8);
        int slot = find(high, low);
        int at = slot * 3;
        if (table[at + 2] == ABSENT) {
            if (isFull()) {
                return false;
            }
            table[at] = high;
            table[at + 1] = low;
            entries++;
        }
        table[at + 2] = offset;
        lastOffset = Math.max(lastOffset, offset);
        return true;
    }

    /** The latest offset put for {@code key}, or {@link #ABSENT}. */
    long latestOffset(ByteBuffer key) {
        byte[] digest = digest(key);
        int slot = find(ByteBuffer.wrap(digest).getLong(0), ByteBuffer.wrap(digest).getLong(8));
        return table[slot * 3 + 2];
    }

    /** The slot holding this digest, or the empty slot where it belongs. */
    private int find(long high, long low) {
        int slot = (int) Long.remainderUnsigned(high ^ (low >>> 7), slots);
        while (true) {
            int at = slot * 3;
            if (table[at + 2] == ABSENT || (table[at] == high && table[at + 1] == low)) {
                return slot;
            }
            slot = slot + 1 == slots ? 0 : slot + 1;
        }
    }

    private byte[] digest(ByteBuffer key) {
        md5.reset();
        md5.update(key.duplicate());
        return md5.digest();
    }
}

package io.weir.storage;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A memory-mapped file of fixed-size entries, the common part of {@link OffsetIndex} and
 * {@link TimeIndex}. The index of the active segment is preallocated to {@code segment.index.bytes}
 * (rounded down to whole entries) and mapped read-write; when the segment stops being active the
 * file is trimmed to its valid entries. An index of an older segment is mapped only on first use.
 * No file descriptor is held: the channel is closed right after mapping.
 *
 * <p>Thread-safety: one writer (the partition log's lock holder) appends and truncates; readers
 * may search concurrently without locks. An entry is written before the volatile entry count that
 * makes it visible, and a remap publishes a new volatile buffer, so readers see complete entries.
 */
abstract sealed class IndexFile permits OffsetIndex, TimeIndex {
    final long baseOffset;
    private final int entryBytes;
    private volatile Path file;
    // Replaced, never mutated in place except by appends below the published entry count.
    private volatile ByteBuffer mmap = ByteBuffer.allocate(0);
    private volatile int entries;
    private volatile int maxEntries;
    private volatile boolean loaded;

    IndexFile(Path file, long baseOffset, int entryBytes) {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entryBytes = entryBytes;
    }

    Path file() {
        return file;
    }

    boolean isLoaded() {
        return loaded;
    }

    int entries() {
        return entries;
    }

    int maxEntries() {
        return maxEntries;
    }

    boolean isFull() {
        return entries >= maxEntries;
    }

    /** Maps the existing file read-only with every whole entry in it counted as valid. */
    synchronized void load() throws IOException {
        if (loaded) {
            return;
        }
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        long length = Files.size(file);
        remap(length, false);
        entries = (int) (length / entryBytes);
        maxEntries = entries;
        loaded = true;
    }

    /** Grows the file to {@code maxIndexBytes} and maps it read-write so that entries can be added. */
    synchronized void makeWritable(int maxIndexBytes) throws IOException {
        if (!loaded) {
            load();
        }
        int capacity = Math.max(maxIndexBytes / entryBytes, entries + 1);
        remap((long) capacity * entryBytes, true);
        maxEntries = capacity;
    }

    /** Cuts the file to its valid entries and maps it read-only. */
    synchronized void trimToValidSize() throws IOException {
        if (!loaded) {
            return;
        }
        remap((long) entries * entryBytes, false);
        maxEntries = entries;
    }

    private void remap(long lengthBytes, boolean writable) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(lengthBytes);
            FileChannel.MapMode mode = writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY;
            MappedByteBuffer mapped = raf.getChannel().map(mode, 0, lengthBytes);
            mmap = mapped;
        }
    }

    /** Drops every entry (the file keeps its size). */
    void reset() {
        entries = 0;
    }

    /** Keeps only the first {@code count} entries. */
    void truncateToEntries(int count) {
        entries = Math.min(entries, Math.max(0, count));
    }

    final ByteBuffer buffer() {
        return mmap;
    }

    /** Writes one entry through {@code writer} at the next slot and then publishes it. */
    final void appendEntry(EntryWriter writer) {
        if (isFull()) {
            throw new IllegalStateException("index " + file + " is full with " + entries + " entries");
        }
        int n = entries;
        writer.write(mmap, n * entryBytes);
        entries = n + 1;
    }

    final int entryBytes() {
        return entryBytes;
    }

    /** Index of the last entry whose key is at most {@code target}, or -1; keys must increase. */
    final int floorSlot(ByteBuffer buffer, int count, long target, KeyReader reader) {
        int low = 0;
        int high = count - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (reader.key(buffer, mid * entryBytes) <= target) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    void flush() {
        ByteBuffer current = mmap;
        if (current instanceof MappedByteBuffer mapped && !current.isReadOnly()) {
            mapped.force();
        }
    }

    void renameTo(Path target) throws IOException {
        if (Files.exists(file)) {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
        file = target;
    }

    void deleteIfExists() throws IOException {
        Files.deleteIfExists(file);
    }

    /** Drops the mapping (the garbage collector unmaps it). */
    synchronized void close() {
        mmap = ByteBuffer.allocate(0);
        entries = 0;
        maxEntries = 0;
        loaded = false;
    }

    /** Writes an entry at an absolute byte position. */
    @FunctionalInterface
    interface EntryWriter {
        void write(ByteBuffer buffer, int position);
    }

    /** Reads the search key of the entry at an absolute byte position. */
    @FunctionalInterface
    interface KeyReader {
        long key(ByteBuffer buffer, int position);
    }
}

package io.weir.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The aborted-transaction index of one segment, file {@code <20-digit base offset>.txnindex}, laid
 * out as Kafka lays it out: a sequence of 34-byte entries, one per transaction aborted by a marker
 * in this segment, in marker order, each {@code version int16 (0), producerId int64, firstOffset
 * int64, lastOffset int64, lastStableOffset int64}, big-endian. A torn trailing entry (a crash in
 * the middle of a write) is ignored on load and cut off by the next rewrite.
 *
 * <p>The entries are also kept in memory (aborts are rare; a segment holds few). Each append is
 * written and fsynced at once, so that an entry on disk never lags its marker by more than the
 * marker's own durability; entries beyond the recovered log end are removed by {@link #truncateTo}.
 *
 * <p>Thread-safety: writes ({@link #append}, {@link #truncateTo}, {@link #delete}) come from the
 * partition log's writer lock; {@link #entries()} may be read from any thread (it publishes an
 * immutable list through a volatile field).
 */
final class TransactionIndex {
    static final int ENTRY_BYTES = 34;
    static final short VERSION = 0;

    private final Path file;
    private volatile List<AbortedTxn> entries;

    private TransactionIndex(Path file, List<AbortedTxn> entries) {
        this.file = file;
        this.entries = List.copyOf(entries);
    }

    /** An empty index for a new segment: any leftover file of that name is removed. */
    static TransactionIndex create(Path file) throws IOException {
        Files.deleteIfExists(file);
        return new TransactionIndex(file, List.of());
    }

    /** Loads the index file; a missing file is an empty index. */
    static TransactionIndex load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new TransactionIndex(file, List.of());
        }
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        List<AbortedTxn> entries = new ArrayList<>(bytes.remaining() / ENTRY_BYTES);
        while (bytes.remaining() >= ENTRY_BYTES) {
            short version = bytes.getShort();
            if (version != VERSION) {
                throw new IOException("unknown transaction index entry version " + version + " in " + file);
            }
            entries.add(new AbortedTxn(bytes.getLong(), bytes.getLong(), bytes.getLong(), bytes.getLong()));
        }
        TransactionIndex index = new TransactionIndex(file, entries);
        if (bytes.hasRemaining()) {
            index.rewrite(entries); // cut the torn entry, so that appends follow whole entries
        }
        return index;
    }

    Path file() {
        return file;
    }

    List<AbortedTxn> entries() {
        return entries;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Appends one entry and fsyncs the file. */
    void append(AbortedTxn txn) throws IOException {
        List<AbortedTxn> next = new ArrayList<>(entries);
        next.add(txn);
        write(List.of(txn), StandardOpenOption.APPEND);
        entries = List.copyOf(next);
    }

    /** Keeps only the entries whose marker lies below {@code offset}; rewrites the file if any go. */
    void truncateTo(long offset) throws IOException {
        List<AbortedTxn> kept = entries.stream().filter(txn -> txn.lastOffset() < offset).toList();
        if (kept.size() == entries.size() && sizeMatches()) {
            return;
        }
        rewrite(kept);
    }

    /** Replaces the file's content with {@code newEntries} (written whole, then fsynced). */
    void rewrite(List<AbortedTxn> newEntries) throws IOException {
        if (newEntries.isEmpty()) {
            Files.deleteIfExists(file);
        } else {
            write(newEntries, StandardOpenOption.TRUNCATE_EXISTING);
        }
        entries = List.copyOf(newEntries);
    }

    private boolean sizeMatches() throws IOException {
        long expected = (long) entries.size() * ENTRY_BYTES;
        return Files.exists(file) ? Files.size(file) == expected : expected == 0;
    }

    void delete() throws IOException {
        Files.deleteIfExists(file);
        entries = List.of();
    }

    private void write(List<AbortedTxn> toWrite, StandardOpenOption mode) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(toWrite.size() * ENTRY_BYTES);
        for (AbortedTxn txn : toWrite) {
            buffer.putShort(VERSION).putLong(txn.producerId()).putLong(txn.firstOffset()).putLong(txn.lastOffset())
                    .putLong(txn.lastStableOffset());
        }
        buffer.flip();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }
}

package io.weir.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The aborted-transaction indexes of one partition's segments, by segment base offset: a
 * {@link TransactionIndex} file {@code <base>.txnindex} exists only for segments in which a
 * transaction was aborted. An entry lives in the index of the segment that holds its ABORT marker.
 *
 * <p>Thread-safety: changes come from the partition log's writer lock; {@link #collect} may run on
 * any thread (the map is concurrent, each index publishes immutable lists).
 */
final class TransactionIndexes {
    private final Path dir;
    private final ConcurrentSkipListMap<Long, TransactionIndex> indexes = new ConcurrentSkipListMap<>();

    TransactionIndexes(Path dir) {
        this.dir = dir;
    }

    static Path file(Path dir, long baseOffset) {
        return dir.resolve(LogFileNames.offsetName(baseOffset) + LogFileNames.TXN_INDEX_SUFFIX);
    }

    /**
     * Loads the index of every segment in {@code segmentBases}; removes {@code .txnindex} files of
     * segments that no longer exist (left by a crash during a deletion).
     */
    void load(Collection<Long> segmentBases) throws IOException {
        indexes.clear();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + LogFileNames.TXN_INDEX_SUFFIX)) {
            for (Path path : files) {
                OptionalLong base = LogFileNames.parseOffset(path.getFileName().toString(), LogFileNames.TXN_INDEX_SUFFIX);
                if (base.isEmpty() || !segmentBases.contains(base.getAsLong())) {
                    Files.deleteIfExists(path);
                    continue;
                }
                TransactionIndex index = TransactionIndex.load(path);
                if (!index.isEmpty()) {
                    indexes.put(base.getAsLong(), index);
                }
            }
        }
    }

    /** Records an abort whose marker was written to the segment starting at {@code segmentBase}. */
    void append(long segmentBase, AbortedTxn txn) throws IOException {
        TransactionIndex index = indexes.get(segmentBase);
        if (index == null) {
            index = TransactionIndex.create(file(dir, segmentBase));
            indexes.put(segmentBase, index);
        }
        index.append(txn);
    }

    /** Removes every entry whose marker is at or after {@code offset} (log truncation, replay). */
    void truncateTo(long offset) throws IOException {
        for (Map.Entry<Long, TransactionIndex> entry : indexes.entrySet()) {
            entry.getValue().truncateTo(offset);
            if (entry.getValue().isEmpty()) {
                indexes.remove(entry.getKey(), entry.getValue());
            }
        }
    }

    /** Deletes the index of a segment that is going away. */
    void remove(long segmentBase) throws IOException {
        TransactionIndex index = indexes.remove(segmentBase);
        if (index != null) {
            index.delete();
        } else {
            Files.deleteIfExists(file(dir, segmentBase));
        }
    }

    /**
     * The segments {@code replacedBases} were cleaned into the segment starting at
     * {@code cleanedBase} (the first of them): their entries move into its index, except those
     * whose ABORT marker is at one of {@code droppedMarkerOffsets} (their records are all gone).
     */
    void merge(long cleanedBase, List<Long> replacedBases, Set<Long> droppedMarkerOffsets) throws IOException {
        List<AbortedTxn> merged = new ArrayList<>();
        boolean hadIndex = false;
        for (long base : replacedBases) {
            TransactionIndex index = indexes.get(base);
            if (index != null) {
                hadIndex = true;
                index.entries().stream().filter(txn -> !droppedMarkerOffsets.contains(txn.lastOffset())).forEach(merged::add);
            }
        }
        if (!hadIndex) {
            return;
        }
        if (merged.isEmpty()) {
            for (long base : replacedBases) {
                remove(base);
            }
            return;
        }
        TransactionIndex target = indexes.get(cleanedBase);
        if (target == null) {
            target = TransactionIndex.create(file(dir, cleanedBase));
        }
        target.rewrite(merged);
        indexes.put(cleanedBase, target);
        for (long base : replacedBases) {
            if (base != cleanedBase) {
                remove(base);
            }
        }
    }

    /** Removes every index (the log was emptied). */
    void clear() throws IOException {
        for (long base : new ArrayList<>(indexes.keySet())) {
            remove(base);
        }
    }

    /**
     * Every aborted transaction with an offset in {@code [fetchOffset, upperBoundOffset)}, in
     * marker order. Entries of segments before the one holding {@code fetchOffset} end before it.
     */
    List<AbortedTxn> collect(long fetchOffset, long upperBoundOffset) {
        Long from = indexes.floorKey(fetchOffset);
        List<AbortedTxn> found = new ArrayList<>();
        for (TransactionIndex index : (from == null ? indexes : indexes.tailMap(from, true)).values()) {
            for (AbortedTxn txn : index.entries()) {
                if (txn.overlaps(fetchOffset, upperBoundOffset)) {
                    found.add(txn);
                }
            }
        }
        return found;
    }

    /** Every entry of every index, in segment then marker order (tests, diagnostics). */
    List<AbortedTxn> all() {
        List<AbortedTxn> all = new ArrayList<>();
        indexes.values().forEach(index -> all.addAll(index.entries()));
        return all;
    }
}

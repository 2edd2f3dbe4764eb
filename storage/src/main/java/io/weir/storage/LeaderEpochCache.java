package io.weir.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which leader epoch started at which offset in this partition, kept in the file
 * {@code leader-epoch-checkpoint} in Kafka's checkpoint format (line {@code 0}, line with the
 * count, then {@code <epoch> <startOffset>} lines), rewritten atomically on every change. Epochs
 * and start offsets both strictly increase. Followers use it through {@link #endOffsetFor}
 * (OffsetForLeaderEpoch, KIP-101/KIP-279) to find where their log diverged from the leader's.
 *
 * <p>Thread-safety: all methods are synchronized; writes come from the partition log's writer.
 */
public final class LeaderEpochCache {
    private static final Logger log = LoggerFactory.getLogger(LeaderEpochCache.class);

    private final Path file;
    private final String logPrefix;
    private final TreeMap<Integer, Long> startOffsets = new TreeMap<>();

    /** Loads the checkpoint file if it exists (a malformed one is dropped with a warning). */
    LeaderEpochCache(Path file, String logPrefix) {
        this.file = file;
        this.logPrefix = logPrefix;
        try {
            CheckpointFile.read(file).ifPresent(entries -> {
                for (String[] entry : entries) {
                    startOffsets.put(Integer.parseInt(entry[0]), Long.parseLong(entry[1]));
                }
            });
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            log.warn("{} ignoring malformed {}: {}", logPrefix, file.getFileName(), e.getMessage());
            startOffsets.clear();
        }
    }

    /**
     * Records that {@code epoch} starts at {@code startOffset}. A no-op when the epoch is already
     * the latest; entries with an epoch or start offset at or above the new ones are replaced
     * (they came from a leader whose log this one no longer follows).
     */
    public synchronized void assign(int epoch, long startOffset) {
        if (epoch < 0) {
            return;
        }
        Map.Entry<Integer, Long> latest = startOffsets.lastEntry();
        if (latest != null && latest.getKey() == epoch) {
            return;
        }
        if (latest != null && latest.getKey() > epoch) {
            log.warn("{} not assigning epoch {} at {}: latest epoch is already {}", logPrefix, epoch, startOffset, latest.getKey());
            return;
        }
        startOffsets.entrySet().removeIf(e -> e.getValue() >= startOffset);
        startOffsets.put(epoch, startOffset);
        persist();
    }

    public synchronized OptionalInt latestEpoch() {
        return startOffsets.isEmpty() ? OptionalInt.empty() : OptionalInt.of(startOffsets.lastKey());
    }

    /** The epoch of the leader that wrote {@code offset}, when known. */
    public synchronized OptionalInt epochForOffset(long offset) {
        int found = -1;
        for (Map.Entry<Integer, Long> entry : startOffsets.entrySet()) {
            if (entry.getValue() <= offset) {
                found = entry.getKey();
            }
        }
        return found < 0 ? OptionalInt.empty() : OptionalInt.of(found);
    }

    /**
     * OffsetForLeaderEpoch: the largest epoch at most {@code requestedEpoch} and the offset where
     * it ended: the next epoch's start offset, or {@code logEndOffset} for the latest epoch. A
     * requested epoch below every known one answers (requestedEpoch, first epoch's start offset);
     * one above the latest, or an empty cache, answers {@link EpochEndOffset#UNDEFINED}.
     */
    public synchronized EpochEndOffset endOffsetFor(int requestedEpoch, long logEndOffset) {
        if (requestedEpoch < 0 || startOffsets.isEmpty()) {
            return EpochEndOffset.UNDEFINED;
        }
        if (requestedEpoch == startOffsets.lastKey()) {
            return new EpochEndOffset(requestedEpoch, logEndOffset);
        }
        Map.Entry<Integer, Long> higher = startOffsets.higherEntry(requestedEpoch);
        if (higher == null) {
            return EpochEndOffset.UNDEFINED;
        }
        Map.Entry<Integer, Long> floor = startOffsets.floorEntry(requestedEpoch);
        if (floor == null) {
            return new EpochEndOffset(requestedEpoch, higher.getValue());
        }
        return new EpochEndOffset(floor.getKey(), higher.getValue());
    }

    /** Drops entries starting at or after {@code endOffset} (the log was truncated there). */
    public synchronized void truncateFromEnd(long endOffset) {
        if (startOffsets.entrySet().removeIf(e -> e.getValue() >= endOffset)) {
            persist();
        }
    }

    /**
     * The log now starts at {@code startOffset}: entries wholly before it go, and the epoch that
     * covers it is moved to start there.
     */
    public synchronized void truncateFromStart(long startOffset) {
        NavigableMap<Integer, Long> before = new TreeMap<>();
        startOffsets.forEach((epoch, offset) -> {
            if (offset < startOffset) {
                before.put(epoch, offset);
            }
        });
        if (before.isEmpty()) {
            return;
        }
        int covering = before.lastKey();
        before.keySet().forEach(startOffsets::remove);
        if (!startOffsets.containsValue(startOffset)) {
            startOffsets.put(covering, startOffset);
        }
        persist();
    }

    /** Removes every entry. */
    public synchronized void clear() {
        startOffsets.clear();
        persist();
    }

    /** (epoch, start offset) pairs in epoch order. */
    public synchronized List<Map.Entry<Integer, Long>> entries() {
        return new ArrayList<>(Map.copyOf(startOffsets).entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList());
    }

    private void persist() {
        List<String> lines = new ArrayList<>();
        startOffsets.forEach((epoch, offset) -> lines.add(epoch + " " + offset));
        CheckpointFile.write(file, lines);
    }
}

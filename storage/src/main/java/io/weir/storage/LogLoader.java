package io.weir.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a partition directory: cleans leftovers, opens segments lazily, and runs crash recovery
 * from the recovery point. Recovery scans each segment batch by batch; the first torn or corrupt
 * batch truncates its segment there (one WARN line naming the directory, segment and byte
 * position) and every later segment is deleted; indexes of scanned segments are rebuilt and the
 * epoch cache is refilled from the scanned batches; the producer state is then rebuilt from its newest
 * snapshot at or below the recovered log end and the batches after it. Thread-safety: used by one thread at open.
 */
final class LogLoader {
    private static final Logger log = LoggerFactory.getLogger(LogLoader.class);

    private LogLoader() {}

    static PartitionLog load(Path dir, LogConfig config, Clock clock, long recoveryPoint, long logStartOffset)
            throws IOException {
        String prefix = "[log " + dir.getFileName() + "]";
        long nowMs = clock.millis();
        cleanLeftovers(dir);
        ConcurrentSkipListMap<Long, LogSegment> segments = openSegments(dir, config, nowMs, prefix);
        LeaderEpochCache epochCache = new LeaderEpochCache(dir.resolve(LogFileNames.LEADER_EPOCH_CHECKPOINT), prefix);
        if (segments.isEmpty()) {
            long base = Math.max(0, logStartOffset);
            segments.put(base, LogSegment.create(dir, base, config, nowMs, prefix));
        }
        boolean clean = recoveryPoint == PartitionLog.CLEAN_SHUTDOWN_RECOVERY_POINT;
        long logEnd = clean ? segments.lastEntry().getValue().readNextOffset()
                : recover(dir, segments, Math.max(0, recoveryPoint), epochCache, prefix);
        LogSegment active = segments.lastEntry().getValue();
        active.makeActive();
        long start = Math.max(logStartOffset, segments.firstKey());
        epochCache.truncateFromEnd(logEnd);
        epochCache.truncateFromStart(Math.min(start, logEnd));
        PartitionLog partitionLog =
                new PartitionLog(dir, config, clock, segments, epochCache, logEnd, Math.min(start, logEnd), logEnd, prefix);
        if (start > logEnd) {
            partitionLog.truncateFullyAndStartAt(start);
        }
        partitionLog.loadProducerState();
        log.info("{} loaded {} segment(s), log start offset {}, log end offset {}{}", prefix, segments.size(),
                partitionLog.logStartOffset(), partitionLog.logEndOffset(), clean ? " (clean shutdown)" : "");
        return partitionLog;
    }

    /** Removes {@code .deleted}, {@code .cleaned} and {@code .tmp} files; completes {@code .swap} renames. */
    private static void cleanLeftovers(Path dir) throws IOException {
        List<Path> swaps = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(LogFileNames.DELETED_SUFFIX) || name.endsWith(LogFileNames.CLEANED_SUFFIX)
                        || name.endsWith(LogFileNames.TMP_SUFFIX)) {
                    Files.deleteIfExists(file);
                } else if (name.endsWith(LogFileNames.SWAP_SUFFIX)) {
                    swaps.add(file);
                }
            }
        }
        // A .swap file is a finished replacement whose final rename was interrupted: finish it.
        for (Path swap : swaps) {
            String name = swap.getFileName().toString();
            Path target = swap.resolveSibling(name.substring(0, name.length() - LogFileNames.SWAP_SUFFIX.length()));
            Files.move(swap, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static ConcurrentSkipListMap<Long, LogSegment> openSegments(Path dir, LogConfig config, long nowMs, String prefix)
            throws IOException {
        ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
        List<Path> orphanIndexes = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                OptionalLong logBase = LogFileNames.parseOffset(name, LogFileNames.LOG_SUFFIX);
                if (logBase.isPresent()) {
                    segments.put(logBase.getAsLong(), LogSegment.open(dir, logBase.getAsLong(), config, nowMs, prefix));
                    continue;
                }
                OptionalLong indexBase = LogFileNames.parseOffset(name, LogFileNames.INDEX_SUFFIX);
                OptionalLong timeBase = LogFileNames.parseOffset(name, LogFileNames.TIME_INDEX_SUFFIX);
                long base = indexBase.orElse(timeBase.orElse(-1));
                if (base >= 0 && !Files.exists(LogFileNames.logFile(dir, base))) {
                    orphanIndexes.add(file);
                }
            }
        }
        for (Path orphan : orphanIndexes) {
            Files.deleteIfExists(orphan);
        }
        return segments;
    }

    /** Scans segments from the one holding the recovery point; returns the log end offset. */
    private static long recover(Path dir, ConcurrentSkipListMap<Long, LogSegment> segments, long recoveryPoint,
            LeaderEpochCache epochCache, String prefix) throws IOException {
        Long from = segments.floorKey(recoveryPoint);
        long firstScanned = from == null ? segments.firstKey() : from;
        epochCache.truncateFromEnd(firstScanned);
        List<LogSegment> toScan = new ArrayList<>(segments.tailMap(firstScanned, true).values());
        long nextOffset = firstScanned;
        for (int i = 0; i < toScan.size(); i++) {
            LogSegment segment = toScan.get(i);
            RecoveryResult result = segment.recover(nextOffset,
                    batch -> epochCache.assign(batch.partitionLeaderEpoch(), batch.baseOffset()));
            nextOffset = result.nextOffset().orElse(Math.max(nextOffset, segment.baseOffset()));
            if (result.problem().isPresent()) {
                List<LogSegment> later = toScan.subList(i + 1, toScan.size());
                log.warn("{} recovery truncated {} at byte position {} ({} bytes dropped: {}); deleting {} later segment(s) in {}",
                        prefix, segment.logFile().getFileName(), result.validBytes(), result.truncatedBytes(),
                        result.problem().get(), later.size(), dir);
                for (LogSegment dropped : later) {
                    segments.remove(dropped.baseOffset());
                    deleteSegmentFiles(dir, dropped);
                }
                segment.flush();
                break;
            }
            if (i < toScan.size() - 1) {
                segment.onBecomeInactive();
            }
            segment.flush();
        }
        return segments.lastEntry().getValue().readNextOffset();
    }

    private static void deleteSegmentFiles(Path dir, LogSegment segment) throws IOException {
        segment.release();
        Files.deleteIfExists(LogFileNames.logFile(dir, segment.baseOffset()));
        Files.deleteIfExists(LogFileNames.offsetIndexFile(dir, segment.baseOffset()));
        Files.deleteIfExists(LogFileNames.timeIndexFile(dir, segment.baseOffset()));
    }
}

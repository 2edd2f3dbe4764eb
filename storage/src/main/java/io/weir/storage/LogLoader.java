package io.weir.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
        List<Long> swapped = cleanLeftovers(dir, prefix);
        ConcurrentSkipListMap<Long, LogSegment> segments = openSegments(dir, config, nowMs, prefix);
        for (long base : swapped) {
            LogSegment segment = segments.get(base);
            if (segment != null) {
                segment.rebuildIndexesNow();
            }
        }
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

    /**
     * Removes {@code .deleted}, {@code .cleaned} and {@code .tmp} files and completes interrupted
     * cleaner swaps; returns the base offsets of the segments a swap completed (their indexes must
     * be rebuilt).
     *
     * <p>The cleaner renames a cleaned segment's files to {@code .swap} indexes first and the
     * {@code .log} last, then renames the segments it replaces to {@code .deleted}, then drops the
     * {@code .swap} suffixes. So a {@code <base>.log.swap} means the cleaned segment is complete
     * (it was flushed before the rename): every old segment whose base offset lies in
     * [base, the cleaned segment's next offset) is removed and the {@code .log.swap} takes its final
     * name. Index {@code .swap} files are removed and the swapped segment's indexes rebuilt, since
     * after a crash it is unknown whether an index file present is the old or the new one.
     * Without a {@code .log.swap} the old segments are intact and the partial cleaned files go.
     */
    private static List<Long> cleanLeftovers(Path dir, String prefix) throws IOException {
        List<Long> swappedLogs = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(LogFileNames.DELETED_SUFFIX) || name.endsWith(LogFileNames.CLEANED_SUFFIX)
                        || name.endsWith(LogFileNames.TMP_SUFFIX)) {
                    Files.deleteIfExists(file);
                } else if (name.endsWith(LogFileNames.SWAP_SUFFIX)) {
                    String inner = name.substring(0, name.length() - LogFileNames.SWAP_SUFFIX.length());
                    OptionalLong base = LogFileNames.parseOffset(inner, LogFileNames.LOG_SUFFIX);
                    if (base.isPresent()) {
                        swappedLogs.add(base.getAsLong());
                    } else {
                        Files.deleteIfExists(file);
                    }
                }
            }
        }
        for (long base : swappedLogs) {
            completeSwap(dir, base, prefix);
        }
        if (!swappedLogs.isEmpty()) {
            CheckpointFile.fsyncDirectory(dir);
        }
        return swappedLogs;
    }

    private static void completeSwap(Path dir, long base, String prefix) throws IOException {
        Path swap = dir.resolve(LogFileNames.offsetName(base) + LogFileNames.LOG_SUFFIX + LogFileNames.SWAP_SUFFIX);
        long end = nextOffsetOf(swap, base);
        List<Long> replaced = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                OptionalLong old = LogFileNames.parseOffset(file.getFileName().toString(), LogFileNames.LOG_SUFFIX);
                if (old.isPresent() && old.getAsLong() >= base && old.getAsLong() < Math.max(end, base + 1)) {
                    replaced.add(old.getAsLong());
                }
            }
        }
        for (long old : replaced) {
            Files.deleteIfExists(LogFileNames.logFile(dir, old));
            Files.deleteIfExists(LogFileNames.offsetIndexFile(dir, old));
            Files.deleteIfExists(LogFileNames.timeIndexFile(dir, old));
        }
        Files.deleteIfExists(LogFileNames.offsetIndexFile(dir, base));
        Files.deleteIfExists(LogFileNames.timeIndexFile(dir, base));
        Files.move(swap, LogFileNames.logFile(dir, base), StandardCopyOption.REPLACE_EXISTING);
        log.info("{} completed an interrupted cleaner swap at offset {}: replaced {} segment(s) below offset {}",
                prefix, base, replaced.size(), end);
    }

    /** The offset after the last whole batch of a segment file, or its base when it has none. */
    private static long nextOffsetOf(Path logFile, long base) throws IOException {
        long next = base;
        ByteBuffer header = ByteBuffer.allocate(RecordBatchView.HEADER_BYTES);
        try (FileChannel channel = FileChannel.open(logFile, StandardOpenOption.READ)) {
            long size = channel.size();
            long position = 0;
            while (size - position >= RecordBatchView.HEADER_BYTES) {
                header.clear();
                while (header.hasRemaining() && channel.read(header, position + header.position()) >= 0) {
                    // read the whole header
                }
                RecordBatchView batch = new RecordBatchView(header, 0);
                if (batch.batchLength() < RecordBatchView.HEADER_BYTES - RecordBatchView.LOG_OVERHEAD
                        || position + batch.sizeInBytes() > size) {
                    break;
                }
                next = batch.lastOffset() + 1;
                position += batch.sizeInBytes();
            }
        }
        return next;
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

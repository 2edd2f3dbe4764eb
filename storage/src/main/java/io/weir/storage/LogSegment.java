package io.weir.storage;

import io.weir.storage.errors.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One segment of a partition log: {@code <base offset>.log} holding record batches back to back
 * exactly as {@link RecordBatchView} describes them, with its {@link OffsetIndex} and
 * {@link TimeIndex}. The file name is the base offset zero-padded to 20 digits.
 *
 * <p>An older segment opens nothing until used: its {@code .log} channel opens on the first read
 * and its indexes are mapped and sanity-checked on first lookup (and rebuilt from the log when
 * inconsistent). The active segment keeps its channel open and its indexes preallocated.
 *
 * <p>A segment the cleaner writes carries a suffix on all three names ({@code .cleaned}, then
 * {@code .swap}) until it is installed; {@link #renameFiles} moves it through those names.
 *
 * <p>Lifetime: the log holds one reference; every {@link LogSlice} handed out holds another. When
 * the log deletes the segment it renames the files to {@code .deleted} and drops its reference;
 * the channel closes when the last reference goes, and the files are removed by
 * {@link #deleteFilesIfUnused}.
 *
 * <p>Thread-safety: appends, truncation, recovery and renames happen under the partition log's
 * lock (one writer). Reads take no lock: they are bounded by the volatile published size, which
 * is written only after the bytes and the index entries that describe them.
 *
 * <p>Size: about 700 lines because every operation on a segment's three files (append, scan,
 * recovery, truncation, lazy index checks, renames, deletion) lives together here.
 */
final class LogSegment {
    private static final Logger log = LoggerFactory.getLogger(LogSegment.class);
    static final String DELETED_SUFFIX = ".deleted";

    private final long baseOffset;
    private final String logPrefix;
    private final int maxIndexBytes;
    private final int indexIntervalBytes;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final long createdMs;
    private final long rollJitterMs;
    private final AtomicInteger refCount = new AtomicInteger(1);
    private volatile Path logFile;
    private volatile FileChannel channel;
    private volatile int sizeBytes;
    private volatile boolean indexesChecked;
    private volatile long maxTimestampSoFar = -1;
    private volatile long offsetOfMaxTimestampSoFar = -1;
    private volatile boolean maxTimestampKnown;
    private volatile long deletedAtMs = -1;
    // Writer-only state.
    private int bytesSinceLastIndexEntry;
    private long rollingBaseTimestampMs = -1;
    private boolean rollingBaseKnown;

    private LogSegment(Path dir, long baseOffset, LogConfig config, long nowMs, String logPrefix, int sizeBytes) {
        this(dir, baseOffset, config, nowMs, logPrefix, sizeBytes, "");
    }

    private LogSegment(Path dir, long baseOffset, LogConfig config, long nowMs, String logPrefix, int sizeBytes,
            String fileSuffix) {
        this.baseOffset = baseOffset;
        this.logPrefix = logPrefix;
        this.maxIndexBytes = config.segmentIndexBytes();
        this.indexIntervalBytes = config.indexIntervalBytes();
        this.logFile = withSuffix(LogFileNames.logFile(dir, baseOffset), fileSuffix);
        this.offsetIndex = new OffsetIndex(withSuffix(LogFileNames.offsetIndexFile(dir, baseOffset), fileSuffix), baseOffset);
        this.timeIndex = new TimeIndex(withSuffix(LogFileNames.timeIndexFile(dir, baseOffset), fileSuffix), baseOffset);
        this.createdMs = nowMs;
        this.rollJitterMs = config.segmentJitterMs() == 0 ? 0 : ThreadLocalRandom.current().nextLong(config.segmentJitterMs());
        this.sizeBytes = sizeBytes;
    }

    /** Creates an empty active segment, replacing any leftover files of the same name. */
    static LogSegment create(Path dir, long baseOffset, LogConfig config, long nowMs, String logPrefix) throws IOException {
        Files.deleteIfExists(LogFileNames.logFile(dir, baseOffset));
        Files.deleteIfExists(LogFileNames.offsetIndexFile(dir, baseOffset));
        Files.deleteIfExists(LogFileNames.timeIndexFile(dir, baseOffset));
        Files.createFile(LogFileNames.logFile(dir, baseOffset));
        LogSegment segment = new LogSegment(dir, baseOffset, config, nowMs, logPrefix, 0);
        segment.maxTimestampKnown = true;
        segment.rollingBaseKnown = true;
        segment.indexesChecked = true;
        segment.makeActive();
        return segment;
    }

    private static Path withSuffix(Path file, String suffix) {
        return suffix.isEmpty() ? file : file.resolveSibling(file.getFileName() + suffix);
    }

    /**
     * Creates an empty segment whose three files carry {@code suffix} (the cleaner writes
     * {@code .cleaned} segments), replacing leftovers of the same names; it takes appends until
     * {@link #onBecomeInactive()}.
     */
    static LogSegment createWithSuffix(Path dir, long baseOffset, LogConfig config, long nowMs, String logPrefix,
            String suffix) throws IOException {
        LogSegment segment = new LogSegment(dir, baseOffset, config, nowMs, logPrefix, 0, suffix);
        Files.deleteIfExists(segment.logFile);
        Files.deleteIfExists(segment.offsetIndex.file());
        Files.deleteIfExists(segment.timeIndex.file());
        Files.createFile(segment.logFile);
        segment.maxTimestampKnown = true;
        segment.rollingBaseKnown = true;
        segment.indexesChecked = true;
        segment.makeActive();
        return segment;
    }

    /**
     * Renames the three files to the segment's plain names plus {@code suffix} ({@code ""} for the
     * final names): the indexes first, the {@code .log} last, so that a {@code .log} with a suffix
     * is the last file of the set to move (crash recovery relies on it). Open channels and
     * mappings keep working.
     */
    void renameFiles(String suffix) throws IOException {
        Path dir = logFile.getParent();
        offsetIndex.renameTo(withSuffix(LogFileNames.offsetIndexFile(dir, baseOffset), suffix));
        timeIndex.renameTo(withSuffix(LogFileNames.timeIndexFile(dir, baseOffset), suffix));
        Path target = withSuffix(LogFileNames.logFile(dir, baseOffset), suffix);
        Files.move(logFile, target, StandardCopyOption.REPLACE_EXISTING);
        logFile = target;
    }

    /** Removes the three files now (a cleaned segment that was never installed). */
    void deleteFilesNow() throws IOException {
        Files.deleteIfExists(logFile);
        offsetIndex.deleteIfExists();
        timeIndex.deleteIfExists();
    }

    /** Rebuilds both indexes from the log now (after a crash left them unknown). */
    synchronized void rebuildIndexesNow() throws IOException {
        rebuildIndexes();
        indexesChecked = true;
    }

    /** Receives batches of a segment scan; the view's buffer is reused after the call. */
    @FunctionalInterface
    interface BatchVisitor {
        void visit(RecordBatchView batch) throws IOException;
    }

    /**
     * Reads every whole batch below {@code limitBytes} in order, in chunks of at least
     * {@code chunkBytes}, without validating them (they were validated when appended or
     * recovered). A batch larger than the chunk is read into a buffer of its own size.
     */
    void forEachBatch(int limitBytes, int chunkBytes, BatchVisitor visitor) throws IOException {
        int limit = Math.min(limitBytes, sizeBytes);
        ByteBuffer chunk = ByteBuffer.allocate(chunkBytes);
        int chunkStart = 0;
        chunk.limit(0);
        while (true) {
            int inChunk = chunk.limit() - chunk.position();
            if (inChunk < RecordBatchView.HEADER_BYTES || chunk.getInt(chunk.position() + RecordBatchView.LENGTH_OFFSET)
                    + RecordBatchView.LOG_OVERHEAD > inChunk) {
                int position = chunkStart + chunk.position();
                if (limit - position < RecordBatchView.HEADER_BYTES) {
                    return;
                }
                Optional<RecordBatchView> header = readHeader(position, limit);
                if (header.isEmpty()) {
                    return;
                }
                int wanted = Math.min(limit - position, Math.max(chunkBytes, header.get().sizeInBytes()));
                chunk = chunk.capacity() >= wanted ? chunk.clear().limit(wanted) : ByteBuffer.allocate(wanted);
                readFully(chunk, position);
                chunkStart = position;
                continue;
            }
            RecordBatchView batch = new RecordBatchView(chunk, chunk.position());
            visitor.visit(batch);
            chunk.position(chunk.position() + batch.sizeInBytes());
        }
    }

    /** Opens an existing segment lazily: only its size is read. */
    static LogSegment open(Path dir, long baseOffset, LogConfig config, long nowMs, String logPrefix) throws IOException {
        int size = Math.toIntExact(Files.size(LogFileNames.logFile(dir, baseOffset)));
        return new LogSegment(dir, baseOffset, config, nowMs, logPrefix, size);
    }

    long baseOffset() {
        return baseOffset;
    }

    int sizeInBytes() {
        return sizeBytes;
    }

    Path logFile() {
        return logFile;
    }

    /** True once both indexes are mapped; false for an older segment nobody has looked up yet. */
    boolean indexesLoaded() {
        return offsetIndex.isLoaded() && timeIndex.isLoaded();
    }

    FileChannel channel() throws IOException {
        FileChannel current = channel;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (channel == null) {
                channel = FileChannel.open(logFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            return channel;
        }
    }

    /** Maps and grows both indexes so that this segment can take appends. */
    void makeActive() throws IOException {
        ensureIndexes();
        offsetIndex.makeWritable(maxIndexBytes);
        timeIndex.makeWritable(maxIndexBytes);
        bytesSinceLastIndexEntry = sizeBytes - offsetIndex.lastEntry().position();
        channel();
    }

    boolean isIndexFull() throws IOException {
        ensureIndexes();
        return offsetIndex.isFull() || timeIndex.isAlmostFull();
    }

    /** Kafka's time-based roll: the incoming batch's timestamp (or now) against the first batch's. */
    boolean shouldRollByTime(long nowMs, long incomingMaxTimestampMs, long segmentMs) throws IOException {
        if (sizeBytes == 0) {
            return false;
        }
        if (!rollingBaseKnown) {
            rollingBaseTimestampMs = readHeader(0, sizeBytes).map(RecordBatchView::maxTimestamp).orElse(-1L);
            rollingBaseKnown = true;
        }
        long waitedMs = rollingBaseTimestampMs >= 0 && incomingMaxTimestampMs >= 0
                ? incomingMaxTimestampMs - rollingBaseTimestampMs
                : nowMs - createdMs;
        return waitedMs > segmentMs - rollJitterMs;
    }

    /**
     * Appends already-validated batches with one positional write, then indexes them, then
     * publishes the new size.
     */
    void append(ByteBuffer batches) throws IOException {
        int startPosition = sizeBytes;
        ByteBuffer toWrite = batches.duplicate();
        FileChannel ch = channel();
        long at = startPosition;
        try {
            while (toWrite.hasRemaining()) {
                at += ch.write(toWrite, at);
            }
        } catch (IOException e) {
            dropPartialWrite(ch, startPosition, e);
            throw e;
        }
        int position = startPosition;
        for (var it = RecordBatchView.batches(batches.duplicate()); it.hasNext(); ) {
            RecordBatchView batch = it.next();
            if (startPosition == 0 && position == 0) {
                rollingBaseTimestampMs = batch.maxTimestamp();
                rollingBaseKnown = true;
            }
            indexBatch(batch.lastOffset(), batch.maxTimestamp(), position, batch.sizeInBytes());
            position += batch.sizeInBytes();
        }
        sizeBytes = position;
    }

    /**
     * Cuts what a failed write left after the last whole append (a full disk takes part of a
     * write), so that nothing the caller was refused can be read back, after a restart either.
     */
    private void dropPartialWrite(FileChannel ch, int endPosition, IOException failure) {
        try {
            ch.truncate(endPosition);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private void indexBatch(long lastOffset, long maxTimestampMs, int position, int batchBytes) {
        if (maxTimestampMs > maxTimestampSoFar) {
            offsetOfMaxTimestampSoFar = lastOffset;
            maxTimestampSoFar = maxTimestampMs;
        }
        if (bytesSinceLastIndexEntry > indexIntervalBytes) {
            if (!offsetIndex.isFull()) {
                offsetIndex.append(lastOffset, position);
            }
            timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar, false);
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += batchBytes;
    }

    /** Reads a batch header at {@code position} if a whole batch fits before {@code limit}. */
    Optional<RecordBatchView> readHeader(int position, int limit) throws IOException {
        if (limit - position < RecordBatchView.HEADER_BYTES) {
            return Optional.empty();
        }
        ByteBuffer header = ByteBuffer.allocate(RecordBatchView.HEADER_BYTES);
        readFully(header, position);
        RecordBatchView view = new RecordBatchView(header, 0);
        int length = view.batchLength();
        if (length < RecordBatchView.HEADER_BYTES - RecordBatchView.LOG_OVERHEAD || (long) position + view.sizeInBytes() > limit) {
            return Optional.empty();
        }
        return Optional.of(view);
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        FileChannel ch = channel();
        while (buffer.hasRemaining()) {
            int read = ch.read(buffer, position + buffer.position());
            if (read < 0) {
                throw new IOException("unexpected end of " + logFile + " at " + (position + buffer.position()));
            }
        }
        buffer.flip();
    }

    /** The whole batch at a location, copied into a heap buffer. */
    ByteBuffer readBatch(BatchLocation location) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(location.sizeInBytes());
        readFully(buffer, location.position());
        return buffer;
    }

    /** The batch holding {@code offset} (the first batch whose last offset reaches it), if any. */
    Optional<BatchLocation> translateOffset(long offset) throws IOException {
        ensureIndexes();
        int limit = sizeBytes;
        int position = offsetIndex.lookup(offset).position();
        while (true) {
            Optional<RecordBatchView> header = readHeader(position, limit);
            if (header.isEmpty()) {
                return Optional.empty();
            }
            RecordBatchView batch = header.get();
            if (batch.lastOffset() >= offset) {
                return Optional.of(new BatchLocation(batch.baseOffset(), batch.lastOffset(), position, batch.sizeInBytes()));
            }
            position += batch.sizeInBytes();
        }
    }

    /**
     * Whole batches from the one holding {@code startOffset}, ending at or before
     * {@code maxPosition}, at most {@code maxBytes} unless {@code minOneBatch} lets the first batch
     * exceed it. Empty Optional when no batch of this segment holds the offset; an empty slice when
     * one does but the bounds exclude it. A non-empty slice keeps a reference the caller took.
     */
    Optional<LogSlice> read(long startOffset, int maxBytes, int maxPosition, boolean minOneBatch) throws IOException {
        Optional<BatchLocation> found = translateOffset(startOffset);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        BatchLocation first = found.get();
        int limit = Math.min(sizeBytes, maxPosition);
        if (first.endPosition() > limit || (first.sizeInBytes() > maxBytes && !minOneBatch)) {
            return Optional.of(LogSlice.empty());
        }
        int end = skipToIndexedBatch(first, maxBytes, limit);
        while (end < limit) {
            Optional<RecordBatchView> next = readHeader(end, limit);
            if (next.isEmpty() || (long) end + next.get().sizeInBytes() - first.position() > maxBytes) {
                break;
            }
            end += next.get().sizeInBytes();
        }
        return Optional.of(new LogSlice(channel(), first.position(), end - first.position(), this::release));
    }

    /**
     * Where the scan for a read's last batch may start: the last indexed batch start that the read
     * reaches (at most {@code maxBytes} from the first batch and not past {@code limit}), so that
     * a large read reads the headers of the batches after that entry only, not of all of them.
     */
    private int skipToIndexedBatch(BatchLocation first, int maxBytes, int limit) {
        int end = first.endPosition();
        int bound = (int) Math.min(limit, (long) first.position() + maxBytes);
        OptionalInt indexed = offsetIndex.floorPosition(bound);
        return indexed.isPresent() && indexed.getAsInt() > end ? indexed.getAsInt() : end;
    }

    /**
     * Scans every batch, validating structure, CRC and increasing offsets (not below
     * {@code minOffset}), rebuilds both indexes, and truncates the file at the first bad batch.
     * Each valid batch is passed to {@code onBatch} (its buffer is reused afterwards).
     */
    RecoveryResult recover(long minOffset, Consumer<RecordBatchView> onBatch) throws IOException {
        resetIndexesForRebuild();
        long fileBytes = channel().size();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long expectedMin = Math.max(minOffset, baseOffset);
        int position = 0;
        Optional<String> problem = Optional.empty();
        Optional<Long> nextOffset = Optional.empty();
        while (position < fileBytes) {
            long remaining = fileBytes - position;
            if (remaining < RecordBatchView.HEADER_BYTES) {
                problem = Optional.of("partial batch header of " + remaining + " bytes");
                break;
            }
            buffer = readCheckedBatch(buffer, position, remaining);
            Optional<String> bad = checkBatch(new RecordBatchView(buffer, 0), remaining, expectedMin);
            if (bad.isPresent()) {
                problem = bad;
                break;
            }
            RecordBatchView batch = new RecordBatchView(buffer, 0);
            if (position == 0) {
                rollingBaseTimestampMs = batch.maxTimestamp();
            }
            onBatch.accept(batch);
            indexBatch(batch.lastOffset(), batch.maxTimestamp(), position, batch.sizeInBytes());
            expectedMin = batch.lastOffset() + 1;
            nextOffset = Optional.of(expectedMin);
            position += batch.sizeInBytes();
        }
        if (problem.isPresent()) {
            channel().truncate(position);
        }
        sizeBytes = position;
        rollingBaseKnown = true;
        maxTimestampKnown = true;
        indexesChecked = true;
        return new RecoveryResult(position, fileBytes - position, problem, nextOffset);
    }

    /** Reads the batch at position into buffer (growing it), or only its header if its length is absurd. */
    private ByteBuffer readCheckedBatch(ByteBuffer buffer, int position, long remaining) throws IOException {
        buffer.clear().limit(RecordBatchView.HEADER_BYTES);
        readFully(buffer, position);
        int length = buffer.getInt(RecordBatchView.LENGTH_OFFSET);
        long size = (long) length + RecordBatchView.LOG_OVERHEAD;
        if (length < RecordBatchView.HEADER_BYTES - RecordBatchView.LOG_OVERHEAD || size > remaining) {
            return buffer;
        }
        ByteBuffer target = buffer.capacity() >= size ? buffer : ByteBuffer.allocate((int) size);
        target.clear().limit((int) size);
        readFully(target, position);
        return target;
    }

    private static Optional<String> checkBatch(RecordBatchView batch, long remaining, long expectedMinOffset) {
        int length = batch.batchLength();
        if (length < RecordBatchView.HEADER_BYTES - RecordBatchView.LOG_OVERHEAD || (long) length + RecordBatchView.LOG_OVERHEAD > remaining) {
            return Optional.of("batchLength " + length + " with " + remaining + " bytes left");
        }
        try {
            batch.validate();
        } catch (StorageException e) {
            return Optional.of(e.getMessage());
        }
        if (batch.baseOffset() < expectedMinOffset || batch.lastOffsetDelta() < 0) {
            return Optional.of("offsets " + batch.baseOffset() + ".." + batch.lastOffset() + " go backwards (expected >= " + expectedMinOffset + ")");
        }
        if (batch.lastOffset() - batch.baseOffset() > Integer.MAX_VALUE) {
            return Optional.of("lastOffsetDelta out of range");
        }
        return Optional.empty();
    }

    private void resetIndexesForRebuild() throws IOException {
        offsetIndex.load();
        timeIndex.load();
        offsetIndex.makeWritable(maxIndexBytes);
        timeIndex.makeWritable(maxIndexBytes);
        offsetIndex.reset();
        timeIndex.reset();
        bytesSinceLastIndexEntry = 0;
        maxTimestampSoFar = -1;
        offsetOfMaxTimestampSoFar = -1;
    }

    /** Maps the indexes on first use, rebuilding them from the log when they are inconsistent. */
    private void ensureIndexes() throws IOException {
        if (indexesChecked) {
            return;
        }
        synchronized (this) {
            if (indexesChecked) {
                return;
            }
            offsetIndex.load();
            timeIndex.load();
            if (!offsetIndex.isConsistent(sizeBytes) || !timeIndex.isConsistent()) {
                log.warn("{} index files of segment {} are inconsistent; rebuilding them from the log", logPrefix, baseOffset);
                rebuildIndexes();
            }
            if (!maxTimestampKnown) {
                TimestampAndOffset last = timeIndex.lastEntry();
                offsetOfMaxTimestampSoFar = last.timestampMs() >= 0 ? last.offset() : -1;
                maxTimestampSoFar = last.timestampMs();
                maxTimestampKnown = true;
            }
            indexesChecked = true;
        }
    }

    private void rebuildIndexes() throws IOException {
        resetIndexesForRebuild();
        int limit = sizeBytes;
        int position = 0;
        while (true) {
            Optional<RecordBatchView> header = readHeader(position, limit);
            if (header.isEmpty()) {
                break;
            }
            RecordBatchView batch = header.get();
            indexBatch(batch.lastOffset(), batch.maxTimestamp(), position, batch.sizeInBytes());
            position += batch.sizeInBytes();
        }
        timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar, true);
        offsetIndex.trimToValidSize();
        timeIndex.trimToValidSize();
        maxTimestampKnown = true;
    }

    /**
     * Removes the batch holding {@code offset} and everything after it; returns bytes removed.
     * The segment may then end below {@code offset} when the offset was inside a batch.
     */
    int truncateTo(long offset) throws IOException {
        Optional<BatchLocation> found = translateOffset(offset);
        if (found.isEmpty()) {
            return 0;
        }
        BatchLocation cut = found.get();
        int removed = sizeBytes - cut.position();
        offsetIndex.truncateTo(cut.baseOffset());
        timeIndex.truncateTo(cut.baseOffset());
        channel().truncate(cut.position());
        sizeBytes = cut.position();
        recomputeMaxTimestamp();
        bytesSinceLastIndexEntry = sizeBytes - offsetIndex.lastEntry().position();
        if (sizeBytes == 0) {
            rollingBaseTimestampMs = -1;
            rollingBaseKnown = true;
        }
        return removed;
    }

    private void recomputeMaxTimestamp() throws IOException {
        TimestampAndOffset last = timeIndex.lastEntry();
        maxTimestampSoFar = last.timestampMs();
        offsetOfMaxTimestampSoFar = last.timestampMs() >= 0 ? last.offset() : -1;
        int position = offsetIndex.lookup(last.offset()).position();
        while (true) {
            Optional<RecordBatchView> header = readHeader(position, sizeBytes);
            if (header.isEmpty()) {
                return;
            }
            RecordBatchView batch = header.get();
            if (batch.maxTimestamp() > maxTimestampSoFar) {
                maxTimestampSoFar = batch.maxTimestamp();
                offsetOfMaxTimestampSoFar = batch.lastOffset();
            }
            position += batch.sizeInBytes();
        }
    }

    /** The offset after the last batch, or the base offset when the segment is empty. */
    long readNextOffset() throws IOException {
        ensureIndexes();
        int limit = sizeBytes;
        int position = offsetIndex.lastEntry().position();
        long next = baseOffset;
        while (true) {
            Optional<RecordBatchView> header = readHeader(position, limit);
            if (header.isEmpty()) {
                return next;
            }
            next = header.get().lastOffset() + 1;
            position += header.get().sizeInBytes();
        }
    }

    /** Largest batch maxTimestamp in the segment, or the file's modification time when none. */
    long largestTimestamp() throws IOException {
        ensureMaxTimestamp();
        long max = maxTimestampSoFar;
        return max >= 0 ? max : Files.getLastModifiedTime(logFile).toMillis();
    }

    /** Largest batch maxTimestamp (-1 when none) and the last offset of its batch. */
    TimestampAndOffset maxTimestampAndOffset() throws IOException {
        ensureMaxTimestamp();
        return new TimestampAndOffset(maxTimestampSoFar, offsetOfMaxTimestampSoFar, OptionalInt.empty());
    }

    /** Reads only the last time index entry (no mapping) when the indexes are not loaded yet. */
    private void ensureMaxTimestamp() throws IOException {
        if (maxTimestampKnown) {
            return;
        }
        Path file = timeIndex.file();
        long length = Files.exists(file) ? Files.size(file) : 0;
        if (length >= TimeIndex.ENTRY_BYTES && length % TimeIndex.ENTRY_BYTES == 0) {
            ByteBuffer entry = ByteBuffer.allocate(TimeIndex.ENTRY_BYTES);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                while (entry.hasRemaining() && ch.read(entry, length - TimeIndex.ENTRY_BYTES + entry.position()) >= 0) {
                    // keep reading until the entry is complete
                }
            }
            long timestamp = entry.getLong(0);
            int relative = entry.getInt(8);
            if (timestamp >= 0 && relative >= 0) {
                synchronized (this) {
                    if (!maxTimestampKnown) {
                        maxTimestampSoFar = timestamp;
                        offsetOfMaxTimestampSoFar = baseOffset + relative;
                        maxTimestampKnown = true;
                    }
                }
                return;
            }
        }
        ensureIndexes();
    }

    /** First record at or after {@code startingOffset} whose timestamp is at least {@code targetMs}. */
    Optional<TimestampAndOffset> findOffsetByTimestamp(long targetMs, long startingOffset) throws IOException {
        ensureIndexes();
        TimestampAndOffset entry = timeIndex.lookup(targetMs);
        int position = offsetIndex.lookup(Math.max(entry.offset(), startingOffset)).position();
        int limit = sizeBytes;
        while (true) {
            Optional<RecordBatchView> header = readHeader(position, limit);
            if (header.isEmpty()) {
                return Optional.empty();
            }
            RecordBatchView batch = header.get();
            if (batch.maxTimestamp() >= targetMs && batch.lastOffset() >= startingOffset) {
                BatchLocation location = new BatchLocation(batch.baseOffset(), batch.lastOffset(), position, batch.sizeInBytes());
                RecordBatchView full = new RecordBatchView(readBatch(location), 0);
                return Optional.of(BatchRecords.firstRecordMatching(full, ts -> ts >= targetMs, startingOffset));
            }
            position += batch.sizeInBytes();
        }
    }

    /** Writes the final time index entry and trims both indexes: the segment takes no more appends. */
    void onBecomeInactive() throws IOException {
        ensureIndexes();
        timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar, true);
        offsetIndex.trimToValidSize();
        timeIndex.trimToValidSize();
    }

    /** fsyncs the log data and the index mappings. */
    void flush() throws IOException {
        FileChannel current = channel;
        if (current != null && current.isOpen()) {
            current.force(false);
        }
        offsetIndex.flush();
        timeIndex.flush();
    }

    /** Takes a reference for a reader; false when the segment is already closed. */
    boolean tryRetain() {
        while (true) {
            int count = refCount.get();
            if (count <= 0) {
                return false;
            }
            if (refCount.compareAndSet(count, count + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one closes the channel and the index mappings. */
    void release() {
        if (refCount.decrementAndGet() == 0) {
            closeFiles();
        }
    }

    int references() {
        return refCount.get();
    }

    private synchronized void closeFiles() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            log.warn("{} closing segment {} failed: {}", logPrefix, baseOffset, e.toString());
        }
        offsetIndex.close();
        timeIndex.close();
    }

    /** Renames the files to {@code *.deleted}; open slices keep reading through their channel. */
    void renameToDeleted(long nowMs) throws IOException {
        Path deleted = logFile.resolveSibling(logFile.getFileName() + DELETED_SUFFIX);
        Files.move(logFile, deleted, StandardCopyOption.REPLACE_EXISTING);
        logFile = deleted;
        offsetIndex.renameTo(offsetIndex.file().resolveSibling(offsetIndex.file().getFileName() + DELETED_SUFFIX));
        timeIndex.renameTo(timeIndex.file().resolveSibling(timeIndex.file().getFileName() + DELETED_SUFFIX));
        deletedAtMs = nowMs;
    }

    /**
     * Removes the renamed files once no reference is left and {@code delayMs} has passed since the
     * rename; returns whether they are gone.
     */
    boolean deleteFilesIfUnused(long nowMs, long delayMs) throws IOException {
        if (refCount.get() > 0 || deletedAtMs < 0 || nowMs - deletedAtMs < delayMs) {
            return false;
        }
        Files.deleteIfExists(logFile);
        offsetIndex.deleteIfExists();
        timeIndex.deleteIfExists();
        return true;
    }

    @Override
    public String toString() {
        return "LogSegment(base=" + baseOffset + ", size=" + sizeBytes + ")";
    }
}

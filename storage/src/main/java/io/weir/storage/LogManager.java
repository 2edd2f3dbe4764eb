package io.weir.storage;

import io.weir.storage.cleaner.CleanResult;
import io.weir.storage.cleaner.CleanerConfig;
import io.weir.storage.cleaner.CleanerStats;
import io.weir.storage.cleaner.LogCleaner;
import io.weir.storage.errors.KafkaStorageException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every partition log in the configured log directories ({@code log.dirs}). Each partition is a
 * directory {@code <topic>-<partition>} in one log directory; new partitions go to the directory
 * holding the fewest. Per log directory, in Kafka's checkpoint format (line {@code 0}, a count line,
 * then {@code <topic> <partition> <offset>} lines), written atomically:
 * {@code recovery-point-offset-checkpoint}, {@code log-start-offset-checkpoint} and
 * {@code replication-offset-checkpoint} (high watermarks), and {@code cleaner-offset-checkpoint}
 * (the log cleaner's first dirty offset per compacted partition). A {@code .kafka_cleanshutdown} marker
 * written at shutdown lets the next start skip recovery scans; it is removed at startup.
 * Directories of deleted partitions are renamed to {@code <name>.<id>-delete} and removed; those of
 * stray logs (partitions the metadata no longer gives this node) to {@code <name>.<id>-stray}, as in
 * Kafka; a directory with either suffix found at startup is removed then.
 *
 * <p>The manager owns no thread: {@link #startup()} schedules retention, flush-by-time,
 * checkpoint writing and producer id expiration on the injected scheduler, plus
 * {@code log.cleaner.threads} log cleaner tasks (every {@code log.cleaner.backoff.ms}, each
 * cleaning at most the one most urgent compacted log per run) when {@code log.cleaner.enable};
 * every task catches and logs its own failures.
 *
 * <p>Thread-safety: all methods may be called from any thread; creation and deletion of logs are
 * serialised on the manager.
 */
public final class LogManager {
    public static final String RECOVERY_POINT_CHECKPOINT = "recovery-point-offset-checkpoint";
    public static final String LOG_START_OFFSET_CHECKPOINT = "log-start-offset-checkpoint";
    public static final String HIGH_WATERMARK_CHECKPOINT = "replication-offset-checkpoint";
    /** Per log directory: each compacted partition's first dirty offset. */
    public static final String CLEANER_OFFSET_CHECKPOINT = "cleaner-offset-checkpoint";
    public static final String CLEAN_SHUTDOWN_FILE = ".kafka_cleanshutdown";
    /** The folder of the cluster metadata, in the first log directory; not a partition of a topic. */
    public static final String METADATA_DIR = "__cluster_metadata-0";
    private static final String DELETE_DIR_SUFFIX = "-delete";
    private static final String STRAY_DIR_SUFFIX = "-stray";
    private static final Logger log = LoggerFactory.getLogger(LogManager.class);

    /** {@code producer.id.expiration.ms}: Kafka's default, one day. */
    public static final long DEFAULT_PRODUCER_ID_EXPIRATION_MS = 86_400_000L;

    /**
     * How often the periodic tasks run: {@code log.retention.check.interval.ms} (Kafka's default
     * 300000), the flush-by-time check ({@code log.flush.scheduler.interval.ms}),
     * {@code log.flush.offset.checkpoint.interval.ms} (60000) and
     * {@code producer.id.expiration.check.interval.ms} (600000).
     */
    public record Intervals(long retentionCheckIntervalMs, long flushCheckIntervalMs, long checkpointIntervalMs,
            long producerIdExpirationCheckIntervalMs) {
        /** With Kafka's default producer id expiration check interval. */
        public Intervals(long retentionCheckIntervalMs, long flushCheckIntervalMs, long checkpointIntervalMs) {
            this(retentionCheckIntervalMs, flushCheckIntervalMs, checkpointIntervalMs, 600_000);
        }

        public static Intervals defaults() {
            return new Intervals(300_000, 1_000, 60_000, 600_000);
        }
    }

    private final List<Path> logDirs;
    private final LogConfig defaults;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Intervals intervals;
    private final long producerIdExpirationMs;
    private final LogCleaner cleaner;
    private final Map<TopicPartitionKey, PartitionLog> logs = new ConcurrentHashMap<>();
    /** Topic ids of logs, from their partition.metadata files ("" for a log without one), read once. */
    private final Map<TopicPartitionKey, String> topicIds = new ConcurrentHashMap<>();
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private boolean started;

    public LogManager(List<Path> logDirs, LogConfig defaults, Clock clock, ScheduledExecutorService scheduler) {
        this(logDirs, defaults, clock, scheduler, Intervals.defaults());
    }

    public LogManager(List<Path> logDirs, LogConfig defaults, Clock clock, ScheduledExecutorService scheduler,
            Intervals intervals) {
        this(logDirs, defaults, clock, scheduler, intervals, DEFAULT_PRODUCER_ID_EXPIRATION_MS);
    }

    /**
     * @param producerIdExpirationMs {@code producer.id.expiration.ms}: how long a producer with no
     *     open transaction is remembered after its last write (checked at load and periodically)
     */
    public LogManager(List<Path> logDirs, LogConfig defaults, Clock clock, ScheduledExecutorService scheduler,
            Intervals intervals, long producerIdExpirationMs) {
        this(logDirs, defaults, clock, scheduler, intervals, producerIdExpirationMs, CleanerConfig.defaults());
    }

    /** @param cleanerConfig the {@code log.cleaner.*} settings */
    public LogManager(List<Path> logDirs, LogConfig defaults, Clock clock, ScheduledExecutorService scheduler,
            Intervals intervals, long producerIdExpirationMs, CleanerConfig cleanerConfig) {
        if (producerIdExpirationMs < 1) {
            throw new IllegalArgumentException("producer.id.expiration.ms must be at least 1: " + producerIdExpirationMs);
        }
        if (logDirs.isEmpty()) {
            throw new IllegalArgumentException("at least one log directory is needed");
        }
        this.logDirs = List.copyOf(logDirs);
        this.defaults = defaults;
        this.clock = clock;
        this.scheduler = scheduler;
        this.intervals = intervals;
        this.producerIdExpirationMs = producerIdExpirationMs;
        this.cleaner = new LogCleaner(cleanerConfig, clock);
    }

    /** Loads every partition directory found (with the default config) and schedules the periodic tasks. */
    public synchronized void startup() {
        if (started) {
            return;
        }
        try {
            for (Path logDir : logDirs) {
                loadLogDir(logDir);
            }
        } catch (IOException e) {
            throw new KafkaStorageException("loading log directories failed", e);
        }
        schedule(this::runRetention, intervals.retentionCheckIntervalMs(), "retention");
        schedule(this::flushDirtyLogs, intervals.flushCheckIntervalMs(), "flush");
        schedule(this::checkpointAll, intervals.checkpointIntervalMs(), "checkpoint");
        schedule(this::removeExpiredProducers, intervals.producerIdExpirationCheckIntervalMs(), "producer-expiration");
        if (cleaner.config().enabled()) {
            for (int i = 0; i < cleaner.config().threads(); i++) {
                schedule(this::runCleaner, cleaner.config().backoffMs(), "log-cleaner");
            }
        }
        started = true;
        log.info("[log manager] started with {} log(s) in {}", logs.size(), logDirs);
    }

    private void loadLogDir(Path logDir) throws IOException {
        Files.createDirectories(logDir);
        Path marker = logDir.resolve(CLEAN_SHUTDOWN_FILE);
        boolean clean = Files.exists(marker);
        Map<TopicPartitionKey, Long> recoveryPoints = readOffsets(logDir.resolve(RECOVERY_POINT_CHECKPOINT));
        Map<TopicPartitionKey, Long> startOffsets = readOffsets(logDir.resolve(LOG_START_OFFSET_CHECKPOINT));
        Map<TopicPartitionKey, Long> highWatermarks = readOffsets(logDir.resolve(HIGH_WATERMARK_CHECKPOINT));
        cleaner.loadCheckpoints(readOffsets(logDir.resolve(CLEANER_OFFSET_CHECKPOINT)));
        List<Path> partitionDirs = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(logDir, Files::isDirectory)) {
            children.forEach(partitionDirs::add);
        }
        for (Path partitionDir : partitionDirs) {
            String name = partitionDir.getFileName().toString();
            if (name.equals(METADATA_DIR)) {
                continue;
            }
            if (name.endsWith(DELETE_DIR_SUFFIX) || name.endsWith(STRAY_DIR_SUFFIX)) {
                deleteRecursively(partitionDir);
                continue;
            }
            Optional<TopicPartitionKey> key = TopicPartitionKey.fromDirName(name);
            if (key.isEmpty()) {
                log.warn("[log manager] ignoring directory {} in {}: not <topic>-<partition>", name, logDir);
                continue;
            }
            if (logs.containsKey(key.get())) {
                throw new KafkaStorageException("partition " + key.get() + " exists in two log directories");
            }
            long recoveryPoint = clean ? PartitionLog.CLEAN_SHUTDOWN_RECOVERY_POINT : recoveryPoints.getOrDefault(key.get(), 0L);
            PartitionLog partitionLog = PartitionLog.open(partitionDir, defaults, clock, recoveryPoint,
                    startOffsets.getOrDefault(key.get(), 0L));
            Long highWatermark = highWatermarks.get(key.get());
            if (highWatermark != null) {
                partitionLog.updateHighWatermark(highWatermark);
            }
            partitionLog.removeExpiredProducers(producerIdExpirationMs);
            logs.put(key.get(), partitionLog);
        }
        Files.deleteIfExists(marker);
    }

    private static Map<TopicPartitionKey, Long> readOffsets(Path file) {
        Map<TopicPartitionKey, Long> offsets = new HashMap<>();
        try {
            CheckpointFile.read(file).ifPresent(entries -> {
                for (String[] entry : entries) {
                    offsets.put(new TopicPartitionKey(entry[0], Integer.parseInt(entry[1])), Long.parseLong(entry[2]));
                }
            });
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            log.warn("[log manager] ignoring malformed checkpoint {}: {}", file, e.getMessage());
            offsets.clear();
        }
        return offsets;
    }

    private void schedule(Runnable task, long intervalMs, String name) {
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("[log manager] periodic {} task failed", name, e);
            }
        };
        tasks.add(scheduler.scheduleWithFixedDelay(guarded, intervalMs, intervalMs, TimeUnit.MILLISECONDS));
    }

    /** The log of a partition, created (empty, in the least-loaded log directory) if absent. */
    public PartitionLog getOrCreateLog(String topic, int partition, LogConfig config) {
        TopicPartitionKey key = new TopicPartitionKey(topic, partition);
        PartitionLog existing = logs.get(key);
        if (existing != null) {
            if (!existing.config().equals(config)) {
                existing.updateConfig(config);
            }
            return existing;
        }
        synchronized (this) {
            return logs.computeIfAbsent(key, k -> {
                Path dir = leastLoadedLogDir().resolve(k.dirName());
                log.info("[log manager] creating log {} in {}", k, dir.getParent());
                return PartitionLog.open(dir, config, clock, 0, 0);
            });
        }
    }

    /**
     * The log of a partition of the topic with id {@code topicId}, created if absent. A log found
     * under that name that belongs to another topic id (its topic was deleted and created again while
     * this node did not see it) is deleted first: it holds another topic's records. A log without an
     * id (from before ids were recorded) takes this one.
     */
    public synchronized PartitionLog getOrCreateLog(String topic, int partition, String topicId, LogConfig config) {
        TopicPartitionKey key = new TopicPartitionKey(topic, partition);
        PartitionLog existing = logs.get(key);
        if (existing != null) {
            String known = topicId(topic, partition).orElse("");
            if (known.equals(topicId)) {
                return getOrCreateLog(topic, partition, config);
            }
            if (!known.isEmpty()) {
                log.warn("[log manager] log {} belongs to an earlier topic of that name (id {}, now {}): deleting it", key, known,
                        topicId);
                deleteLog(topic, partition);
            }
        }
        PartitionLog partitionLog = getOrCreateLog(topic, partition, config);
        PartitionMetadataFile.writeTopicId(partitionLog.dir(), topicId);
        topicIds.put(key, topicId);
        return partitionLog;
    }

    /** {@link #getOrCreateLog(String, int, LogConfig)} with the default config. */
    public PartitionLog getOrCreateLog(String topic, int partition) {
        return getOrCreateLog(topic, partition, defaults);
    }

    private Path leastLoadedLogDir() {
        Map<Path, Integer> counts = new HashMap<>();
        logDirs.forEach(dir -> counts.put(dir, 0));
        for (PartitionLog partitionLog : logs.values()) {
            counts.merge(partitionLog.dir().getParent(), 1, Integer::sum);
        }
        return logDirs.stream().min(Comparator.comparingInt(counts::get)).orElseThrow();
    }

    public Optional<PartitionLog> getLog(String topic, int partition) {
        return Optional.ofNullable(logs.get(new TopicPartitionKey(topic, partition)));
    }

    /** DeleteTopics: closes the log and removes its directory. Returns whether it existed. */
    public synchronized boolean deleteLog(String topic, int partition) {
        return removeLog(new TopicPartitionKey(topic, partition), DELETE_DIR_SUFFIX);
    }

    /**
     * Removes a stray log (its topic is gone from the metadata, or its partition no longer lists
     * this node): closes it, renames its directory to {@code <name>.<id>-stray} and removes that.
     * Returns whether it existed.
     */
    public synchronized boolean deleteStrayLog(String topic, int partition) {
        return removeLog(new TopicPartitionKey(topic, partition), STRAY_DIR_SUFFIX);
    }

    /**
     * The topic id recorded in the log's {@code partition.metadata}; empty when there is no such
     * log or it has no id (a log from before ids were recorded).
     */
    public Optional<String> topicId(String topic, int partition) {
        TopicPartitionKey key = new TopicPartitionKey(topic, partition);
        PartitionLog existing = logs.get(key);
        if (existing == null) {
            return Optional.empty();
        }
        String known = topicIds.computeIfAbsent(key, k -> PartitionMetadataFile.readTopicId(existing.dir()).orElse(""));
        return known.isEmpty() ? Optional.empty() : Optional.of(known);
    }

    private boolean removeLog(TopicPartitionKey key, String suffix) {
        topicIds.remove(key);
        PartitionLog removed = logs.remove(key);
        if (removed == null) {
            return false;
        }
        removed.close();
        cleaner.forget(key);
        Path dir = removed.dir();
        Path renamed = dir.resolveSibling(dir.getFileName() + "." + UUID.randomUUID().toString().replace("-", "") + suffix);
        try {
            Files.move(dir, renamed);
            deleteRecursively(renamed);
        } catch (IOException e) {
            log.warn("[log manager] could not remove {} now; it is removed at the next startup: {}", dir, e.toString());
        }
        checkpointAll();
        return true;
    }

    public Collection<PartitionLog> allLogs() {
        return List.copyOf(logs.values());
    }

    public Map<TopicPartitionKey, PartitionLog> logsByPartition() {
        return Map.copyOf(logs);
    }

    /** Periodic tasks currently scheduled (4 plus the cleaner threads after startup, 0 after shutdown). */
    public synchronized int scheduledTaskCount() {
        return tasks.size();
    }

    public List<Path> logDirs() {
        return logDirs;
    }

    /** Runs retention on every log now; returns segments deleted. */
    public int runRetention() {
        int deleted = 0;
        for (PartitionLog partitionLog : logs.values()) {
            if (!partitionLog.isClosed()) {
                deleted += partitionLog.deleteRetentionSegments();
            }
        }
        return deleted;
    }

    /**
     * Cleans the most urgent compacted log that needs it (dirty ratio at least
     * {@code min.cleanable.dirty.ratio}, or a compaction-lag or tombstone deadline passed) and
     * that no other cleaner task is cleaning. Returns the pass's result, empty when no log needed it.
     */
    public Optional<CleanResult> runCleaner() {
        Map<TopicPartitionKey, PartitionLog> open = new HashMap<>();
        logs.forEach((key, partitionLog) -> {
            if (!partitionLog.isClosed()) {
                open.put(key, partitionLog);
            }
        });
        return cleaner.cleanDirtiest(open);
    }

    /** Runs one cleaning pass over a compacted log now, whatever its dirty ratio. */
    public Optional<CleanResult> cleanNow(String topic, int partition) {
        TopicPartitionKey key = new TopicPartitionKey(topic, partition);
        return Optional.ofNullable(logs.get(key)).flatMap(partitionLog -> cleaner.clean(key, partitionLog));
    }

    /** The cleaner's view of a partition (dirty ratio, last clean time), if the log exists. */
    public Optional<CleanerStats> cleanerStats(String topic, int partition) {
        TopicPartitionKey key = new TopicPartitionKey(topic, partition);
        return Optional.ofNullable(logs.get(key)).map(partitionLog -> cleaner.stats(key, partitionLog));
    }

    /** Drops idle producers ({@code producer.id.expiration.ms}) from every log; returns how many. */
    public int removeExpiredProducers() {
        int removed = 0;
        for (PartitionLog partitionLog : logs.values()) {
            if (!partitionLog.isClosed()) {
                removed += partitionLog.removeExpiredProducers(producerIdExpirationMs);
            }
        }
        return removed;
    }

    /**
     * Flushes every log whose {@code flush.ms} has passed, and fsyncs the producer-state snapshots
     * that segment rolls wrote without fsync.
     */
    public void flushDirtyLogs() {
        for (PartitionLog partitionLog : logs.values()) {
            if (!partitionLog.isClosed()) {
                partitionLog.maybeFlushByTime();
                partitionLog.fsyncProducerSnapshots();
            }
        }
    }

    /** Writes the recovery point, log start offset and high watermark checkpoints of every log dir. */
    public synchronized void checkpointAll() {
        for (Path logDir : logDirs) {
            List<String> recovery = new ArrayList<>();
            List<String> start = new ArrayList<>();
            List<String> highWatermarks = new ArrayList<>();
            List<String> firstDirty = new ArrayList<>();
            Map<TopicPartitionKey, Long> dirtyOffsets = cleaner.firstDirtyOffsets();
            logs.forEach((key, partitionLog) -> {
                if (partitionLog.dir().getParent().equals(logDir)) {
                    String prefix = key.topic() + " " + key.partition() + " ";
                    recovery.add(prefix + partitionLog.recoveryPoint());
                    start.add(prefix + partitionLog.logStartOffset());
                    highWatermarks.add(prefix + partitionLog.highWatermark());
                    Long dirty = dirtyOffsets.get(key);
                    if (dirty != null) {
                        firstDirty.add(prefix + dirty);
                    }
                }
            });
            CheckpointFile.write(logDir.resolve(RECOVERY_POINT_CHECKPOINT), recovery);
            CheckpointFile.write(logDir.resolve(LOG_START_OFFSET_CHECKPOINT), start);
            CheckpointFile.write(logDir.resolve(HIGH_WATERMARK_CHECKPOINT), highWatermarks);
            CheckpointFile.write(logDir.resolve(CLEANER_OFFSET_CHECKPOINT), firstDirty);
        }
    }

    /** Stops the periodic tasks, flushes every log, writes checkpoints and the clean-shutdown markers. */
    public synchronized void shutdown() {
        tasks.forEach(task -> task.cancel(false));
        tasks.clear();
        for (PartitionLog partitionLog : logs.values()) {
            partitionLog.flush();
        }
        checkpointAll();
        for (PartitionLog partitionLog : logs.values()) {
            partitionLog.close();
        }
        try {
            for (Path logDir : logDirs) {
                Files.write(logDir.resolve(CLEAN_SHUTDOWN_FILE), new byte[0]);
                CheckpointFile.fsyncDirectory(logDir);
            }
        } catch (IOException e) {
            throw new KafkaStorageException("writing the clean-shutdown marker failed", e);
        }
        started = false;
        log.info("[log manager] shut down cleanly");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}

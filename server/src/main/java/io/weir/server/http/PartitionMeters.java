package io.weir.server.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.weir.storage.LogManager;
import io.weir.storage.PartitionLog;
import io.weir.storage.TopicPartitionKey;
import io.weir.storage.cleaner.CleanerStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.ToDoubleFunction;

/**
 * The per-partition gauges: log size, log start and end offsets, high watermark and segment
 * count for every open log, and for a compacted log the cleaner's dirty ratio, dirty bytes and
 * the time its last cleaning pass finished. Partitions come and go, so {@link #refresh()} (called
 * before each scrape) registers gauges for new logs and removes those of logs that are gone or
 * were replaced; the gauges read the log when scraped.
 *
 * <p>Thread-safety: {@link #refresh()} is synchronized; the gauges read thread-safe log state.
 */
final class PartitionMeters {
    private final MeterRegistry registry;
    private final LogManager logManager;
    private final Map<TopicPartitionKey, Registered> registered = new HashMap<>();

    /** The meters of one log, and what they were registered for. */
    private record Registered(PartitionLog log, boolean compacted, List<Meter> meters) {}

    PartitionMeters(MeterRegistry registry, LogManager logManager) {
        this.registry = registry;
        this.logManager = logManager;
    }

    /** Brings the registered gauges in line with the open logs. */
    synchronized void refresh() {
        Map<TopicPartitionKey, PartitionLog> open = new HashMap<>(logManager.logsByPartition());
        open.values().removeIf(PartitionLog::isClosed);
        registered.entrySet().removeIf(entry -> {
            PartitionLog current = open.get(entry.getKey());
            boolean stale = current != entry.getValue().log()
                    || current.config().cleanupPolicy().compact() != entry.getValue().compacted();
            if (stale) {
                entry.getValue().meters().forEach(registry::remove);
            }
            return stale;
        });
        open.forEach((key, log) -> registered.computeIfAbsent(key, k -> register(k, log)));
    }

    private Registered register(TopicPartitionKey key, PartitionLog log) {
        Tags tags = Tags.of("topic", key.topic(), "partition", Integer.toString(key.partition()));
        List<Meter> meters = new ArrayList<>();
        meters.add(gauge("weir.log.size", "Bytes of all segment files of the partition", tags, log, l -> l.size(), "bytes"));
        meters.add(gauge("weir.log.start.offset", "The partition's log start offset", tags, log, l -> l.logStartOffset(), null));
        meters.add(gauge("weir.log.end.offset", "The partition's log end offset", tags, log, l -> l.logEndOffset(), null));
        meters.add(gauge("weir.log.high.watermark", "The partition's high watermark", tags, log, l -> l.highWatermark(), null));
        meters.add(gauge("weir.log.segments", "Segments of the partition", tags, log, l -> l.numberOfSegments(), null));
        boolean compacted = log.config().cleanupPolicy().compact();
        if (compacted) {
            meters.add(gauge("weir.log.cleaner.dirty.ratio", "Dirty bytes over cleanable bytes of a compacted partition",
                    tags, key, k -> stat(k, CleanerStats::dirtyRatio), null));
            meters.add(gauge("weir.log.cleaner.dirty", "Cleanable bytes above the cleaner's first dirty offset",
                    tags, key, k -> stat(k, CleanerStats::dirtyBytes), "bytes"));
            meters.add(gauge("weir.log.cleaner.last.clean.timestamp",
                    "When the last cleaning pass of the partition finished, in seconds since the epoch; NaN if none since startup",
                    tags, key, k -> stat(k, PartitionMeters::lastCleanSeconds), "seconds"));
        }
        return new Registered(log, compacted, meters);
    }

    /** A value of the cleaner's view of the partition; NaN once its log is gone. */
    private double stat(TopicPartitionKey key, ToDoubleFunction<CleanerStats> value) {
        return logManager.cleanerStats(key.topic(), key.partition()).map(value::applyAsDouble).orElse(Double.NaN);
    }

    private static double lastCleanSeconds(CleanerStats stats) {
        OptionalLong lastCleanTimeMs = stats.lastCleanTimeMs();
        return lastCleanTimeMs.isPresent() ? lastCleanTimeMs.getAsLong() / 1000.0 : Double.NaN;
    }

    private <T> Gauge gauge(String name, String description, Tags tags, T target, ToDoubleFunction<T> value, String baseUnit) {
        return Gauge.builder(name, target, value)
                .description(description)
                .tags(tags)
                .baseUnit(baseUnit)
                .strongReference(true)
                .register(registry);
    }
}

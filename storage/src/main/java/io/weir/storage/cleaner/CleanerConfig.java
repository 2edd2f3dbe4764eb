package io.weir.storage.cleaner;

/**
 * The broker-wide log cleaner settings, named after Kafka's. Thread-safety: immutable.
 *
 * @param enabled {@code log.cleaner.enable}: whether compacted logs are cleaned at all
 * @param threads {@code log.cleaner.threads}: how many logs may be cleaned at the same time (each
 *     a task on the injected scheduler)
 * @param dedupeBufferBytes {@code log.cleaner.dedupe.buffer.size}: memory for the key-to-offset
 *     maps, shared by all threads (each gets its share; 24 bytes per key)
 * @param ioMaxBytesPerSecond {@code log.cleaner.io.max.bytes.per.second}: read plus write rate
 *     limit of each cleaner thread
 * @param backoffMs {@code log.cleaner.backoff.ms}: how often each thread looks for a log to clean
 */
public record CleanerConfig(boolean enabled, int threads, long dedupeBufferBytes, double ioMaxBytesPerSecond,
        long backoffMs) {

    /** Validates ranges; throws IllegalArgumentException naming the offending setting. */
    public CleanerConfig {
        if (threads < 0) {
            throw new IllegalArgumentException("invalid log.cleaner.threads: " + threads);
        }
        if (dedupeBufferBytes < OffsetMap.ENTRY_BYTES * 2L) {
            throw new IllegalArgumentException("invalid log.cleaner.dedupe.buffer.size: " + dedupeBufferBytes);
        }
        if (!(ioMaxBytesPerSecond > 0)) {
            throw new IllegalArgumentException("invalid log.cleaner.io.max.bytes.per.second: " + ioMaxBytesPerSecond);
        }
        if (backoffMs < 1) {
            throw new IllegalArgumentException("invalid log.cleaner.backoff.ms: " + backoffMs);
        }
    }

    /** Kafka's defaults: enabled, one thread, 128 MiB, no rate limit, 15 s. */
    public static CleanerConfig defaults() {
        return new CleanerConfig(true, 1, 128L * 1024 * 1024, Double.MAX_VALUE, 15_000);
    }

    /** The map memory each thread may use. */
    long dedupeBufferBytesPerThread() {
        return dedupeBufferBytes / Math.max(1, threads);
    }

    public CleanerConfig withDedupeBufferBytes(long value) {
        return new CleanerConfig(enabled, threads, value, ioMaxBytesPerSecond, backoffMs);
    }

    public CleanerConfig withIoMaxBytesPerSecond(double value) {
        return new CleanerConfig(enabled, threads, dedupeBufferBytes, value, backoffMs);
    }

    public CleanerConfig withEnabled(boolean value) {
        return new CleanerConfig(value, threads, dedupeBufferBytes, ioMaxBytesPerSecond, backoffMs);
    }
}

package io.weir.storage.cleaner;

import java.util.function.LongSupplier;

/**
 * A simple rate limiter for the cleaner's I/O ({@code log.cleaner.io.max.bytes.per.second}):
 * callers report bytes read or written; when the bytes since the window began would take longer
 * than the elapsed time at the allowed rate, it sleeps the difference. The window restarts every
 * second so an idle period does not buy a burst. Thread-safety: one per cleaner thread.
 */
final class Throttler {
    private static final long WINDOW_NS = 1_000_000_000L;

    /** Sleeps; replaced in tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleepNs(long nanos) throws InterruptedException;
    }

    private final double bytesPerSecond;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private long windowStartNs;
    private long windowBytes;

    Throttler(double bytesPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
        this.bytesPerSecond = bytesPerSecond;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        this.windowStartNs = nanoClock.getAsLong();
    }

    /** A throttler that sleeps with {@link Thread#sleep}. */
    static Throttler sleeping(double bytesPerSecond) {
        return new Throttler(bytesPerSecond, System::nanoTime,
                nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    /** Accounts {@code bytes}; sleeps when over the rate. */
    void maybeThrottle(long bytes) {
        if (bytesPerSecond == Double.MAX_VALUE) {
            return;
        }
        windowBytes += bytes;
        long now = nanoClock.getAsLong();
        long elapsedNs = now - windowStartNs;
        long neededNs = (long) (windowBytes / bytesPerSecond * 1e9);
        if (neededNs > elapsedNs) {
            try {
                sleeper.sleepNs(neededNs - elapsedNs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            now = nanoClock.getAsLong();
            elapsedNs = now - windowStartNs;
        }
        if (elapsedNs >= WINDOW_NS) {
            windowStartNs = now;
            windowBytes = 0;
        }
    }
}
